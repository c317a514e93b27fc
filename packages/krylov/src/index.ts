/**
 * @hessian-free/krylov: Krylov solvers that only ever see a linear operator's
 * `apply`. One folder per method: `cg/` (CG and PCG with trust region,
 * negative curvature, Martens' stop and saved iterates), `minres/`,
 * `lanczos/`, and `preconditioners/`; what the solvers share (status, stats,
 * setup, workspace, argument checks) sits beside them.
 *
 * @packageDocumentation
 */
export type { SolverStatus } from './solver-status.js';
export type { SolverIterationInfo, SolverOptions, SolverStats } from './solver-types.js';
export type { SolverWorkspace } from './solver-workspace.js';

export { cg } from './cg/cg.js';
export type { CgIterationInfo, CgOptions, CgResult, CgStats, CgStopRule, IterateSchedule, SavedIterate } from './cg/types.js';
export { martensStop } from './cg/martens-stop.js';
export type { MartensStopOptions } from './cg/martens-stop.js';
export { cgWorkspace } from './cg/workspace.js';
export { loadKernels } from './cg/engine.js';
export type { CgKernels } from './cg/engine.js';
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
