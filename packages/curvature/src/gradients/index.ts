/**
 * The gradient table of @hessian-free/curvature: gradients, registered with
 * tfjs-core's public `registerGradient`, for every kernel that dense and
 * recurrent models and the package's losses use, written so that they are
 * correct at second order (see builders.ts) and keep MatMul on the fast path
 * (see matmul.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { activationGradients } from './activations.js';
import { arithmeticGradients } from './arithmetic.js';
import { comparisonGradients } from './comparison.js';
import { matMulGradients } from './matmul.js';
import { reductionGradients } from './reduction.js';
import { selectGradients } from './select.js';
import { shapeGradients } from './shape.js';
import { unaryGradients } from './unary.js';

const TABLE: readonly tf.GradConfig[] = [
  ...arithmeticGradients,
  ...unaryGradients,
  ...activationGradients,
  ...matMulGradients,
  ...reductionGradients,
  ...shapeGradients,
  ...selectGradients,
  ...comparisonGradients,
];

const KERNELS: readonly string[] = Object.freeze(TABLE.map((config) => config.kernelName).sort());

/**
 * Makes this table the registered gradient of every kernel it covers.
 *
 * Idempotent and cheap (one registry lookup per kernel), so the operators call
 * it every time: an entry that is already ours is left alone, and one that is
 * not (nothing registered, or tfjs's own gradient registered by importing the
 * `@tensorflow/tfjs` union, even after an earlier call) is unregistered and
 * replaced. Unregistering first keeps tfjs from logging "Overriding the
 * gradient" in DEBUG mode.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ensureGradients } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * ensureGradients(); // plain tf.grad now uses the table, right at second order
 * const f = (x: tf.Tensor) => tf.sum(tf.tanh(x));
 * const v = tf.tensor1d([1, 0.5, -1]);
 * // A Hessian-vector product by double backprop (Pearlmutter):
 * const Hv = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(x), v)))(tf.tensor1d([0.3, -0.7, 1.2]));
 * ```
 */
export function ensureGradients(): void {
  for (const config of TABLE) {
    const current = tf.getGradient(config.kernelName);
    if (current === config) continue;
    if (current !== undefined) tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
}

/**
 * The kernel names (tfjs-core's, e.g. 'BatchMatMul') whose gradients this
 * table provides, sorted: the kernels a model's forward pass may run on the
 * path from the parameters to the loss.
 *
 * @example
 * ```ts
 * import { supportedKernels } from '@hessian-free/curvature';
 * supportedKernels().includes('BatchMatMul'); // true: tf.matMul
 * supportedKernels().includes('Cos'); // false: a model using tf.cos fails with an error naming 'Cos'
 * ```
 */
export function supportedKernels(): readonly string[] {
  return KERNELS;
}
