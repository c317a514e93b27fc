import * as tf from '@tensorflow/tfjs-core';

/**
 * Undo broadcasting in a gradient: sum `grad` (shaped like a broadcast result)
 * over the leading axes `shape` lacks and over the axes where `shape` has 1,
 * then reshape to `shape`. Always returns a new tensor (never `grad` itself),
 * so the tape may dispose gradients independently. Sum and Reshape are in the
 * table, so this is differentiable again.
 */
export function reduceTo(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(summed, [...shape]);
}
