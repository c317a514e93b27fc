import * as tf from '@tensorflow/tfjs-core';
import type { FunctionalModel } from './model.js';

/**
 * Jacobian products of the traced map theta -> [output, ...hidden] at a fixed
 * point and batch.
 *
 * tfjs records a tape per gradient call and consumes it, and has no forward
 * mode, so each product here re-runs the forward pass inside its gradient
 * call (the cached activations of CurvatureAt serve the loss-side closed
 * forms). Costs, in units of one forward pass F with a backward pass ~2F:
 *   vjp: F + 2F;   jvp (double-vjp): F + 2F + ~2F.
 */
export interface Linearization {
  /** J' w = sum_k J_k' w_k for the cotangents given (null skips that output). */
  vjp(cotangents: readonly (tf.Tensor | null)[]): tf.Tensor1D;
  /** [J_k v for k in which]. */
  jvp(v: tf.Tensor1D, which: readonly number[]): tf.Tensor[];
}

export function linearize(
  model: FunctionalModel,
  theta: tf.Tensor1D,
  inputs: tf.Tensor,
  outputShapes: readonly (readonly number[])[],
): Linearization {
  // <outs, w> summed over the outputs that have a cotangent.
  const pairing = (outs: tf.Tensor[], cotangents: readonly (tf.Tensor | null)[]): tf.Scalar => {
    let total: tf.Scalar | null = null;
    cotangents.forEach((w, k) => {
      if (w === null) return;
      const term = tf.sum(tf.mul(outs[k], w)) as tf.Scalar;
      total = total === null ? term : (tf.add(total, term) as tf.Scalar);
    });
    if (total === null) throw new Error('vjp: no cotangent given');
    return total;
  };

  // J' w = d/dtheta <f(theta), w>.
  const vjp = (cotangents: readonly (tf.Tensor | null)[]): tf.Tensor1D =>
    tf.grad((th: tf.Tensor) => pairing(model.trace(th as tf.Tensor1D, inputs), cotangents))(theta) as tf.Tensor1D;

  // J v = d/du <J' u, v>: u -> J'u is linear, so the derivative is taken at u = 0
  // (the double-vjp trick; it differentiates only the backward pass, with the
  // saved activations legitimately constant).
  const jvp = (v: tf.Tensor1D, which: readonly number[]): tf.Tensor[] => {
    const at = which.map((k) => tf.zeros(outputShapes[k] as number[]));
    return tf.grads((...us: tf.Tensor[]) => {
      const cotangents: (tf.Tensor | null)[] = outputShapes.map(() => null);
      which.forEach((k, j) => (cotangents[k] = us[j]));
      return tf.sum(tf.mul(vjp(cotangents), v));
    })(at);
  };

  return { vjp, jvp };
}
