import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { IterateSchedule } from './saved-iterates.js';
import type { SolverStatus } from '../solver-status.js';
import type { CgWorkspace } from './workspace.js';

/**
 * What `cg` shows its callbacks after each iteration. One object is reused
 * for the whole solve and its vectors are the solver's own: read, do not
 * modify, and copy anything you want to keep.
 */
export interface CgIterationInfo<V extends Vector = Vector> {
  /** Iterations completed so far (1 on the first call). */
  readonly iteration: number;
  /** The current iterate. */
  readonly x: V;
  /** The recurrence residual r = b - A x (up to rounding). */
  readonly r: V;
  /** ||r||. */
  readonly residualNorm: number;
  /** ||b||. */
  readonly rhsNorm: number;
  /** phi(x) = x'Ax/2 - b'x, the quadratic model that CG minimizes. */
  readonly quadraticValue: number;
  /** ||r_k|| for k = 0..iteration (entries beyond `iteration` are unset). */
  readonly residualHistory: Float64Array;
  /** phi(x_k) for k = 0..iteration (entries beyond `iteration` are unset). */
  readonly quadraticValues: Float64Array;
}

/** A stopping rule: return true to stop with status `stopped_by_rule`. */
export type CgStopRule = (info: CgIterationInfo) => boolean;

export interface CgOptions<V extends Vector = Vector> {
  /** Starting point (any precision); default 0. */
  x0?: Vector;
  /**
   * Where to write the solution (same precision and length as b); default a
   * new vector. May be the same array as x0 to warm-start in place.
   */
  out?: V;
  /** Preconditioner: z = M r with M symmetric positive definite, M ~ A^{-1}. */
  M?: LinearOperator;
  /** Relative tolerance; stop when ||r|| <= atol + rtol ||b||. Default sqrt(eps) of b's precision. */
  rtol?: number;
  /** Absolute tolerance; default 0. */
  atol?: number;
  /** Iteration cap; default 2n. */
  maxIter?: number;
  /**
   * Trust-region radius (Steihaug-Toint): stop where the iterates leave the
   * Euclidean ball ||x|| <= radius, on its boundary. ||x0|| must not exceed it.
   */
  radius?: number;
  /** Extra stopping rule checked after each iteration, e.g. `martensStop()`. */
  stop?: CgStopRule;
  /** Which iterates to keep in `stats.savedIterates`; see `IterateSchedule`. */
  saveIterates?: IterateSchedule;
  /** Called once after each iteration. */
  onIteration?: (info: CgIterationInfo<V>) => void;
  /** Checked before each iteration; when aborted, status `aborted`. */
  signal?: AbortSignal;
  /** Reusable work vectors from `cgWorkspace(n, precision of b)`. */
  workspace?: CgWorkspace;
  /** Compute ||b - A x|| at exit with one extra product (default true). */
  trueResidual?: boolean;
}

/** An iterate kept by the `saveIterates` schedule (a copy). */
export interface SavedIterate<V extends Vector = Vector> {
  readonly iteration: number;
  readonly x: V;
}

export interface CgStats<V extends Vector = Vector> {
  /** Iterations done: the number of times x moved. */
  readonly iterations: number;
  readonly status: SolverStatus;
  /** status === 'converged'. */
  readonly converged: boolean;
  /** Final ||r|| of the recurrence residual (what the stopping test saw). */
  readonly residualNorm: number;
  /** Final ||b - A x|| computed afresh (NaN when `trueResidual: false`). */
  readonly trueResidualNorm: number;
  /** ||b||. */
  readonly rhsNorm: number;
  /** ||r_k||, k = 0..iterations. */
  readonly residualHistory: Float64Array;
  /** phi(x_k) = x_k'Ax_k/2 - b'x_k, k = 0..iterations. */
  readonly quadraticValues: Float64Array;
  /** Copies of the scheduled iterates and of the final one, by increasing iteration. */
  readonly savedIterates: readonly SavedIterate<V>[];
  /** With status `negative_curvature`: the search direction p with p'Ap <= 0 (a copy); else null. */
  readonly negativeCurvatureDirection: V | null;
  /** p'Ap for that direction; NaN when there is none. */
  readonly negativeCurvatureValue: number;
}

export interface CgResult<V extends Vector = Vector> {
  readonly x: V;
  readonly stats: CgStats<V>;
}
