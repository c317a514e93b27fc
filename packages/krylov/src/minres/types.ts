import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { SolverIterationInfo, SolverOptions, SolverStats } from '../solver-types.js';
import type { MinresWorkspace } from './workspace.js';

/**
 * What `minres` shows `onIteration` after each iteration: the fields of every
 * solver's info (`residualNorm` is the recurrence estimate of ||b - A x||, of
 * ||b - A x||_M with a preconditioner) and MINRES's own estimates. One object
 * is reused for the whole solve and `x` is the solver's own vector: read it,
 * do not modify it, copy what you keep.
 */
export interface MinresIterationInfo<V extends Vector = Vector> extends SolverIterationInfo<V> {
  /** Recurrence estimate of ||A r|| for the previous iterate (Paige & Saunders). */
  readonly aResidualNorm: number;
  /** Estimate of ||A||: the largest column norm of the Lanczos T_k so far (a lower bound). */
  readonly aNormEstimate: number;
}

/**
 * The options of `minres`: those every solver shares (x0, out, M, rtol, atol,
 * maxIter, onIteration, signal; see `SolverOptions`) and MINRES's own.
 */
export interface MinresOptions<V extends Vector = Vector> extends SolverOptions<V, MinresIterationInfo<V>> {
  /**
   * Preconditioner z = M r, M symmetric positive definite (M ~ (A - shift I)^{-1}).
   * Preconditioned MINRES minimizes ||b - A x||_M = sqrt(r' M r), i.e. the
   * residual in the P^{-1}-norm of the preconditioning matrix P = M^{-1}.
   */
  M?: LinearOperator;
  /** Solve (A - shift I) x = b instead (Paige & Saunders' convention); default 0. */
  shift?: number;
  /**
   * Relative tolerance, default sqrt(eps) of b's precision. Converged when
   * ||b - A x|| <= atol + rtol ||b||; least squares when
   * ||A r|| <= max(rtol, sqrt(eps)) ||A|| ||r|| (eps of b's precision).
   */
  rtol?: number;
  /** Iteration cap over the whole solve, refinement restarts included; default 2n. */
  maxIter?: number;
  /** Reusable work vectors from `minresWorkspace(n, precision of b)`. */
  workspace?: MinresWorkspace;
}

/**
 * What a `minres` solve reports: the statistics of every solver (see
 * `SolverStats`; `residualNorm` is the recurrence estimate of ||b - A x||,
 * of ||b - A x||_M with a preconditioner) and MINRES's own estimates.
 */
export interface MinresStats extends SolverStats {
  /** Estimate of ||A|| (of ||M^{1/2} A M^{1/2}|| with a preconditioner), a lower bound. */
  readonly aNormEstimate: number;
  /**
   * ||A r||: with status `least_squares` computed afresh from the returned x
   * (||A M r||_M with a preconditioner); otherwise the last recurrence
   * estimate, which belongs to the iterate before the last (NaN before the
   * first iteration).
   */
  readonly aResidualNorm: number;
  /** max |gamma_j| / min |gamma_j| (a lower bound on cond(A)); NaN before the first iteration. */
  readonly conditionEstimate: number;
}

/** What `minres` returns: the solution x (of b's precision) and the statistics of the solve. */
export interface MinresResult<V extends Vector = Vector> {
  /** The solution (options.out when given). */
  readonly x: V;
  /** How the solve went. */
  readonly stats: MinresStats;
}
