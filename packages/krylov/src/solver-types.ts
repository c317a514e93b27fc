import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { SolverStatus } from './solver-status.js';

/**
 * The options that `cg` and `minres` share (each solver's options extend
 * these; see `CgOptions` and `MinresOptions`). `V` is the type of b and x,
 * `I` what `onIteration` receives.
 */
export interface SolverOptions<V extends Vector = Vector, I = SolverIterationInfo<V>> {
  /** Starting point (any precision, finite entries); default 0. */
  x0?: Vector;
  /**
   * Where to write the solution (same precision and length as b); default a
   * new vector. May be the same array as x0 to warm-start in place.
   */
  out?: V;
  /** Preconditioner: z = M r with M symmetric positive definite. */
  M?: LinearOperator;
  /** Relative tolerance: converged when ||b - A x|| <= atol + rtol ||b||. Default sqrt(eps) of b's precision. */
  rtol?: number;
  /** Absolute tolerance; default 0. */
  atol?: number;
  /** Iteration cap (restarts included); default 2n. Memory grows with the iterations done, not with the cap. */
  maxIter?: number;
  /**
   * How often the solve may restart from x when the true residual b - A x
   * contradicts the recurrence's claim of convergence; default 3 (see the
   * status `attainable_accuracy`).
   */
  maxRestarts?: number;
  /** Called once after each iteration. */
  onIteration?: (info: I) => void;
  /** Checked before each iteration; when aborted, status `aborted`. */
  signal?: AbortSignal;
}

/** The names of `SolverOptions`, in the order that error messages list them. */
export const solverOptionNames = {
  x0: true,
  out: true,
  M: true,
  rtol: true,
  atol: true,
  maxIter: true,
  maxRestarts: true,
  onIteration: true,
  signal: true,
} satisfies Record<keyof SolverOptions, true>;

/**
 * What a solver shows its callbacks after each iteration (each solver's info
 * extends this; see `CgIterationInfo` and `MinresIterationInfo`). One object
 * is reused for the whole solve and its vectors are the solver's own: read,
 * do not modify, and copy anything you want to keep.
 */
export interface SolverIterationInfo<V extends Vector = Vector> {
  /** Iterations completed so far (1 on the first call). */
  readonly iteration: number;
  /** The current iterate. */
  readonly x: V;
  /**
   * The residual norm of the recurrence, which the stopping test sees: ||r||
   * for CG; for MINRES its estimate of ||b - A x|| (||b - A x||_M with a
   * preconditioner).
   */
  readonly residualNorm: number;
  /** ||b||. */
  readonly rhsNorm: number;
  /**
   * residualNorm for iterations 0..iteration (entries beyond `iteration` are
   * unset). The array grows during the solve: read it from the info object
   * at each call rather than keeping it.
   */
  readonly residualHistory: Float64Array;
}

/**
 * The statistics every solve reports (as Krylov.jl's SimpleStats); `CgStats`
 * and `MinresStats` extend them with what is particular to each method.
 */
export interface SolverStats {
  /** Iterations done: the number of times x moved. */
  readonly iterations: number;
  /** Why the solve stopped. */
  readonly status: SolverStatus;
  /** status === 'converged'. */
  readonly converged: boolean;
  /**
   * The final residual norm of the recurrence, which the stopping test saw:
   * ||r|| for CG; for MINRES its estimate of ||b - A x|| (||b - A x||_M with
   * a preconditioner).
   */
  readonly residualNorm: number;
  /** ||b - A x|| of the returned x, computed afresh (CG: NaN with `trueResidual: false`). */
  readonly trueResidualNorm: number;
  /** ||b||. */
  readonly rhsNorm: number;
  /** residualNorm after each iteration, 0..iterations (a restart records the true residual it starts from). */
  readonly residualHistory: Float64Array;
  /** Restarts from the true residual: how often it contradicted the recurrence's claim. */
  readonly restarts: number;
}

/**
 * The fields of `SolverStats` at the end of a solve of `iterations`
 * iterations, from the working `residualHistory` (copied to exactly
 * 0..iterations here, so that the result keeps no spare capacity alive).
 */
export function solverStats(
  iterations: number,
  status: SolverStatus,
  trueResidualNorm: number,
  rhsNorm: number,
  residualHistory: Float64Array,
  restarts: number,
): SolverStats {
  return {
    iterations,
    status,
    converged: status === 'converged',
    residualNorm: residualHistory[iterations],
    trueResidualNorm,
    rhsNorm,
    residualHistory: residualHistory.slice(0, iterations + 1),
    restarts,
  };
}
