import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@hessian-free/linop';
import type { OutputLoss, Targets } from './loss.js';
import { realTargets } from './targets.js';

/**
 * Squared error with a one-half: l_i = (1/2) ||z_i - y_i||^2, so H_i = I and
 * the loss is the Gaussian negative log-likelihood with identity covariance
 * (up to a constant). The batch loss is the mean of l_i (so it is half of the
 * usual "mean squared error" summed over output units). Targets: a float32
 * tensor or Float32Array of the outputs' shape.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { curvatureAt, functionalModel, squaredError } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * const model = functionalModel({ shapes: [[2, 1]], forward: ([w], x) => tf.matMul(x, w) });
 * const inputs = tf.tensor2d([[1, 0], [0, 1]]);
 * const at = curvatureAt(model, squaredError, Float32Array.of(0, 0), { inputs, targets: Float32Array.of(1, 2) });
 * at.loss; // ((1/2) 1^2 + (1/2) 2^2) / 2 = 1.25
 * at.dispose();
 * inputs.dispose();
 * ```
 */
export const squaredError: OutputLoss = Object.freeze({
  name: 'squared-error',
  prepareTargets(targets: Targets, outputShape: readonly number[]): tf.Tensor {
    return tf.tensor(realTargets(targets, outputShape), outputShape as number[], 'float32');
  },
  value(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
    const r = tf.sub(z, y);
    return tf.mul(tf.sum(tf.mul(r, r)), tf.scalar(0.5 / z.shape[0]));
  },
  prediction: (z: tf.Tensor): tf.Tensor => tf.clone(z),
  // H_i = I.
  outputHessianProduct: (_z: tf.Tensor, u: tf.Tensor): tf.Tensor => tf.clone(u),
  outputGradient: (z: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sub(z, y),
  // y ~ N(z, I).
  sample(z: tf.Tensor, rng: Rng): tf.Tensor {
    const mean = z.dataSync();
    const y = new Float32Array(mean.length);
    for (let i = 0; i < y.length; i++) y[i] = mean[i] + rng.normal();
    return tf.tensor(y, z.shape, 'float32');
  },
});
