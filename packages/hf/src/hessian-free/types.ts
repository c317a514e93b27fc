import type { ModelModule } from '@hessian-free/parallel';
import type { IndefiniteSolver, StepDirection } from '../minimize/types.js';
/** Which curvature matrix CG works with. */
export type CurvatureKind = 'gauss-newton' | 'hessian' | 'fisher';

/** Options of `hessianFree` (and overrides for `resumeHessianFree`); the defaults follow Martens (2010). */
export interface HessianFreeOptions {
  /**
   * 'gauss-newton' (default; the generalized Gauss-Newton matrix, positive
   * semidefinite, Schraudolph 2002, Martens 2010 section 4.2); 'hessian' (the
   * exact Hessian, may be indefinite: see `indefiniteSolver`); 'fisher' (the
   * EMPIRICAL Fisher, (1/N) sum_i g_i g_i'; the true Fisher of these losses
   * equals the Gauss-Newton matrix).
   */
  readonly curvature?: CurvatureKind;
  /**
   * How the damped system is solved with curvature 'hessian', which may be
   * indefinite (the other curvatures are positive semidefinite and always
   * use CG):
   * - 'cg' (default): Martens' CG; when it meets negative curvature the step
   *   is CG's iterate so far, or the negative-curvature direction itself if
   *   that iterate is not a descent direction, as in Newton-CG.
   * - 'minres': Newton-MR (Roosta, Liu, Xu & Mahoney 2022; Liu & Roosta
   *   2023): MINRES from 0 (no warm start, no CG backtracking) with the
   *   preconditioner, stopped at relative residual 0.1 (M-norm) or
   *   `maxCgIterations`, and by Liu & Roosta's (2022) test for non-positive
   *   curvature, which ends it with the MINRES residual: a descent direction
   *   of non-positive curvature, along which the line search also tries
   *   longer steps (alpha = 2, 4, ..., as long as f keeps falling). Every
   *   direction is checked (g'p < 0; else the damped gradient step), and the
   *   report's `direction` says which one was taken.
   */
  readonly indefiniteSolver?: IndefiniteSolver;
  /**
   * Examples per gradient and objective evaluation, drawn anew each step
   * (without replacement, seeded). Default: the whole set when it has at most
   * 10,000 examples, else 10,000. Larger than the set: the whole set.
   */
  readonly gradientBatchSize?: number;
  /**
   * Examples on which curvature products are taken: a random subset of the
   * step's gradient batch (Martens 2010 section 4.3), fixed for the whole CG
   * run. Default min(gradient batch, 1000); at least the gradient batch: the
   * gradient batch itself (its forward pass is then shared).
   */
  readonly curvatureBatchSize?: number;
  /**
   * lambda before the first step, > 0 (default 1, the default of
   * `levenbergMarquardt` in @hessian-free/damping); adapted from rho by
   * Levenberg-Marquardt with Martens' constants (x 3/2 when rho < 1/4,
   * x 2/3 when rho > 3/4). A good value is problem dependent.
   */
  readonly initialLambda?: number;
  /**
   * mu > 0 turns on structural damping (Martens & Sutskever 2011, section
   * 3.2): CG solves with C + lambda I + lambda mu S, S the Gauss-Newton
   * matrix of the hidden states. Needs a model whose forward returns
   * { output, hidden }. Default 0.
   */
  readonly structuralDampingMu?: number;
  /** CG iteration cap per step (default 250, Martens 2010 section 4.4); also MINRES's with `indefiniteSolver: 'minres'`. */
  readonly maxCgIterations?: number;
  /**
   * CG starts from this times the previous step's final CG solution
   * (default 0.95, Martens 2010 section 4.5; 0 = start from zero), in [0, 1].
   */
  readonly warmStartDecay?: number;
  /**
   * Martens' (2010, section 4.7) diagonal preconditioner
   * M = (diag(empirical Fisher) + (lambda + l2) I)^0.75, the diagonal
   * computed exactly on the curvature batch (default true).
   */
  readonly preconditioner?: boolean;
  /**
   * CG backtracking (Martens 2010 section 4.6) over the iterates saved at
   * iterations ceil(5 * 1.3^j) and the last one: walk back from the last
   * while the objective on the gradient batch improves (default true).
   */
  readonly backtracking?: boolean;
  /**
   * Armijo backtracking line search on the chosen step (c = 1e-2, alpha
   * shrunk by 0.8, at most 60 tries, then the step is rejected; default
   * true). Off: the step is taken whole if it lowers the objective.
   */
  readonly lineSearch?: boolean;
  /**
   * L2 weight cost on all parameters: the objective is
   * loss + (l2 / 2) ||theta||^2, so l2 theta joins the gradient and l2 I the
   * curvature (default 0).
   */
  readonly l2?: number;
  /** Seed of batch sampling and of the preconditioner's random probes (default 0). */
  readonly seed?: number;
  /**
   * Await a macrotask (setTimeout 0) between the phases of a step, so the
   * event loop gets turns within a step (default true). One CG run is
   * synchronous: in a browser, train in a Web Worker.
   */
  readonly yieldToEventLoop?: boolean;
  /** Called with every step's report (which is also the value `step` resolves to). */
  readonly onStep?: (report: HfStepReport) => void;
  /**
   * Where the workers find the model: an ES module's URL and the names of
   * its exports (`model`, default 'model'; `loss`, needed only for a loss
   * that is not one of the built-in ones). With it, the gradient, every
   * curvature product, the preconditioner's diagonal and the objective at
   * trial points are split over `workers` worker threads (Web Workers in
   * browsers) by @hessian-free/parallel, each summing its share of the batch.
   * Write the model once, in that module, and import it for `model` too.
   */
  readonly modelModule?: ModelModule;
  /**
   * Number of workers (default: with `modelModule`, as many of the cores
   * available as keep each worker's share of the curvature batch at 40
   * examples and 2^22 examples x parameters or more; else 1,
   * this thread; recurrent models reuse weights at each time step, so the
   * count underestimates their work: set workers for them). 1 runs everything in this thread. Not saved in
   * the state: a resumed run may use another number (results then agree up
   * to float32 summation order; the same number gives the same bits).
   */
  readonly workers?: number;
  /**
   * The URL of a worker script of your own that calls @hessian-free/parallel's
   * `serveShardWorker` (bundlers, browsers); default: the package's own.
   */
  readonly workerScript?: string | URL;
}

/** What one HF step did. */
export interface HfStepReport {
  /** 1 for the first step of a run (and continues across a resume). */
  readonly step: number;
  /** Objective (mean loss + L2 term) on this step's gradient batch, before and after the step. */
  readonly lossBefore: number;
  readonly lossAfter: number;
  /** Whether the parameters moved. */
  readonly accepted: boolean;
  /**
   * Reduction ratio (f(theta + p) - f(theta)) / q(p) of the chosen step p at
   * full length, against the UNDAMPED quadratic model q(p) = g'p + p'Cp / 2
   * (-Infinity when f rose or was not finite; see @hessian-free/damping).
   */
  readonly rho: number;
  /** lambda after this step's Levenberg-Marquardt update. */
  readonly lambda: number;
  /** The solver of the damped system: 'minres' with curvature 'hessian' and `indefiniteSolver: 'minres'`, else 'cg'. */
  readonly solver: IndefiniteSolver;
  /** The solver's run (CG's, or MINRES's with `solver: 'minres'`). */
  readonly cg: {
    readonly iterations: number;
    /**
     * The krylov SolverStatus of the CG run ('stopped_by_rule' = Martens'
     * relative-progress rule), or 'not_run' when the step ended before CG.
     * With MINRES: 'converged' (relative residual 0.1 met),
     * 'negative_curvature' (Liu & Roosta's test fired), 'max_iterations', ...
     */
    readonly status: string;
    /** The CG iteration whose iterate was taken (chosen by backtracking); 0 for a fallback step. */
    readonly chosenIterate: number;
  };
  /**
   * What the step moved along, absent when the step ended before the solver:
   * 'solution' (the backtracked CG iterate, or the MINRES iterate),
   * 'negative-curvature' (the solver's direction of non-positive curvature,
   * turned downhill), or 'gradient' (the damped gradient step, when the
   * solver gave no usable descent direction; `fallback` says why).
   */
  readonly direction?: StepDirection;
  /** Armijo step length alpha (0 when the step was rejected; above 1 only after forward tracking along a MINRES negative-curvature direction). */
  readonly stepSize: number;
  /**
   * Set when the step was not a plain CG step, saying why and what was done
   * instead, e.g. 'damped gradient step: CG breakdown',
   * 'rejected: non-finite loss or gradient', 'rejected: no acceptable step length'.
   */
  readonly fallback?: string;
  /**
   * What the step cost: objective values on the gradient batch (the one at
   * theta, CG backtracking's and the line search's), gradients (1), and
   * products with the curvature matrix (the solver's and rho's), all
   * counted where the step makes them (with workers, each is split over them).
   */
  readonly evaluations: {
    readonly value: number;
    readonly gradient: number;
    readonly curvatureProducts: number;
  };
  /** Milliseconds per phase (wall clock). */
  readonly timings: {
    /** Loss and gradient on the gradient batch. */
    readonly gradientMs: number;
    /** The forward pass on a separate curvature batch (0 when it is the gradient batch). */
    readonly curvatureMs: number;
    readonly preconditionerMs: number;
    readonly cgMs: number;
    /** Objective at the saved CG iterates, and the one curvature product of rho. */
    readonly backtrackMs: number;
    readonly lineSearchMs: number;
    readonly totalMs: number;
  };
}

/** The options a state carries (every default filled in; no callbacks). */
export interface HessianFreeStateOptions {
  readonly curvature: CurvatureKind;
  readonly indefiniteSolver: IndefiniteSolver;
  readonly gradientBatchSize: number;
  readonly curvatureBatchSize: number;
  readonly initialLambda: number;
  readonly structuralDampingMu: number;
  readonly maxCgIterations: number;
  readonly warmStartDecay: number;
  readonly preconditioner: boolean;
  readonly backtracking: boolean;
  readonly lineSearch: boolean;
  readonly l2: number;
  readonly seed: number;
  readonly yieldToEventLoop: boolean;
}

/** Everything needed to continue a run: plain JSON (JSON.stringify / JSON.parse round trip). */
export interface HessianFreeState {
  readonly kind: 'hessian-free';
  readonly version: 1;
  /** Steps done (rejected steps count). */
  readonly stepCount: number;
  readonly lambda: number;
  /** Position of the sampling generator (a uint32). */
  readonly rng: number;
  /** Float32 parameters as base64 of their little-endian bytes (exact). */
  readonly theta: string;
  /** The previous final CG solution (the warm start), base64, or null. */
  readonly previousSolution: string | null;
  /** The run's options; `resumeHessianFree` uses them unless overridden. */
  readonly options: HessianFreeStateOptions;
}

/** A Hessian-free run, one `step()` at a time: what `hessianFree` and `resumeHessianFree` return. */
export interface HessianFreeOptimizer {
  /** A copy of the current parameters. */
  readonly parameters: Float32Array;
  /** Steps done so far (rejected steps count; aborted ones do not). */
  readonly stepCount: number;
  /** Worker threads the step's sums run on (1: this thread): `options.workers` or its default. */
  readonly workers: number;
  /**
   * Starts the worker threads and sends them the data (otherwise the first
   * step does, and its time includes theirs); resolves at once without
   * workers. A run that times its steps awaits this first.
   */
  ready(): Promise<void>;
  /** The current lambda. */
  readonly lambda: number;
  /** Called with every step's report; initially `options.onStep`. */
  onStep: ((report: HfStepReport) => void) | undefined;
  /**
   * One HF step. Rejects with the signal's reason (an AbortError) when
   * `signal` aborts; the optimizer is then exactly as before the step.
   */
  step(options?: { readonly signal?: AbortSignal }): Promise<HfStepReport>;
  /** The state to save (JSON.stringify it) and resume with `resumeHessianFree`. */
  state(): HessianFreeState;
  /** Frees the tensors the optimizer holds; later calls throw. Idempotent. */
  dispose(): void;
}
