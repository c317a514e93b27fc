import * as tf from '@tensorflow/tfjs-core';

/**
 * Tensors with the values of f(t) and g(t) (from one read of t's data) that
 * are constants for autodiff: fresh tensors with no tape history. Used for the
 * overflow shifts of log-sum-exp and softplus, which cancel exactly in the
 * math, so treating them as constants is exact at every derivative order and
 * needs no gradient of max or comparisons.
 */
export function detachedMaps(t: tf.Tensor, f: (x: number) => number, g: (x: number) => number): [tf.Tensor, tf.Tensor] {
  const src = t.dataSync();
  const a = new Float32Array(src.length);
  const b = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    a[i] = f(src[i]);
    b[i] = g(src[i]);
  }
  return [tf.tensor(a, t.shape, 'float32'), tf.tensor(b, t.shape, 'float32')];
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
