import type { Vector } from '@hessian-free/linop';
import { SolverWorkspace, workspacePrecision } from '../solver-workspace.js';
import type { WorkspaceKind } from '../solver-workspace.js';

/**
 * The work vectors of one CG solve, kept by the caller to reuse across
 * repeated solves of the same size and precision (made by `cgWorkspace`).
 * A workspace serves one solve at a time: do not pass it to a solve started
 * from inside another solve's callback. The solution is never stored here, so
 * results of earlier solves stay valid.
 */
export class CgWorkspace extends SolverWorkspace {
  /** Residual r = b - A x. */
  readonly r: Vector = this.newVector();
  /** Preconditioned residual z = M r. */
  readonly z: Vector = this.newVector();
  /** Search direction. */
  readonly p: Vector = this.newVector();
  /** A p, and A x for the final true residual. */
  readonly q: Vector = this.newVector();
}

/** How `cg` checks and reads its workspace. */
export const cgWorkspaceKind: WorkspaceKind<CgWorkspace> = {
  type: CgWorkspace,
  factory: 'cgWorkspace',
  vectors: (ws) => [ws.r, ws.z, ws.p, ws.q],
};

/**
 * Work vectors for `cg` on systems of size n, in the precision of the
 * right-hand sides they will serve (Float64Array by default).
 *
 * @example
 * ```ts
 * import { cg, cgWorkspace } from '@hessian-free/krylov';
 * import { diagonal } from '@hessian-free/linop';
 * const A = diagonal(Float64Array.from([1, 2, 4]));
 * const workspace = cgWorkspace(3);
 * for (const b of [Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3)]) {
 *   const { x } = cg(A, b, { workspace }); // no work vectors allocated
 * }
 * ```
 */
export function cgWorkspace(n: number, type: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): CgWorkspace {
  return new CgWorkspace(n, workspacePrecision('cgWorkspace', n, type));
}
