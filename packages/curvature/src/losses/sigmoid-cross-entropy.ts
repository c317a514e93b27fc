import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@hessian-free/linop';
import { checkUnitInterval } from '../checks.js';
import type { OutputLoss, Targets } from './loss.js';
import { detachedMaps } from './shift.js';
import { realTargets } from './targets.js';

/**
 * Sigmoid (Bernoulli) cross-entropy, elementwise on logits z with targets
 * y in [0, 1]: l_i = sum over elements of softplus(z) - y z.
 *
 * With p = sigmoid(z): dl/dz = p - y and H u = p (1 - p) .* u. Targets: a
 * float32 tensor or Float32Array of the outputs' shape.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { curvatureAt, functionalModel, sigmoidCrossEntropy } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * const model = functionalModel({ shapes: [[2, 2]], forward: ([W], x) => tf.matMul(x, W) });
 * const inputs = tf.tensor2d([[1, 0], [0, 1]]);
 * const targets = Float32Array.of(1, 0, 0.5, 1); // in [0, 1], shaped like the outputs
 * const at = curvatureAt(model, sigmoidCrossEntropy, new Float32Array(4), { inputs, targets });
 * at.loss; // 2 log 2 at W = 0 (two outputs per example)
 * at.dispose();
 * inputs.dispose();
 * ```
 */
export const sigmoidCrossEntropy: OutputLoss = Object.freeze({
  name: 'sigmoid-cross-entropy',
  prepareTargets(targets: Targets, outputShape: readonly number[]): tf.Tensor {
    const data = realTargets(targets, outputShape);
    checkUnitInterval('targets', data);
    return tf.tensor(data, outputShape as number[], 'float32');
  },
  value(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
    // softplus(z) = c + log(exp(-c) + exp(z - c)) with c = max(z, 0) held constant.
    const [c, expNegC] = detachedMaps(z, (x) => Math.max(x, 0), (x) => Math.exp(-Math.max(x, 0)));
    const softplus = tf.add(c, tf.log(tf.add(expNegC, tf.exp(tf.sub(z, c)))));
    return tf.mul(tf.sum(tf.sub(softplus, tf.mul(y, z))), tf.scalar(1 / z.shape[0]));
  },
  prediction: (z: tf.Tensor): tf.Tensor => tf.sigmoid(z),
  outputHessianProduct: (p: tf.Tensor, u: tf.Tensor): tf.Tensor => tf.mul(tf.mul(p, tf.sub(1, p)), u),
  outputGradient: (p: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sub(p, y),
  // y ~ Bernoulli(p) elementwise.
  sample(p: tf.Tensor, rng: Rng): tf.Tensor {
    const probs = p.dataSync();
    const y = new Float32Array(probs.length);
    for (let i = 0; i < y.length; i++) y[i] = rng.uniform() < probs[i] ? 1 : 0;
    return tf.tensor(y, p.shape, 'float32');
  },
});
