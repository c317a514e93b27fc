/**
 * Small builders for gradient configs. Every gradient in this table follows
 * one rule so that it can itself be differentiated (Hessian-vector products by
 * double backprop): it reads only the upstream `dy` and saved INPUTS, never
 * saved outputs, and computes with tf ops whose gradients are in the table.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The upstream gradient of a single-output kernel. */
export function single(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(dy)) throw new Error('gradients: expected one upstream gradient for a single-output kernel');
  return dy;
}

/** The upstream gradients of a multi-output kernel (tfjs passes a lone tensor when there is one output). */
export function several(dy: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

/** A boolean tensor as a float32 0/1 mask (Cast and the comparisons have gradients in the table). */
export function mask(condition: tf.Tensor): tf.Tensor {
  return tf.cast(condition, 'float32');
}

/** dx = dy * slope(x) for an elementwise kernel whose only input is `x`. */
export function elementwise(
  kernelName: string,
  slope: (x: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor,
): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({ x: () => tf.mul(single(dy), slope(x, attrs)) }),
  };
}

/** Zero gradient for an elementwise kernel of `x` that is piecewise constant (Floor, Sign, ...). */
export function zeroElementwise(kernelName: string): tf.GradConfig {
  return { kernelName, gradFunc: (dy) => ({ x: () => tf.zeros(single(dy).shape) }) };
}

/**
 * Zero gradients for a piecewise-constant kernel whose inputs may differ in
 * shape from its output (broadcasting comparisons, ArgMax): the inputs are
 * saved only for their shapes.
 */
export function zeroGradient(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputNames.map((name, i) => [name, () => tf.zeros(saved[i].shape)])),
  };
}
