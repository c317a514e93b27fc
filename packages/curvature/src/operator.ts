import * as tf from '@tensorflow/tfjs-core';
import { checkNoAlias, checkVector, type LinearOperator, type Vector } from '@hessian-free/linop';
import { writeParts, type Parts } from './linearization.js';

/**
 * A symmetric n x n LinearOperator whose product is a tensor function of a
 * theta-vector. Each apply hands x (as float32) to `product`, which runs
 * inside tf.tidy (so it leaves no tensors behind) and returns the result as
 * parts (one tensor per parameter, see linearization.ts), copied into y.
 */
export function tensorOperator(
  n: number,
  product: (v: Float32Array) => Parts,
  tags: { positiveSemidefinite: boolean },
  checkLive: () => void,
): LinearOperator {
  const apply = (x: Vector, y: Vector): void => {
    checkVector('x', x, n);
    checkVector('y', y, n);
    checkNoAlias('x', x, 'y', y);
    checkLive();
    const parts = tf.tidy(() => product(x instanceof Float32Array ? x : new Float32Array(x)));
    try {
      writeParts(parts, y);
    } finally {
      tf.dispose(parts);
    }
  };
  return Object.freeze({
    rows: n,
    cols: n,
    symmetric: true,
    positiveSemidefinite: tags.positiveSemidefinite,
    apply,
    applyTranspose: apply,
  });
}
