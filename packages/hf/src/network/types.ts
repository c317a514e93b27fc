import type { Targets } from '@hessian-free/curvature';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * A training set: inputs with the examples on axis 0, and targets in a form
 * the loss accepts (a tensor with the examples on axis 0, one-hot or not; an
 * Int32Array of class labels; or a Float32Array holding a [N, ...] tensor's
 * data row-major). The optimizer copies what it needs: the caller keeps
 * ownership of these tensors.
 */
export interface Dataset {
  readonly inputs: tf.Tensor;
  readonly targets: Targets;
}

/** Which curvature matrix CG works with. */
export type CurvatureKind = 'gauss-newton' | 'hessian' | 'fisher';

export interface HessianFreeOptions {
  /**
   * 'gauss-newton' (default; positive semidefinite, Schraudolph 2002),
   * 'hessian' (exact, may be indefinite: when CG meets negative curvature the
   * step is CG's last iterate, or the negative-curvature direction itself if
   * there is none, as in Newton-CG; see the report's cg.status), or 'fisher'
   * (empirical Fisher).
   */
  readonly curvature?: CurvatureKind;
  /**
   * Examples per gradient (and objective) evaluation, sampled anew each step
   * without replacement. Default: the whole set up to 10,000 examples.
   */
  readonly gradientBatchSize?: number;
  /**
   * Examples on which curvature products are taken, sampled each step and
   * fixed for the whole CG run. Default min(gradient batch, 1000).
   */
  readonly curvatureBatchSize?: number;
  /** lambda before the first step (default 1); adapted by Levenberg-Marquardt from rho. */
  readonly initialLambda?: number;
  /**
   * mu > 0 turns on structural damping (Martens & Sutskever 2011): CG solves
   * with C + lambda (I + mu S), S the Gauss-Newton matrix of the hidden
   * states. Needs a model whose forward returns { output, hidden }. Default 0.
   */
  readonly structuralDampingMu?: number;
  /** CG iteration cap per step (default 250, Martens 2010). */
  readonly maxCgIterations?: number;
  /** CG starts from this times the previous step's CG solution (default 0.95; 0 = cold start). */
  readonly warmStartDecay?: number;
  /** Martens' diagonal preconditioner (diag(empirical Fisher) + lambda)^0.75 (default true). */
  readonly preconditioner?: boolean;
  /** CG backtracking over the iterates saved at ceil(5 * 1.3^j) (default true). */
  readonly backtracking?: boolean;
  /** Armijo line search on the chosen step (default true); off: take the step if it decreases f. */
  readonly lineSearch?: boolean;
  /** L2 weight cost: the objective is loss + (l2 / 2) ||theta||^2 (default 0). */
  readonly l2?: number;
  /** Seed of batch sampling and stochastic estimates (default 0). */
  readonly seed?: number;
  /**
   * Give the event loop a turn between the phases of a step (default true),
   * so a page stays responsive between phases. One CG run is synchronous: in
   * a browser, train in a Web Worker (as apps/demo does).
   */
  readonly yieldToEventLoop?: boolean;
  /** Called with every step's report (also the return value of `step`). */
  readonly onStep?: (report: HfStepReport) => void;
}

/** What one HF step did. */
export interface HfStepReport {
  /** 1 for the first step. */
  readonly step: number;
  /** Objective (loss + L2 term) on this step's gradient batch, before and after. */
  readonly lossBefore: number;
  readonly lossAfter: number;
  /** Whether the parameters moved. */
  readonly accepted: boolean;
  /** Reduction ratio of the chosen step against the undamped quadratic model. */
  readonly rho: number;
  /** lambda after this step's Levenberg-Marquardt update. */
  readonly lambda: number;
  readonly cg: {
    readonly iterations: number;
    /** The krylov SolverStatus of the CG run ('stopped_by_rule' = Martens' rule). */
    readonly status: string;
    /** The CG iteration whose iterate backtracking chose. */
    readonly chosenIterate: number;
  };
  /** Armijo step length alpha (0 when the step was rejected). */
  readonly stepSize: number;
  /** Set when the step was not a plain CG step: why, and what was done instead. */
  readonly fallback?: string;
  readonly timings: {
    readonly gradientMs: number;
    readonly preconditionerMs: number;
    readonly cgMs: number;
    readonly backtrackMs: number;
    readonly lineSearchMs: number;
    readonly totalMs: number;
  };
}

/** Everything needed to continue a run: plain JSON. */
export interface HessianFreeState {
  readonly kind: 'hessian-free';
  readonly version: 1;
  readonly stepCount: number;
  readonly lambda: number;
  /** Position of the sampling generator. */
  readonly rng: number;
  /** Float32 parameters, base64 of their little-endian bytes. */
  readonly theta: string;
  /** The previous CG solution (for the warm start), base64, or null before the first step. */
  readonly previousSolution: string | null;
}

export interface HessianFreeOptimizer {
  /** A copy of the current parameters. */
  readonly parameters: Float32Array;
  readonly stepCount: number;
  readonly lambda: number;
  /**
   * One HF step. Rejects with an AbortError when `signal` aborts; the
   * parameters and state are then as before the step.
   */
  step(options?: { readonly signal?: AbortSignal }): Promise<HfStepReport>;
  /** The state to save (JSON.stringify it) and resume with `resumeHessianFree`. */
  state(): HessianFreeState;
  /** Frees the tensors the optimizer holds; later calls throw. */
  dispose(): void;
}

export interface FirstOrderOptions {
  /** Step size (default: Adam 1e-3, SGD 1e-2). */
  readonly learningRate?: number;
  /** Examples per minibatch, sampled without replacement each step (default min(N, 100)). */
  readonly batchSize?: number;
  /** L2 weight cost, as in HessianFreeOptions (default 0). */
  readonly l2?: number;
  readonly seed?: number;
}

export interface AdamOptions extends FirstOrderOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface SgdMomentumOptions extends FirstOrderOptions {
  /** Default 0.9. */
  readonly momentum?: number;
}

export interface FirstOrderStepReport {
  readonly step: number;
  /** Objective on the minibatch before the update. */
  readonly loss: number;
  readonly timings: { readonly totalMs: number };
}

/** Adam or SGD with momentum behind the same interface as HF. */
export interface FirstOrderOptimizer {
  readonly parameters: Float32Array;
  readonly stepCount: number;
  step(options?: { readonly signal?: AbortSignal }): Promise<FirstOrderStepReport>;
  dispose(): void;
}
