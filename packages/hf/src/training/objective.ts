import { curvatureAt, parameterTensors, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
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
    const loss = tf.tidy(() => this.lossAt(parameterTensors(this.model.shapes, theta), batch).dataSync()[0]);
    return loss + this.penalty(theta);
  }

  /**
   * f and its gradient on a batch: one recorded forward pass and one reverse
   * sweep through @hessian-free/curvature's gradient table (curvatureAt).
   */
  valueAndGradient(theta: Float32Array, batch: MiniBatch): { value: number; gradient: Float32Array } {
    const at = curvatureAt(this.model, this.loss, theta, batch);
    try {
      return this.withPenalty(theta, at.loss, at.gradient.slice());
    } finally {
      at.dispose();
    }
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

  /** The mean loss at the parameter tensors (no penalty), for use inside tidy / gradient functions. */
  lossAt(params: readonly tf.Tensor[], batch: MiniBatch): tf.Scalar {
    const z = this.model.traceParams(params, batch.inputs)[0];
    return this.loss.value(z, batch.preparedTargets(this.loss, z.shape));
  }
}
