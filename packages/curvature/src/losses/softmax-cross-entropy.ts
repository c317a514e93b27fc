import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@hessian-free/linop';
import { checkDistributionRows, shapeString } from '../checks.js';
import type { OutputLoss, Targets } from './loss.js';
import { detachedRowMax } from './shift.js';
import { labelTargets, oneHotTensor, realTargets } from './targets.js';

/**
 * Softmax cross-entropy over the last axis of z (the classes):
 * l_i = sum over rows r of example i of (logsumexp(z_r) - <y_r, z_r>).
 *
 * Targets: integer labels (Int32Array or an int32 tensor shaped like z without
 * its class axis), or rows of class probabilities (one-hot or soft, a float
 * tensor or Float32Array shaped like z; each row sums to 1).
 *
 * With p = softmax(z): dl/dz = p - y and H u = p .* u - p (p'u) per row.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { curvatureAt, functionalModel, softmaxCrossEntropy } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * const model = functionalModel({ shapes: [[2, 3]], forward: ([W], x) => tf.matMul(x, W) });
 * const inputs = tf.tensor2d([[1, 0], [0, 1]]);
 * const labels = Int32Array.of(2, 0); // or one-hot rows: tf.tensor2d([[0, 0, 1], [1, 0, 0]])
 * const at = curvatureAt(model, softmaxCrossEntropy, new Float32Array(6), { inputs, targets: labels });
 * at.loss; // log 3 at W = 0
 * at.dispose();
 * inputs.dispose();
 * ```
 */
export const softmaxCrossEntropy: OutputLoss = Object.freeze({
  name: 'softmax-cross-entropy',
  prepareTargets(targets: Targets, outputShape: readonly number[]): tf.Tensor {
    if (outputShape.length < 2) {
      throw new RangeError(`softmaxCrossEntropy needs outputs of rank >= 2 (classes last), got ${shapeString(outputShape)}`);
    }
    const isLabels = targets instanceof Int32Array || (targets instanceof tf.Tensor && targets.dtype === 'int32');
    if (isLabels) return oneHotTensor(labelTargets(targets as tf.Tensor | Int32Array, outputShape), outputShape);
    const data = realTargets(targets, outputShape);
    checkDistributionRows('targets', data, outputShape[outputShape.length - 1]);
    return tf.tensor(data, outputShape as number[], 'float32');
  },
  value(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
    // logsumexp(z) = m + log sum exp(z - m) with the row max m held constant.
    const m = detachedRowMax(z);
    const lse = tf.add(m, tf.log(tf.sum(tf.exp(tf.sub(z, m)), -1, true)));
    // sum_k y_k (lse - z_k) = lse - <y, z> because each row of y sums to 1.
    return tf.mul(tf.sum(tf.mul(y, tf.sub(lse, z))), tf.scalar(1 / z.shape[0]));
  },
  prediction: (z: tf.Tensor): tf.Tensor => tf.softmax(z),
  outputHessianProduct(p: tf.Tensor, u: tf.Tensor): tf.Tensor {
    const pu = tf.mul(p, u);
    return tf.sub(pu, tf.mul(p, tf.sum(pu, -1, true)));
  },
  outputGradient: (p: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sub(p, y),
  // One class per row, drawn from Categorical(p), returned one-hot.
  sample(p: tf.Tensor, rng: Rng): tf.Tensor {
    const probs = p.dataSync();
    const classes = p.shape[p.rank - 1];
    const y = new Float32Array(probs.length);
    for (let r = 0; r < probs.length / classes; r++) {
      const u = rng.uniform();
      let c = 0;
      let acc = probs[r * classes];
      while (acc <= u && c < classes - 1) acc += probs[r * classes + ++c];
      y[r * classes + c] = 1;
    }
    return tf.tensor(y, p.shape, 'float32');
  },
});
