/**
 * Tensor results read back into Float32Arrays: the work runs in tf.tidy
 * (inside explainingMissingGradients, so a kernel without a gradient is
 * named), the data is copied out, and the tensors are disposed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { explainingMissingGradients } from './gradients/missing.js';
import { writeParts, type Parts } from './linearization.js';

/** Runs `f` and returns a copy of its tensor's data, disposing the tensor. */
export function readTensor(f: () => tf.Tensor): Float32Array {
  const t = explainingMissingGradients(() => tf.tidy(f));
  try {
    return (t.dataSync() as Float32Array).slice();
  } finally {
    t.dispose();
  }
}

/** Runs `f` (a theta-vector of length `n` as parts) and returns it as one Float32Array, disposing the parts. */
export function readParts(n: number, f: () => Parts): Float32Array {
  const parts = explainingMissingGradients(() => tf.tidy(f));
  try {
    const out = new Float32Array(n);
    writeParts(parts, out);
    return out;
  } finally {
    tf.dispose(parts);
  }
}
