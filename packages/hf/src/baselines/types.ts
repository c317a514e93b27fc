// The first-order baselines HF is compared against: their options, reports and interface.

import type { ModelModule } from '@hessian-free/parallel';

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
  /**
   * Where the workers find the model, as in HessianFreeOptions: an ES
   * module's URL and the names of its exports (`model`, default 'model';
   * `args` for a model export that is a function; `loss`, needed only for a
   * loss that is not one of the built-in ones). With it, each step's loss
   * and gradient on the minibatch are split over `workers` worker threads
   * (Web Workers in browsers) by @hessian-free/parallel; the update itself
   * (tf.train's optimizer) runs in this thread. Write the model once, in
   * that module, and import it for `model` too.
   */
  readonly modelModule?: ModelModule;
  /**
   * Number of workers (default: with `modelModule`, as many of the cores
   * available as keep each worker's share of the minibatch at 128 examples
   * and 2^22 examples x parameters or more; else 1, this thread: a
   * minibatch of 100 runs faster in one thread, see docs/scaling.md). 1 runs everything in this thread, with tf.variableGrads
   * on the parameter variables. More than 1 needs `modelModule`. Results of
   * different numbers agree up to float32 summation order; the same number
   * gives the same bits.
   */
  readonly workers?: number;
  /**
   * The URL of a worker script of your own that calls @hessian-free/parallel's
   * `serveShardWorker` (bundlers, browsers); default: the package's own.
   */
  readonly workerScript?: string | URL;
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
  /** Worker threads the minibatch sums run on (1: this thread): `options.workers` or its default. */
  readonly workers: number;
  /**
   * Starts the worker threads and sends them the data (otherwise the first
   * step does, and its time includes theirs); resolves at once without
   * workers. A run that times its steps awaits this first.
   */
  ready(): Promise<void>;
  /**
   * One minibatch update. It first awaits a macrotask (setImmediate in Node, a message to self in browsers), so
   * that timers, UI events and worker messages (a "pause" button, an abort)
   * get a turn in every step; the update itself is synchronous. Rejects with
   * the signal's reason, changing nothing, when `signal` has aborted (before
   * the step or during that wait). With workers, the first step starts them;
   * a worker fault rejects the step with the optimizer unchanged (the next
   * step starts new workers). One step at a time: a call while a step runs
   * rejects.
   */
  step(options?: { readonly signal?: AbortSignal }): Promise<FirstOrderStepReport>;
  /** Frees the tensors the optimizer holds and ends its workers; later calls throw. Idempotent. */
  dispose(): void;
}
