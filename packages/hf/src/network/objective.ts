import { ensureGradients, type Batch, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { OwnedDataset } from './dataset.js';
import type { Dataset } from './types.js';

/** The objective the optimizers minimize: mean loss on a batch plus (l2 / 2) ||theta||^2. */
export class Objective {
  constructor(
    readonly model: FunctionalModel,
    readonly loss: OutputLoss,
    readonly l2: number,
  ) {}

  /** f(theta) on a batch: one forward pass, no gradient. NaN/Infinity pass through. */
  value(theta: Float32Array, batch: Batch): number {
    return tf.tidy(() => {
      const t = tf.tensor1d(theta);
      const z = this.model.trace(t, batch.inputs)[0];
      const targets = this.loss.prepareTargets(batch.targets, z.shape);
      return this.loss.value(z, targets).dataSync()[0] + this.penalty(theta);
    });
  }

  /** (l2 / 2) ||theta||^2, in float64. */
  penalty(theta: Float32Array): number {
    if (this.l2 === 0) return 0;
    let s = 0;
    for (let i = 0; i < theta.length; i++) s += theta[i] * theta[i];
    return 0.5 * this.l2 * s;
  }

  /** f and its gradient on a batch (reverse mode through the owned gradient table). */
  valueAndGradient(theta: Float32Array, batch: Batch): { value: number; gradient: Float32Array } {
    ensureGradients();
    return tf.tidy(() => {
      const lossOf = (t: tf.Tensor): tf.Scalar => {
        const z = this.model.trace(t as tf.Tensor1D, batch.inputs)[0];
        return this.loss.value(z, this.loss.prepareTargets(batch.targets, z.shape));
      };
      const { value, grad } = tf.valueAndGrad(lossOf)(tf.tensor1d(theta));
      const gradient = (grad.dataSync() as Float32Array).slice();
      if (this.l2 !== 0) for (let i = 0; i < gradient.length; i++) gradient[i] += this.l2 * theta[i];
      return { value: value.dataSync()[0] + this.penalty(theta), gradient };
    });
  }
}

/**
 * Mean loss of `theta` over a whole data set (no L2 term), computed in
 * chunks of `batchSize` examples (default 1000) so that memory stays bounded.
 */
export function evaluateLoss(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta: Float32Array,
  options: { readonly batchSize?: number } = {},
): number {
  const chunk = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(chunk) || chunk < 1) {
    throw new RangeError(`evaluateLoss: options.batchSize must be a positive integer, got ${String(chunk)}`);
  }
  if (!(theta instanceof Float32Array) || theta.length !== model.numParams) {
    throw new RangeError(`evaluateLoss: theta must be a Float32Array of length ${model.numParams}`);
  }
  const set = new OwnedDataset('evaluateLoss', data);
  const objective = new Objective(model, loss, 0);
  try {
    const { inputs, targets } = set.all();
    let total = 0;
    for (let start = 0; start < set.size; start += chunk) {
      const size = Math.min(chunk, set.size - start);
      const batch = tf.tidy(() => ({
        inputs: tf.slice(inputs, start, size),
        targets: tf.slice(targets as tf.Tensor, start, size),
      }));
      try {
        total += objective.value(theta, batch) * size;
      } finally {
        batch.inputs.dispose();
        (batch.targets as tf.Tensor).dispose();
      }
    }
    return total / set.size;
  } finally {
    set.dispose();
  }
}
