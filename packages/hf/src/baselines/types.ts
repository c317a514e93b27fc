// The first-order baselines HF is compared against: their options, reports and interface.

/** The options `adam` and `sgdMomentum` share. */
export interface FirstOrderOptions {
  /** Step size (default: Adam 1e-3, SGD 1e-2). */
  readonly learningRate?: number;
  /** Examples per minibatch, drawn without replacement each step (default min(N, 100)). */
  readonly batchSize?: number;
  /** L2 weight cost, as in HessianFreeOptions (default 0). */
  readonly l2?: number;
  /** Seed of minibatch sampling (default 0). */
  readonly seed?: number;
}

/** Options of `adam` (Kingma & Ba 2015; the defaults are theirs). */
export interface AdamOptions extends FirstOrderOptions {
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second-moment average, in [0, 1) (default 0.999). */
  readonly beta2?: number;
  /** Added to the root of the second moment, > 0 (default 1e-8). */
  readonly epsilon?: number;
}

/** Options of `sgdMomentum`. */
export interface SgdMomentumOptions extends FirstOrderOptions {
  /** Classical momentum, in [0, 1) (default 0.9). */
  readonly momentum?: number;
}

/** What one first-order step did. */
export interface FirstOrderStepReport {
  /** 1 for the first step. */
  readonly step: number;
  /** Objective (mean loss + L2 term) on the minibatch, before the update. */
  readonly loss: number;
  /** Milliseconds of the step (wall clock). */
  readonly timings: { readonly totalMs: number };
}

/** Adam or SGD with momentum behind the same interface as HF. */
export interface FirstOrderOptimizer {
  /** A copy of the current parameters. */
  readonly parameters: Float32Array;
  /** Steps done so far. */
  readonly stepCount: number;
  /** One minibatch update; rejects with the signal's reason, changing nothing, when `signal` has aborted. */
  step(options?: { readonly signal?: AbortSignal }): Promise<FirstOrderStepReport>;
  /** Frees the tensors the optimizer holds; later calls throw. Idempotent. */
  dispose(): void;
}
