import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { SolverStatus } from '../solver-status.js';
import type { MinresWorkspace } from './workspace.js';

/**
 * What `minres` shows `onIteration` after each iteration. One object is
 * reused for the whole solve and `x` is the solver's own vector: read it, do
 * not modify it, copy what you keep.
 */
export interface MinresIterationInfo<V extends Vector = Vector> {
  /** Iterations completed so far (1 on the first call). */
  readonly iteration: number;
  /** The current iterate. */
  readonly x: V;
  /** Recurrence estimate of ||b - A x|| (of ||b - A x||_M with a preconditioner). */
  readonly residualNorm: number;
  /** Recurrence estimate of ||A r|| for the previous iterate (Paige & Saunders). */
  readonly aResidualNorm: number;
  /** Estimate of ||A||: the largest column norm of the Lanczos T_k so far (a lower bound). */
  readonly aNormEstimate: number;
  /** ||b||. */
  readonly rhsNorm: number;
  /** residualNorm for iterations 0..iteration (entries beyond `iteration` are unset). */
  readonly residualHistory: Float64Array;
}

export interface MinresOptions<V extends Vector = Vector> {
  /** Starting point (any precision); default 0. */
  x0?: Vector;
  /**
   * Where to write the solution (same precision and length as b); default a
   * new vector. May be the same array as x0 to warm-start in place.
   */
  out?: V;
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
  /** Absolute tolerance; default 0. */
  atol?: number;
  /** Iteration cap over the whole solve, refinement restarts included; default 2n. */
  maxIter?: number;
  /** How often MINRES may restart from x when the true residual contradicts the recurrence; default 3. */
  maxRestarts?: number;
  /** Called once after each iteration. */
  onIteration?: (info: MinresIterationInfo<V>) => void;
  /** Checked before each iteration; when aborted, status `aborted`. */
  signal?: AbortSignal;
  /** Reusable work vectors from `minresWorkspace(n, precision of b)`. */
  workspace?: MinresWorkspace;
}

export interface MinresStats {
  /** Iterations done: the number of times x moved. */
  readonly iterations: number;
  readonly status: SolverStatus;
  /** status === 'converged'. */
  readonly converged: boolean;
  /** Final recurrence estimate of ||b - A x|| (||b - A x||_M with a preconditioner). */
  readonly residualNorm: number;
  /** ||b - A x|| of the returned x, computed afresh. */
  readonly trueResidualNorm: number;
  /** ||b||. */
  readonly rhsNorm: number;
  /** residualNorm after each iteration, 0..iterations; a restart records its fresh residual. */
  readonly residualHistory: Float64Array;
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
  /** Refinement restarts: how often the true residual contradicted the recurrence. */
  readonly restarts: number;
}

export interface MinresResult<V extends Vector = Vector> {
  readonly x: V;
  readonly stats: MinresStats;
}
