import { ensureGradients, parameterTensors, seededRng, type FunctionalModel, type OutputLoss, type Rng } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { checkDataset, OwnedDataset, sampleIndices } from './dataset.js';
import { Objective } from './objective.js';
import { checkTheta, integer, nonNegative, optionsRecord, positive, positiveInteger } from './options.js';
import type { AdamOptions, Dataset, FirstOrderOptimizer, FirstOrderStepReport, SgdMomentumOptions } from './types.js';
import { checkSignal, throwIfAborted } from './yield.js';

const COMMON = ['learningRate', 'batchSize', 'l2', 'seed'];

/**
 * Adam (Kingma & Ba 2015) on seeded minibatches, with tfjs-core's
 * tf.train.adam and gradients through @hessian-free/curvature's gradient
 * table: the baseline HF is compared against.
 */
export function adam(model: FunctionalModel, loss: OutputLoss, data: Dataset, theta0: Float32Array, options?: AdamOptions): FirstOrderOptimizer {
  const where = 'adam';
  const o = optionsRecord(where, options, new Set([...COMMON, 'beta1', 'beta2', 'epsilon'])) as AdamOptions;
  const learningRate = positive(where, 'learningRate', o.learningRate ?? 1e-3);
  const beta1 = nonNegative(where, 'beta1', o.beta1 ?? 0.9);
  const beta2 = nonNegative(where, 'beta2', o.beta2 ?? 0.999);
  if (beta1 >= 1) throw new RangeError(`${where}: options.beta1 must be in [0, 1), got ${beta1}`);
  if (beta2 >= 1) throw new RangeError(`${where}: options.beta2 must be in [0, 1), got ${beta2}`);
  const epsilon = positive(where, 'epsilon', o.epsilon ?? 1e-8);
  return firstOrder(where, model, loss, data, theta0, o, () => tf.train.adam(learningRate, beta1, beta2, epsilon));
}

/** SGD with classical momentum (tfjs-core's tf.train.momentum) on seeded minibatches. */
export function sgdMomentum(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  options?: SgdMomentumOptions,
): FirstOrderOptimizer {
  const where = 'sgdMomentum';
  const o = optionsRecord(where, options, new Set([...COMMON, 'momentum'])) as SgdMomentumOptions;
  const learningRate = positive(where, 'learningRate', o.learningRate ?? 1e-2);
  const momentum = nonNegative(where, 'momentum', o.momentum ?? 0.9);
  if (momentum >= 1) throw new RangeError(`${where}: options.momentum must be in [0, 1), got ${momentum}`);
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
  if (model === null || typeof model !== 'object' || typeof model.trace !== 'function') {
    throw new TypeError(`${where}: model must be made by functionalModel()`);
  }
  if (loss === null || typeof loss !== 'object' || typeof loss.value !== 'function') {
    throw new TypeError(`${where}: loss must be an OutputLoss (e.g. squaredError, softmaxCrossEntropy)`);
  }
  const theta = checkTheta(where, 'theta0', theta0, model.numParams);
  const l2 = nonNegative(where, 'l2', o.l2 ?? 0);
  const seed = integer(where, 'seed', o.seed ?? 0);
  const n = checkDataset(where, data);
  const batchSize = Math.min(n, positiveInteger(where, 'batchSize', o.batchSize ?? 100));
  return new FirstOrder(where, new Objective(model, loss, l2), new OwnedDataset(where, data), theta, batchSize, seededRng(seed), makeOptimizer());
}

/**
 * One tf.Variable per parameter tensor (not one flat vector): the forward
 * pass then uses them directly, where a flat variable would be split on every
 * step (a copy of all of theta per piece on the WASM backend).
 */
class FirstOrder implements FirstOrderOptimizer {
  private readonly params: tf.Variable[];
  private steps = 0;
  private disposed = false;

  constructor(
    private readonly where: string,
    private readonly objective: Objective,
    private readonly data: OwnedDataset,
    theta0: Float32Array,
    private readonly batchSize: number,
    private readonly rng: Rng,
    private readonly optimizer: tf.Optimizer,
  ) {
    ensureGradients();
    this.params = tf.tidy(() => parameterTensors(objective.model.shapes, theta0).map((t) => tf.variable(t, true)));
  }

  get parameters(): Float32Array {
    this.checkLive();
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

  async step(options: { readonly signal?: AbortSignal } = {}): Promise<FirstOrderStepReport> {
    this.checkLive();
    throwIfAborted(checkSignal(`${this.where}.step`, options?.signal));
    const started = performance.now();
    const batch = this.data.batch(this.batchSize < this.data.size ? sampleIndices(this.data.size, this.batchSize, this.rng) : null);
    try {
      const { l2 } = this.objective;
      const loss = tf.tidy(() => {
        const f = (): tf.Scalar => {
          const value = this.objective.lossAt(this.params, batch);
          return l2 > 0 ? tf.add(value, tf.mul(0.5 * l2, tf.addN(this.params.map((p) => tf.sum(tf.square(p)))))) : value;
        };
        const { value, grads } = tf.variableGrads(f, this.params);
        this.optimizer.applyGradients(grads);
        return value.dataSync()[0];
      });
      this.steps++;
      return { step: this.steps, loss, timings: { totalMs: performance.now() - started } };
    } finally {
      batch.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeOptimizer(this.optimizer);
    tf.dispose(this.params);
    this.data.dispose();
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
