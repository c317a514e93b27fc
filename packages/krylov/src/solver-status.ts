/**
 * Why a Krylov solver stopped. Every outcome of a solve, mathematical events
 * included, is one of these values; none of them is thrown.
 *
 * - `converged`: ||b - A x|| <= atol + rtol ||b|| for the returned x, the true
 *   residual computed afresh (MINRES always; CG unless `trueResidual: false`,
 *   when it is the recurrence residual's word, as in the Hessian-free path).
 * - `attainable_accuracy`: the recurrence residual met the tolerance, but the
 *   true residual b - A x did not, and restarting from it (at most
 *   `maxRestarts` times) did not get there: the tolerance is below the
 *   accuracy this precision attains on this system. `residualNorm` is the
 *   recurrence's claim, `trueResidualNorm` the truth about the returned x.
 * - `least_squares`: (MINRES) the system is inconsistent and x is a
 *   least-squares solution: ||A r|| <= tol * ||A|| ||r||.
 * - `max_iterations`: the iteration cap was reached first.
 * - `negative_curvature`: (CG) a direction p with p'Ap <= 0 was met; the
 *   result carries it. x is the last iterate, or with `radius` the point
 *   where p leaves the trust region.
 * - `trust_region_boundary`: (CG with `radius`) the step reached ||x|| = radius.
 * - `stopped_by_rule`: a user or shipped stopping rule (e.g. Martens') fired.
 * - `aborted`: the AbortSignal fired; x is the last completed iterate.
 * - `breakdown`: the recurrence cannot continue (a non-finite value from A or
 *   M, or a preconditioner that is not positive definite); x is the last
 *   finite iterate.
 */
export type SolverStatus =
  | 'converged'
  | 'attainable_accuracy'
  | 'least_squares'
  | 'max_iterations'
  | 'negative_curvature'
  | 'trust_region_boundary'
  | 'stopped_by_rule'
  | 'aborted'
  | 'breakdown';

/**
 * The status that ends a solve before its next iteration, checked at the head
 * of each iteration of `cg` and `minres`: `max_iterations` once `iterations`
 * reached `maxIter`, else `aborted` when the signal fired, else null (go on).
 */
export function statusBeforeIteration(
  iterations: number,
  maxIter: number,
  signal: AbortSignal | null,
): 'max_iterations' | 'aborted' | null {
  if (iterations >= maxIter) return 'max_iterations';
  if (signal?.aborted) return 'aborted';
  return null;
}
