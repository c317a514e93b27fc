import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { SolverIterationInfo, SolverOptions, SolverStats } from '../solver-types.js';
import type { CgKernels } from './engine.js';
import type { CgWorkspace } from './workspace.js';

/**
 * What `cg` shows its callbacks (`onIteration`, `stop`) after each iteration:
 * the fields of every solver's info, and the recurrence residual and the
 * quadratic model. One object is reused for the whole solve and its vectors
 * are the solver's own: read, do not modify, and copy anything you want to keep.
 */
export interface CgIterationInfo<V extends Vector = Vector> extends SolverIterationInfo<V> {
  /** The recurrence residual r = b - A x (up to rounding); `residualNorm` is ||r||. */
  readonly r: V;
  /** phi(x) = x'Ax/2 - b'x, the quadratic model that CG minimizes. */
  readonly quadraticValue: number;
  /** phi(x_k) for k = 0..iteration (entries beyond `iteration` are unset). */
  readonly quadraticValues: Float64Array;
}

/** A stopping rule: return true to stop with status `stopped_by_rule`. */
export type CgStopRule = (info: CgIterationInfo) => boolean;

/**
 * The options of `cg`: those every solver shares (x0, out, M, rtol, atol,
 * maxIter, onIteration, signal; see `SolverOptions`) and CG's own.
 */
export interface CgOptions<V extends Vector = Vector> extends SolverOptions<V, CgIterationInfo<V>> {
  /** Preconditioner: z = M r with M symmetric positive definite, M ~ A^{-1}. */
  M?: LinearOperator;
  /**
   * Relative tolerance: converged when ||b - A x|| <= atol + rtol ||b|| (the
   * recurrence residual r with `trueResidual: false`). Default sqrt(eps) of
   * b's precision.
   */
  rtol?: number;
  /**
   * Trust-region radius (Steihaug-Toint): stop where the iterates leave the
   * Euclidean ball ||x|| <= radius, on its boundary. ||x0|| must not exceed it.
   */
  radius?: number;
  /** Extra stopping rule checked after each iteration, e.g. `martensStop()`. */
  stop?: CgStopRule;
  /** Which iterates to keep in `stats.savedIterates`; see `IterateSchedule`. */
  saveIterates?: IterateSchedule;
  /**
   * Reusable work vectors from `cgWorkspace(n, precision of b)`, for the
   * JavaScript loops (`kernels: 'js'`, or where the WebAssembly kernels do
   * not run); the WebAssembly kernels keep their vectors in their own memory,
   * reused from solve to solve.
   */
  workspace?: CgWorkspace;
  /**
   * Let the true residual ||b - A x|| decide `converged` (one extra product
   * when the recurrence claims it, and a restart when the claim is false; see
   * `maxRestarts`) and report it at exit (default true). With false the
   * recurrence residual decides and `trueResidualNorm` is NaN.
   */
  trueResidual?: boolean;
  /**
   * Where the vector work runs (default `'wasm'`): `'wasm'` keeps the
   * solve's vectors in the memory of the WebAssembly SIMD kernels (b and x0
   * copied in, x out, once per solve) and runs the fused vector loops there,
   * and the product too when A is a `csr` operator (its arrays are copied
   * there once per operator). `'js'` runs the JavaScript loops. Both give the
   * same bits; `'wasm'` falls back to `'js'` where WebAssembly SIMD is
   * missing, where the environment variable HESSIAN_FREE_KERNELS is `js`, or
   * when the kernels' memory has no room (see `CgStats.kernels`).
   */
  kernels?: CgKernels;
}

/**
 * Which CG iterates to keep (for CG backtracking, Martens 2010 section 4.6):
 * - `true`: Martens' geometric schedule, iterations ceil(5 * 1.3^j) for
 *   j = 0, 1, 2, ... (5, 7, 9, 11, 15, 19, 25, ...);
 * - a strictly increasing list of iteration numbers;
 * - a predicate called once per iteration number 0, 1, 2, ...
 * - `false` (the default): none.
 * The final iterate is always kept too when a schedule is given.
 */
export type IterateSchedule = boolean | readonly number[] | ((iteration: number) => boolean);

/** An iterate kept by the `saveIterates` schedule (a copy). */
export interface SavedIterate<V extends Vector = Vector> {
  /** The iteration it was kept at (0 for x0). */
  readonly iteration: number;
  /** A copy of the iterate x_iteration. */
  readonly x: V;
}

/**
 * What a `cg` solve reports: the statistics of every solver (see
 * `SolverStats`; `residualNorm` is that of the recurrence residual r,
 * `trueResidualNorm` is NaN with `trueResidual: false`) and CG's own.
 */
export interface CgStats<V extends Vector = Vector> extends SolverStats {
  /** phi(x_k) = x_k'Ax_k/2 - b'x_k, k = 0..iterations. */
  readonly quadraticValues: Float64Array;
  /** Copies of the scheduled iterates and of the final one, by increasing iteration. */
  readonly savedIterates: readonly SavedIterate<V>[];
  /** With status `negative_curvature`: the search direction p with p'Ap <= 0 (a copy); else null. */
  readonly negativeCurvatureDirection: V | null;
  /** p'Ap for that direction; NaN when there is none. */
  readonly negativeCurvatureValue: number;
  /** Where the vector work ran: `'wasm'` or `'js'` (see `CgOptions.kernels`). */
  readonly kernels: CgKernels;
}

/** What `cg` returns: the solution x (of b's precision) and the statistics of the solve. */
export interface CgResult<V extends Vector = Vector> {
  /** The solution (options.out when given). */
  readonly x: V;
  /** How the solve went. */
  readonly stats: CgStats<V>;
}
