import { ensureGradients, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import type { MiniBatch } from './dataset.js';

/** The objective the optimizers minimize: mean loss on a batch plus (l2 / 2) ||theta||^2. */
export class Objective {
  constructor(
    readonly model: FunctionalModel,
    readonly loss: OutputLoss,
    readonly l2: number,
  ) {}

  /** f(theta) on a batch: one forward pass. NaN and Infinity pass through. */
  value(theta: Float32Array, batch: MiniBatch): number {
    const loss = tf.tidy(() => this.lossOf(tf.tensor1d(theta), batch).dataSync()[0]);
    return loss + this.penalty(theta);
  }

  /** f and its gradient on a batch (reverse mode through @hessian-free/curvature's gradient table). */
  valueAndGradient(theta: Float32Array, batch: MiniBatch): { value: number; gradient: Float32Array } {
    ensureGradients();
    const { value, gradient } = tf.tidy(() => {
      const r = tf.valueAndGrad((t: tf.Tensor) => this.lossOf(t as tf.Tensor1D, batch))(tf.tensor1d(theta));
      return { value: r.value.dataSync()[0], gradient: (r.grad.dataSync() as Float32Array).slice() };
    });
    return this.withPenalty(theta, value, gradient);
  }

  /** Adds the weight cost to a mean loss and its gradient (in place). */
  withPenalty(theta: Float32Array, loss: number, gradient: Float32Array): { value: number; gradient: Float32Array } {
    if (this.l2 !== 0) for (let i = 0; i < gradient.length; i++) gradient[i] += this.l2 * theta[i];
    return { value: loss + this.penalty(theta), gradient };
  }

  /** (l2 / 2) ||theta||^2, accumulated in float64. */
  penalty(theta: Float32Array): number {
    if (this.l2 === 0) return 0;
    let s = 0;
    for (let i = 0; i < theta.length; i++) s += theta[i] * theta[i];
    return 0.5 * this.l2 * s;
  }

  /** The mean loss as a tensor (no penalty), for use inside tidy / gradient functions. */
  lossOf(theta: tf.Tensor1D, batch: MiniBatch): tf.Scalar {
    const z = this.model.trace(theta, batch.inputs)[0];
    return this.loss.value(z, batch.preparedTargets(this.loss, z.shape));
  }
}
