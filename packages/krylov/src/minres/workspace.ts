import type { Vector } from '@hessian-free/linop';
import { SolverWorkspace, workspacePrecision } from '../solver-workspace.js';
import type { WorkspaceKind } from '../solver-workspace.js';

/**
 * The work vectors of one MINRES solve, kept by the caller to reuse across
 * repeated solves of the same size and precision (made by `minresWorkspace`).
 * A workspace serves one solve at a time. The solution is never stored here,
 * so results of earlier solves stay valid.
 */
export class MinresWorkspace extends SolverWorkspace {
  /** The normalized Lanczos vector v_k. */
  readonly v: Vector = this.newVector();
  /** (A - shift I) v_k, and scratch for the true residual at exit. */
  readonly y: Vector = this.newVector();
  /** The older of the two latest unnormalized Lanczos vectors (beta_k M^{-1} v_k). */
  readonly r1: Vector = this.newVector();
  /** The newer of the two latest unnormalized Lanczos vectors. */
  readonly r2: Vector = this.newVector();
  /** M r2 (unused without a preconditioner). */
  readonly z: Vector = this.newVector();
  /** The older of the two latest search directions w_{k-1}, w_k (x_k = x_{k-1} + phi_k w_k). */
  readonly w1: Vector = this.newVector();
  /** The newer of the two latest search directions. */
  readonly w2: Vector = this.newVector();
}

/** How `minres` checks and reads its workspace. */
export const minresWorkspaceKind: WorkspaceKind<MinresWorkspace> = {
  type: MinresWorkspace,
  factory: 'minresWorkspace',
  vectors: (ws) => [ws.v, ws.y, ws.r1, ws.r2, ws.z, ws.w1, ws.w2],
};

/**
 * Work vectors for `minres` on systems of size n, in the precision of the
 * right-hand sides they will serve (Float64Array by default).
 *
 * @example
 * ```ts
 * import { minres, minresWorkspace } from '@hessian-free/krylov';
 * import { diagonal } from '@hessian-free/linop';
 * const A = diagonal(Float32Array.from([-2, 1, 3]));
 * const workspace = minresWorkspace(3, Float32Array);
 * const { x } = minres(A, Float32Array.of(1, 1, 1), { workspace, rtol: 1e-5 });
 * ```
 */
export function minresWorkspace(n: number, type: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): MinresWorkspace {
  return new MinresWorkspace(n, workspacePrecision('minresWorkspace', n, type));
}
