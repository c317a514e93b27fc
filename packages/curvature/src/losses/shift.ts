import * as tf from '@tensorflow/tfjs-core';

/**
 * A tensor with the values of f(t) that is a constant for autodiff: a fresh
 * tensor with no tape history. Used for the overflow shifts of log-sum-exp and
 * softplus, which cancel exactly in the math, so treating them as constants is
 * exact at every derivative order and needs no gradient of max or comparisons.
 */
export function detachedMap(t: tf.Tensor, f: (x: number) => number): tf.Tensor {
  const src = t.dataSync();
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return tf.tensor(out, t.shape, 'float32');
}

/** max over the last axis, keepDims, as an autodiff constant. */
export function detachedRowMax(t: tf.Tensor): tf.Tensor {
  const shape = t.shape;
  const width = shape[shape.length - 1];
  const src = t.dataSync();
  const rows = src.length / width;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let k = 0; k < width; k++) m = Math.max(m, src[r * width + k]);
    out[r] = m;
  }
  return tf.tensor(out, [...shape.slice(0, -1), 1], 'float32');
}
