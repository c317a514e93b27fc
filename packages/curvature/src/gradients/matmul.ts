/**
 * BatchMatMul (tf.matMul). On the WASM backend a matMul with transposeA or
 * transposeB set runs 10-15 times slower than a plain one, while an explicit
 * transpose costs little, so every product here is a plain matMul of
 * explicitly transposed operands. With C = op(A) op(B):
 *
 *   A B     : dA = dC B^T        dB = A^T dC
 *   A B^T   : dA = dC B          dB = dC^T A
 *   A^T B   : dA = B dC^T        dB = A dC
 *   A^T B^T : dA = (dC B)^T      dB = (A dC)^T
 *
 * Batch dimensions broadcast in the forward product are summed back. dC's
 * subnormals are flushed to 0 first (subnormals.ts: they make WASM's matMul
 * 20-80 times slower).
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './builders.js';
import { reduceTo } from './reduce-to.js';
import { flushSubnormals } from './subnormals.js';

/** Transpose of the last two axes (the matrix axes of a batch of matrices). */
function t(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = x.rank;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(x, perm);
}

/** dA and dB of C = op(A) op(B) for the upstream dC (flushed), as plain matMuls of explicit transposes (table above). */
export function products(
  upstream: tf.Tensor,
  a: tf.Tensor,
  b: tf.Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { dA: () => tf.Tensor; dB: () => tf.Tensor } {
  const dC = flushSubnormals(upstream);
  if (!transposeA && !transposeB) return { dA: () => tf.matMul(dC, t(b)), dB: () => tf.matMul(t(a), dC) };
  if (!transposeA) return { dA: () => tf.matMul(dC, b), dB: () => tf.matMul(t(dC), a) };
  if (!transposeB) return { dA: () => tf.matMul(b, t(dC)), dB: () => tf.matMul(a, dC) };
  return { dA: () => t(tf.matMul(dC, b)), dB: () => t(tf.matMul(a, dC)) };
}

const batchMatMul: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b], attrs) => {
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const { dA, dB } = products(single(dy), a, b, transposeA, transposeB);
    return { a: () => reduceTo(dA(), a.shape), b: () => reduceTo(dB(), b.shape) };
  },
};

/** BatchMatMul's gradient, every transpose combination on plain products. */
export const matMulGradients: readonly tf.GradConfig[] = [batchMatMul];
