/** Broadcasting in the sweeps: tangents are broadcast forward, cotangents summed back. */
import * as tf from '@tensorflow/tfjs-core';
import { reduceTo } from '../gradients/reduce-to.js';

/** `t` summed over broadcast axes to `shape` (t itself when the shapes already agree). */
export function fitTo(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  return tf.util.arraysEqual(t.shape, shape as number[]) ? t : reduceTo(t, shape);
}

/** `t` broadcast to `shape` (t itself when the shapes already agree). */
export function spreadTo(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  return tf.util.arraysEqual(t.shape, shape as number[]) ? t : tf.broadcastTo(t, shape as number[]);
}

/** a + sign * b for tangents that may be absent (null = zero), broadcast to `shape`; null if both are. */
export function combine(a: tf.Tensor | null, b: tf.Tensor | null, sign: 1 | -1, shape: readonly number[]): tf.Tensor | null {
  if (a !== null && b !== null) return spreadTo(sign === 1 ? tf.add(a, b) : tf.sub(a, b), shape);
  if (a !== null) return spreadTo(a, shape);
  if (b !== null) return spreadTo(sign === 1 ? b : tf.neg(b), shape);
  return null;
}
