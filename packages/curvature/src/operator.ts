import * as tf from '@tensorflow/tfjs-core';
import { checkNoAlias, checkVector, type LinearOperator, type Vector } from '@hessian-free/linop';

/**
 * A symmetric n x n LinearOperator whose product is a tensor function of a
 * flat vector. Each apply copies x into a float32 tensor, runs `product`
 * inside tf.tidy (so it leaves no tensors behind) and copies the result into y.
 */
export function tensorOperator(
  n: number,
  product: (v: tf.Tensor1D) => tf.Tensor,
  tags: { positiveSemidefinite: boolean },
  checkLive: () => void,
): LinearOperator {
  const apply = (x: Vector, y: Vector): void => {
    checkVector('x', x, n);
    checkVector('y', y, n);
    checkNoAlias('x', x, 'y', y);
    checkLive();
    const result = tf.tidy(() => product(tf.tensor1d(x instanceof Float32Array ? x : Float32Array.from(x))));
    try {
      y.set(result.dataSync());
    } finally {
      result.dispose();
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
