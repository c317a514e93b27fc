export type { SolverStatus } from './status.js';

export { cg } from './cg.js';
export type { CgIterationInfo, CgOptions, CgResult, CgStats, CgStopRule, SavedIterate } from './cg-types.js';
export { martensStop } from './stopping.js';
export type { MartensStopOptions } from './stopping.js';
export type { IterateSchedule } from './schedule.js';
export { cgWorkspace } from './workspace.js';
export type { CgWorkspace } from './workspace.js';
export { jacobi } from './preconditioners/jacobi.js';
export type { JacobiPreconditioner } from './preconditioners/jacobi.js';
export { ic0 } from './preconditioners/ic0.js';
export type { Ic0Preconditioner } from './preconditioners/ic0.js';
export { minres } from './minres.js';
export type { MinresIterationInfo, MinresOptions, MinresResult, MinresStats } from './minres-types.js';
export { minresWorkspace } from './minres-workspace.js';
export type { MinresWorkspace } from './minres-workspace.js';
export { lanczos } from './lanczos.js';
export type { LanczosOptions, LanczosResult, LanczosStatus } from './lanczos.js';
