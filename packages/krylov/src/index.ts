export type { SolverStatus } from './solver-status.js';

export { cg } from './cg/cg.js';
export type { CgIterationInfo, CgOptions, CgResult, CgStats, CgStopRule, SavedIterate } from './cg/types.js';
export { martensStop } from './cg/martens-stop.js';
export type { MartensStopOptions } from './cg/martens-stop.js';
export type { IterateSchedule } from './cg/saved-iterates.js';
export { cgWorkspace } from './cg/workspace.js';
export type { CgWorkspace } from './cg/workspace.js';
export { jacobi } from './preconditioners/jacobi.js';
export type { JacobiPreconditioner } from './preconditioners/jacobi.js';
export { ic0 } from './preconditioners/ic0.js';
export type { Ic0Preconditioner } from './preconditioners/ic0.js';
export { minres } from './minres/minres.js';
export type { MinresIterationInfo, MinresOptions, MinresResult, MinresStats } from './minres/types.js';
export { minresWorkspace } from './minres/workspace.js';
export type { MinresWorkspace } from './minres/workspace.js';
export { lanczos } from './lanczos/lanczos.js';
export type { LanczosOptions, LanczosResult, LanczosStatus } from './lanczos/lanczos.js';
