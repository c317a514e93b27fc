import { ensureGradients, seededRng, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { OwnedDataset } from './dataset.js';
import { checkTheta, nonNegative, positive, positiveInteger } from './options.js';
import type { AdamOptions, Dataset, FirstOrderOptimizer, FirstOrderOptions, FirstOrderStepReport, SgdMomentumOptions } from './types.js';
import { throwIfAborted } from './yield.js';

/** Adam (Kingma & Ba 2015) with tfjs-core's tf.train.adam, on seeded minibatches. */
export function adam(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  options: AdamOptions = {},
): FirstOrderOptimizer {
  const where = 'adam';
  const learningRate = positive(where, 'learningRate', options.learningRate ?? 1e-3);
  const beta1 = nonNegative(where, 'beta1', options.beta1 ?? 0.9);
  const beta2 = nonNegative(where, 'beta2', options.beta2 ?? 0.999);
  if (beta1 >= 1 || beta2 >= 1) throw new RangeError(`${where}: options.beta1 and options.beta2 must be < 1`);
  const epsilon = positive(where, 'epsilon', options.epsilon ?? 1e-8);
  return new FirstOrder(where, model, loss, data, theta0, options, () => tf.train.adam(learningRate, beta1, beta2, epsilon));
}

/** SGD with classical momentum (tfjs-core's tf.train.momentum), on seeded minibatches. */
export function sgdMomentum(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  options: SgdMomentumOptions = {},
): FirstOrderOptimizer {
  const where = 'sgdMomentum';
  const learningRate = positive(where, 'learningRate', options.learningRate ?? 1e-2);
  const momentum = nonNegative(where, 'momentum', options.momentum ?? 0.9);
  if (momentum >= 1) throw new RangeError(`${where}: options.momentum must be < 1, got ${momentum}`);
  return new FirstOrder(where, model, loss, data, theta0, options, () => tf.train.momentum(learningRate, momentum));
}

class FirstOrder implements FirstOrderOptimizer {
  private readonly data: OwnedDataset;
  private readonly theta: tf.Variable;
  private readonly optimizer: tf.Optimizer;
  private readonly batchSize: number;
  private readonly l2: number;
  private readonly rng;
  private steps = 0;
  private disposed = false;

  constructor(
    private readonly where: string,
    private readonly model: FunctionalModel,
    private readonly loss: OutputLoss,
    data: Dataset,
    theta0: Float32Array,
    options: FirstOrderOptions,
    makeOptimizer: () => tf.Optimizer,
  ) {
    const theta = checkTheta(where, theta0, model.numParams);
    this.l2 = nonNegative(where, 'l2', options.l2 ?? 0);
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new RangeError(`${where}: options.seed must be an integer, got ${String(seed)}`);
    this.rng = seededRng(seed);
    this.data = new OwnedDataset(where, data);
    this.batchSize = Math.min(this.data.size, positiveInteger(where, 'batchSize', options.batchSize ?? 100));
    const initial = tf.tensor1d(theta);
    this.theta = tf.variable(initial, true); // shares nothing the caller must keep
    initial.dispose();
    this.optimizer = makeOptimizer();
    ensureGradients();
  }

  get parameters(): Float32Array {
    this.checkLive();
    return (this.theta.dataSync() as Float32Array).slice();
  }

  get stepCount(): number {
    return this.steps;
  }

  async step(options: { readonly signal?: AbortSignal } = {}): Promise<FirstOrderStepReport> {
    this.checkLive();
    throwIfAborted(options.signal);
    const started = performance.now();
    const batch = this.data.sample(this.batchSize, this.rng);
    try {
      const loss = tf.tidy(() => {
        const objective = (): tf.Scalar => {
          const z = this.model.trace(this.theta as tf.Tensor as tf.Tensor1D, batch.inputs)[0];
          const value = this.loss.value(z, this.loss.prepareTargets(batch.targets, z.shape));
          return this.l2 > 0 ? tf.add(value, tf.mul(0.5 * this.l2, tf.sum(tf.square(this.theta)))) : value;
        };
        const { value, grads } = tf.variableGrads(objective, [this.theta]);
        this.optimizer.applyGradients(grads);
        return value.dataSync()[0];
      });
      this.steps++;
      return { step: this.steps, loss, timings: { totalMs: performance.now() - started } };
    } finally {
      this.data.disposeBatch(batch);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    this.theta.dispose();
    this.data.dispose();
  }

  private checkLive(): void {
    if (this.disposed) throw new Error(`${this.where}: used after dispose()`);
  }
}
