import { ensureGradients, parameterTensors, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import { seededRng, type Rng } from '@hessian-free/linop';
import * as tf from '@tensorflow/tfjs-core';
import { checkDecay, checkInteger, checkNonNegative, checkOptions, checkPositive, checkSeed, checkSignal } from '../checks.js';
import { checkDataset, checkLoss, checkModel, checkParameters } from '../training/checks.js';
import { OwnedDataset, sampleIndices, type Dataset } from '../training/dataset.js';
import { nextTask, throwIfAborted } from '../training/event-loop.js';
import { probeExamples } from '../training/examples.js';
import { Objective } from '../training/objective.js';
import { ParallelEvaluator, type WorkerSetup } from '../training/parallel-evaluator.js';
import { MIN_EXAMPLES_PER_WORKER, parallelSettings } from '../training/parallel-settings.js';
import type { AdamOptions, FirstOrderOptimizer, FirstOrderStepReport, SgdMomentumOptions } from './types.js';

const COMMON = ['learningRate', 'batchSize', 'l2', 'seed', 'workers', 'modelModule', 'workerScript'];

/**
 * Adam (Kingma & Ba 2015) on seeded minibatches, with tfjs-core's
 * tf.train.adam and gradients through @hessian-free/curvature's gradient
 * table: the baseline HF is compared against. Arguments are checked as
 * `hessianFree` checks them; the data are copied.
 *
 * With `workers` > 1 (and the model in a `modelModule`, as for
 * `hessianFree`), each step's minibatch loss and gradient are split over
 * worker threads by @hessian-free/parallel and the update runs in this
 * thread: a race against HF can give both the same cores. The first step
 * starts the workers; `dispose()` ends them.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adam, functionalModel, sparseInit, squaredError } from '@hessian-free/hf';
 * const model = functionalModel({
 *   shapes: [[2, 1], [1]],
 *   forward: ([w, b], x) => tf.add(tf.matMul(x, w), b),
 * });
 * const data = { inputs: tf.tensor2d([[1, 2], [3, 4]]), targets: tf.tensor2d([[1], [2]]) };
 * const opt = adam(model, squaredError, data, sparseInit(model.shapes), { learningRate: 1e-2 });
 * const { loss } = await opt.step();
 * opt.dispose();
 * ```
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adam, softmaxCrossEntropy, sparseInit, useWasmBackend, type FunctionalModel } from '@hessian-free/hf';
 * await useWasmBackend();
 * // classifier.mjs exports `model`, a functionalModel over 4 inputs and 3 classes.
 * const url = new URL('./classifier.mjs', import.meta.url).href;
 * const { model } = (await import(url)) as { model: FunctionalModel };
 * const data = { inputs: tf.randomNormal([1000, 4]), targets: Int32Array.from({ length: 1000 }, (_, i) => i % 3) };
 * const opt = adam(model, softmaxCrossEntropy, data, sparseInit(model.shapes), { batchSize: 200, workers: 2, modelModule: { url } });
 * await opt.step(); // starts 2 workers; each sums the gradient of 100 examples
 * opt.dispose(); // ends them
 * ```
 */
export function adam(model: FunctionalModel, loss: OutputLoss, data: Dataset, theta0: Float32Array, options?: AdamOptions): FirstOrderOptimizer {
  const where = 'adam';
  checkOptions(`${where}: options`, options, new Set([...COMMON, 'beta1', 'beta2', 'epsilon']));
  const o: AdamOptions = options ?? {};
  const learningRate = o.learningRate ?? 1e-3;
  const beta1 = o.beta1 ?? 0.9;
  const beta2 = o.beta2 ?? 0.999;
  const epsilon = o.epsilon ?? 1e-8;
  checkPositive(`${where}: options.learningRate`, learningRate);
  checkDecay(`${where}: options.beta1`, beta1);
  checkDecay(`${where}: options.beta2`, beta2);
  checkPositive(`${where}: options.epsilon`, epsilon);
  return firstOrder(where, model, loss, data, theta0, o, () => tf.train.adam(learningRate, beta1, beta2, epsilon));
}

/**
 * SGD with classical momentum (tfjs-core's tf.train.momentum) on seeded
 * minibatches, behind the same interface as `adam`, with the same `workers`,
 * `modelModule` and `workerScript` options.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { functionalModel, sgdMomentum, sparseInit, squaredError } from '@hessian-free/hf';
 * const model = functionalModel({
 *   shapes: [[2, 1], [1]],
 *   forward: ([w, b], x) => tf.add(tf.matMul(x, w), b),
 * });
 * const data = { inputs: tf.tensor2d([[1, 2], [3, 4]]), targets: tf.tensor2d([[1], [2]]) };
 * const opt = sgdMomentum(model, squaredError, data, sparseInit(model.shapes), { learningRate: 1e-2, momentum: 0.9 });
 * const { loss } = await opt.step();
 * opt.dispose();
 * ```
 */
export function sgdMomentum(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  options?: SgdMomentumOptions,
): FirstOrderOptimizer {
  const where = 'sgdMomentum';
  checkOptions(`${where}: options`, options, new Set([...COMMON, 'momentum']));
  const o: SgdMomentumOptions = options ?? {};
  const learningRate = o.learningRate ?? 1e-2;
  const momentum = o.momentum ?? 0.9;
  checkPositive(`${where}: options.learningRate`, learningRate);
  checkDecay(`${where}: options.momentum`, momentum);
  return firstOrder(where, model, loss, data, theta0, o, () => tf.train.momentum(learningRate, momentum));
}

/** Checks the shared arguments, then builds the optimizer (nothing is allocated before the checks pass). */
function firstOrder(
  where: string,
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  o: AdamOptions & SgdMomentumOptions,
  makeOptimizer: () => tf.Optimizer,
): FirstOrderOptimizer {
  checkModel(`${where}: model`, model);
  checkLoss(`${where}: loss`, loss);
  checkParameters(`${where}: theta0`, theta0, model.numParams);
  const l2 = o.l2 ?? 0;
  const seed = o.seed ?? 0;
  const batchSize = o.batchSize ?? 100;
  checkNonNegative(`${where}: options.l2`, l2);
  checkSeed(`${where}: options.seed`, seed);
  checkDataset(`${where}: data`, data);
  probeExamples(where, model, loss, data, theta0);
  checkInteger(`${where}: options.batchSize`, batchSize, 1);
  const n = data.inputs.shape[0];
  const { workers, modelModule, workerScript } = parallelSettings(`${where}: options`, o, Math.min(n, batchSize), model.numParams, MIN_EXAMPLES_PER_WORKER.firstOrder);
  const setup = workers > 1 && modelModule !== undefined ? { workers, modelModule, workerScript } : null;
  const objective = new Objective(model, loss, l2);
  const owned = new OwnedDataset(`${where}: data`, data);
  return new FirstOrder(where, objective, owned, theta0.slice(), Math.min(n, batchSize), seededRng(seed), makeOptimizer(), setup);
}

/**
 * One tf.Variable per parameter tensor (not one flat vector): the forward
 * pass then uses them directly, where a flat variable would be split on every
 * step (a copy of all of theta per piece on the WASM backend). With workers,
 * the loss and gradient come from the engine (ParallelEvaluator) and only
 * the update runs here, on the same variables.
 */
class FirstOrder implements FirstOrderOptimizer {
  private readonly params: tf.Variable[];
  /** null: everything in this thread. */
  private readonly evaluator: ParallelEvaluator | null;
  private steps = 0;
  private disposed = false;
  private busy = false;

  constructor(
    private readonly where: string,
    private readonly objective: Objective,
    private readonly data: OwnedDataset,
    theta0: Float32Array,
    private readonly batchSize: number,
    private rng: Rng,
    private readonly optimizer: tf.Optimizer,
    setup: WorkerSetup | null,
  ) {
    ensureGradients();
    this.params = tf.tidy(() => parameterTensors(objective.model.shapes, theta0).map((t) => tf.variable(t, true)));
    this.evaluator = setup === null ? null : new ParallelEvaluator(objective.model, objective.loss, data, objective, setup, where);
  }

  get parameters(): Float32Array {
    this.checkLive();
    return this.readParameters();
  }

  /** The variables' values, concatenated. */
  private readParameters(): Float32Array {
    const theta = new Float32Array(this.objective.model.numParams);
    let offset = 0;
    for (const p of this.params) {
      theta.set(p.dataSync() as Float32Array, offset);
      offset += p.size;
    }
    return theta;
  }

  get stepCount(): number {
    return this.steps;
  }

  get workers(): number {
    return this.evaluator === null ? 1 : this.evaluator.workers;
  }

  async ready(): Promise<void> {
    this.checkLive();
    await this.evaluator?.ready();
  }

  async step(options: { readonly signal?: AbortSignal } = {}): Promise<FirstOrderStepReport> {
    this.checkLive();
    const signal = options?.signal;
    checkSignal(`${this.where}.step: options.signal`, signal);
    throwIfAborted(signal);
    if (this.busy) throw new Error(`${this.where}.step: a step is already running; await it before starting the next`);
    this.busy = true;
    try {
      const started = performance.now();
      // A turn of the event loop in every step: pending messages (a pause, an
      // abort) run here, before anything of the step is done.
      await nextTask();
      throwIfAborted(signal);
      this.checkLive();
      const { evaluator } = this;
      if (evaluator !== null) {
        await evaluator.ready(); // starts the workers on the first step, or anew after a fault
        throwIfAborted(signal);
        this.checkLive();
      }
      const position = this.rng.state();
      let loss: number;
      try {
        const indices = this.batchSize < this.data.size ? sampleIndices(this.data.size, this.batchSize, this.rng) : null;
        loss = evaluator === null ? this.updateInThread(indices) : this.updateFromWorkers(evaluator, indices);
      } catch (error) {
        this.rng = seededRng(position); // a failed step draws no minibatch: the retry draws the same one
        throw error;
      }
      this.steps++;
      return { step: this.steps, loss, timings: { totalMs: performance.now() - started } };
    } finally {
      this.busy = false;
    }
  }

  /** Loss and gradient by tf.variableGrads on the parameter variables, then the update; returns f before it. */
  private updateInThread(indices: Int32Array | null): number {
    const batch = this.data.batch(indices);
    try {
      const { l2 } = this.objective;
      return tf.tidy(() => {
        const f = (): tf.Scalar => {
          const value = this.objective.lossAt(this.params, batch);
          return l2 > 0 ? tf.add(value, tf.mul(0.5 * l2, tf.addN(this.params.map((p) => tf.sum(tf.square(p)))))) : value;
        };
        const { value, grads } = tf.variableGrads(f, this.params);
        this.optimizer.applyGradients(grads);
        return value.dataSync()[0];
      });
    } finally {
      batch.dispose();
    }
  }

  /**
   * Loss and gradient summed by the workers (the l2 term added here, as
   * hessianFree adds it), then the same update on the parameter variables;
   * returns f before it. A worker fault throws before anything changes.
   */
  private updateFromWorkers(evaluator: ParallelEvaluator, indices: Int32Array | null): number {
    const theta = this.readParameters();
    const batches = evaluator.batches(indices, indices);
    let value: number;
    let gradient: Float32Array;
    try {
      ({ value, gradient } = batches.valueAndGradient(theta));
    } finally {
      batches.dispose();
    }
    tf.tidy(() => {
      const pieces = parameterTensors(this.objective.model.shapes, gradient);
      const grads: tf.NamedTensorMap = {};
      this.params.forEach((p, k) => {
        grads[p.name] = pieces[k];
      });
      this.optimizer.applyGradients(grads);
    });
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeOptimizer(this.optimizer);
    tf.dispose(this.params);
    if (this.evaluator !== null) this.evaluator.dispose(); // ends the workers, frees the data
    else this.data.dispose();
  }

  private checkLive(): void {
    if (this.disposed) throw new Error(`${this.where}: the optimizer was disposed`);
  }
}

/**
 * optimizer.dispose(), plus the learning-rate scalar `c` of SGDOptimizer,
 * which tfjs-core 4.22's MomentumOptimizer.dispose forgets (it does not call
 * super.dispose()).
 */
function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c: unknown = (optimizer as unknown as { c?: unknown }).c;
  if (c instanceof tf.Tensor && !c.isDisposed) c.dispose();
}
