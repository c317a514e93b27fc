import type { SolverStatus } from '@hessian-free/krylov';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * A smooth function f: R^n -> R given by callbacks over Float64Array. The
 * point `x` passed to every callback is the optimizer's own array: read it,
 * do not modify or keep it.
 */
export interface MinimizeCallbacks {
  /** f(x). */
  value(x: Float64Array): number;
  /** Writes the gradient of f at x into g. */
  gradient(x: Float64Array, g: Float64Array): void;
  /** Writes the Hessian-vector product H(x) v into out (H must be symmetric). */
  hessianVector(x: Float64Array, v: Float64Array, out: Float64Array): void;
  /** Optional: writes the gradient into g and returns f(x), sharing work between the two. */
  valueAndGradient?(x: Float64Array, g: Float64Array): number;
}

/** A TensorFlow.js function of a rank-1 tensor that returns a scalar; derivatives by autodiff. */
export type TensorObjective = (x: tf.Tensor1D) => tf.Scalar;

/** `'line-search'`: truncated Newton with Armijo backtracking. `'trust-region'`: Steihaug-Toint CG. */
export type MinimizeMethod = 'line-search' | 'trust-region';

/**
 * The Krylov solver of the Newton system H s = -g when H may be indefinite.
 * `'cg'`: Newton-CG (Nocedal & Wright, Algorithm 7.1): CG stops where it
 * meets negative curvature and the step is its iterate so far (or -g).
 * `'minres'`: Newton-MR (Roosta, Liu, Xu & Mahoney 2022; Liu & Roosta
 * 2023): MINRES from 0 with Liu & Roosta's (2022) test for non-positive
 * curvature; the step is a MINRES iterate, or, when the test fires, the
 * MINRES residual r, a descent direction of non-positive curvature, along
 * which the line search also tries longer steps (forward tracking).
 */
export type IndefiniteSolver = 'cg' | 'minres';

/**
 * What a line-search step moved along: the solver's solution (`'solution'`:
 * the CG iterate, or Newton-MR's "SOL" MINRES iterate), Newton-MR's
 * non-positive-curvature direction (`'negative-curvature'`), or -g when the
 * solver gave no descent direction (`'gradient'`).
 */
export type StepDirection = 'solution' | 'negative-curvature' | 'gradient';

/**
 * Why `minimize` stopped, and what that says about the result.
 *
 * - `converged`: a tolerance was met (`gtol`, or `xtol`/`ftol` if set);
 *   `message` says which. With `gtol`: ||g||_inf <= gtol at x, and the
 *   curvature check (`curvatureCheck` Lanczos steps) found no direction of
 *   negative curvature there. `xtol`/`ftol` say only that the last step was
 *   small, not that x is stationary.
 * - `saddle_point`: ||g||_inf <= gtol at x, but the Hessian has a negative
 *   Ritz value there (`message` gives it): f curves downward along some
 *   direction, so x is a saddle point or a maximum, not a minimum.
 * - `unbounded`: f returned -Infinity at a trial point (it fell below every
 *   finite number); x is the last point taken, where f is finite.
 * - `max_iterations`: `maxIter` outer iterations were done first; x is the last
 *   point taken.
 * - `line_search_failed`: no acceptable step was found, either because the
 *   values of f show that the step is not the descent direction the
 *   gradient makes it (the derivatives do not match f; `message` gives both
 *   slopes), or because the step (the trust radius) shrank below the
 *   resolution of x (f is at the limit of its precision). x is the point of
 *   lowest f seen, so f(x) <= f(x0).
 * - `aborted`: the AbortSignal fired; x is the last point taken.
 * - `non_finite`: f or its gradient is NaN or infinite at x0; x is x0.
 */
export type MinimizeStatus = 'converged' | 'saddle_point' | 'unbounded' | 'max_iterations' | 'line_search_failed' | 'aborted' | 'non_finite';

/** What one outer iteration did (an entry of `history`). */
export interface MinimizeRecord {
  /** Outer iterations done so far (1 on the first call); rejected trust-region steps count. */
  readonly iteration: number;
  /** f at the current iterate (after this iteration). */
  readonly value: number;
  /** ||g||_inf at the current iterate. */
  readonly gradientNorm: number;
  /** Whether the step was taken (always true for the line search). */
  readonly accepted: boolean;
  /** ||step||_2 of the step tried (the full step t d of the line search). */
  readonly stepNorm: number;
  /** Line search: the accepted step length t. NaN for the trust-region method. */
  readonly stepLength: number;
  /** Trust region: the radius for the next iteration. NaN for the line search. */
  readonly radius: number;
  /** Trust region: actual over predicted reduction of this step. NaN for the line search. */
  readonly ratio: number;
  /** Iterations of the solver (CG, or MINRES with `indefiniteSolver: 'minres'`) spent on this Newton system. */
  readonly cgIterations: number;
  /**
   * How that solve ended: krylov's status for CG; for MINRES `converged`
   * (the forcing term was met), `negative_curvature` (Liu & Roosta's test
   * fired: the step follows the MINRES residual), `max_iterations`, ...
   */
  readonly cgStatus: SolverStatus;
  /**
   * Line search: what the step moved along (see `StepDirection`); -g
   * (`'gradient'`) only when the solver's direction failed the descent
   * check g'd < 0. Absent for the trust-region method.
   */
  readonly direction?: StepDirection;
}

/** What `onIteration` receives: the record plus the current point (the optimizer's own array: copy to keep). */
export interface MinimizeIteration extends MinimizeRecord {
  readonly x: Float64Array;
}

/** Options of `minimize`; every one is checked before f is evaluated. */
export interface MinimizeOptions {
  /** Globalization; default `'line-search'`. */
  method?: MinimizeMethod;
  /**
   * Stop when ||g||_inf <= gtol (absolute, in the units of f per unit of x).
   * Default 1e-8 for callbacks; 1e-4 for a TensorFlow.js function (float32).
   */
  gtol?: number;
  /** Stop when an accepted step has ||dx||_2 <= xtol * max(1, ||x||_2) (Euclidean norms, x after the step). Default 0 (off). */
  xtol?: number;
  /** Stop when an accepted step decreases f by <= ftol * max(1, |f|). Default 0 (off). */
  ftol?: number;
  /** Cap on outer (Newton) iterations; default 1000. */
  maxIter?: number;
  /**
   * Cap of the forcing term: each Newton system H s = -g is solved by CG to
   * relative residual eta = min(forcingMax, sqrt(||g||_2)). Default 0.5 (N&W
   * Algorithm 7.1). Smaller values buy fewer outer iterations with more CG
   * iterations each; they pay off when a Hessian-vector product is cheap
   * next to a gradient.
   */
  forcingMax?: number;
  /** Cap on CG iterations per Newton system; default 2n (cg's default). */
  maxCgIter?: number;
  /** Trust-region method: the initial radius; default 1. */
  initialRadius?: number;
  /**
   * The solver of the Newton system, which may be indefinite: `'cg'`
   * (default, Newton-CG) or `'minres'` (Newton-MR; line-search method only).
   * See `IndefiniteSolver`.
   */
  indefiniteSolver?: IndefiniteSolver;
  /**
   * Lanczos steps (one Hessian-vector product each) spent where the gradient
   * test passes, looking for negative curvature: status `saddle_point`
   * instead of `converged` when the Hessian has a negative Ritz value there.
   * An integer >= 0; 0 turns the check off. Default min(n, 20).
   */
  curvatureCheck?: number;
  /** Keep a `MinimizeRecord` per iteration in `result.history`; default false. */
  history?: boolean;
  /** Called after every outer iteration. */
  onIteration?: (info: MinimizeIteration) => void;
  /** Checked before every outer iteration and inside CG; when aborted, status `aborted`. */
  signal?: AbortSignal;
}

/** Numbers of calls: `valueAndGradient` counts one value and one gradient. */
export interface EvaluationCounts {
  value: number;
  gradient: number;
  hessianVector: number;
}

/** What `minimize` returns: the final iterate, why it stopped, and what it cost. */
export interface MinimizeResult {
  /** The final iterate (a new array); after `line_search_failed`, the point of lowest f seen. */
  readonly x: Float64Array;
  /** f(x). */
  readonly value: number;
  /** The gradient at x (a new array). */
  readonly gradient: Float64Array;
  /** ||gradient||_inf, the quantity `gtol` tests. */
  readonly gradientNorm: number;
  /** Outer iterations done. */
  readonly iterations: number;
  readonly status: MinimizeStatus;
  /** A human-readable account of the status. */
  readonly message: string;
  readonly evaluations: EvaluationCounts;
  /** With `history: true`: one record per outer iteration. */
  readonly history?: readonly MinimizeRecord[];
}
