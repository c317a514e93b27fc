import * as tf from '@tensorflow/tfjs-core';
import { makeOperator, type LinearOperator } from '@hessian-free/linop';
import { writeParts, type Parts } from './linearization.js';

/**
 * A symmetric n x n LinearOperator whose product is a tensor function of a
 * theta-vector. Each apply hands x (as float32) to `product`, which runs
 * inside tf.tidy (so it leaves no tensors behind) and returns the result as
 * parts (one tensor per parameter, see linearization.ts), copied into y.
 * makeOperator checks x and y first (`curvature.apply: x must have length n`).
 */
export function tensorOperator(
  n: number,
  product: (v: Float32Array) => Parts,
  tags: { positiveSemidefinite: boolean },
  checkLive: () => void,
): LinearOperator {
  return makeOperator({
    name: 'curvature',
    rows: n,
    cols: n,
    symmetric: true,
    positiveSemidefinite: tags.positiveSemidefinite,
    apply: (x, y) => {
      checkLive();
      const parts = tf.tidy(() => product(x instanceof Float32Array ? x : new Float32Array(x)));
      try {
        writeParts(parts, y);
      } finally {
        tf.dispose(parts);
      }
    },
  });
}
