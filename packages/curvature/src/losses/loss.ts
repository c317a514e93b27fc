import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@hessian-free/linop';

/**
 * Targets as the caller passes them: a tensor, or a typed array holding the
 * tensor's data in row-major order (Int32Array for class labels). Each loss
 * says which forms it takes.
 */
export type Targets = tf.Tensor | Float32Array | Int32Array;

/**
 * A loss on the model outputs z (batch on axis 0) whose Hessian with respect to
 * z is known in closed form.
 *
 * Normalization, used everywhere in this package: the loss is the MEAN over the
 * N examples of per-example losses l_i, each SUMMED over the other axes of z.
 * The closed forms below are per example (no 1/N); the curvature operators
 * apply the 1/N.
 *
 * All three losses here are negative log-likelihoods of an exponential family
 * with its canonical link, so dl_i/dz_i = prediction_i - y_i and H_L does not
 * depend on the targets.
 */
export interface OutputLoss {
  /** The loss's name, e.g. 'softmax-cross-entropy'. */
  readonly name: string;
  /**
   * Checks `targets` against the outputs' shape (error names `targets`) and
   * returns them as a new float32 tensor of the outputs' shape, which the
   * caller owns.
   */
  prepareTargets(targets: Targets, outputShape: readonly number[]): tf.Tensor;
  /** (1/N) sum_i l_i(z_i, y_i), differentiable to second order through the owned gradient table. */
  value(outputs: tf.Tensor, targets: tf.Tensor): tf.Scalar;
  /** The predictive statistic the closed forms need: z, softmax(z) or sigmoid(z). */
  prediction(outputs: tf.Tensor): tf.Tensor;
  /** H_i u_i for every example i, where H_i = d^2 l_i / dz_i^2. */
  outputHessianProduct(prediction: tf.Tensor, u: tf.Tensor): tf.Tensor;
  /** g_i = dl_i / dz_i for every example i. */
  outputGradient(prediction: tf.Tensor, targets: tf.Tensor): tf.Tensor;
  /** Targets drawn from the model's predictive distribution, in the canonical form of prepareTargets. */
  sample(prediction: tf.Tensor, rng: Rng): tf.Tensor;
}
