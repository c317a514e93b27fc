import { checkOperator } from './checks.js';
import { applyTransposeOf, hasTranspose, makeOperator, shapeOf } from './operator.js';
import { transposeSource } from './transpose.js';
import type { Product } from './operator.js';
import type { LinearOperator } from './types.js';

/**
 * The product A B (apply B, then A), through one float64 scratch vector made
 * here. Tags are dropped except where they provably hold: B' B and B B' (the
 * transpose from `transpose`) and A A for symmetric A are symmetric positive
 * semidefinite.
 *
 * @example
 * ```ts
 * import { compose, dense, transpose } from '@hessian-free/linop';
 * const J = dense(1, 2, Float64Array.from([1, 2]));
 * const G = compose(transpose(J), J); // J' J, 2 x 2
 * G.symmetric && G.positiveSemidefinite; // true: a Gram matrix
 * const y = new Float64Array(2);
 * G.apply(Float64Array.from([1, 1]), y); // y = [3, 6]
 * ```
 */
export function compose(A: LinearOperator, B: LinearOperator): LinearOperator {
  checkOperator('compose: A', A);
  checkOperator('compose: B', B);
  if (A.cols !== B.rows) {
    throw new RangeError(`compose: A.cols = ${A.cols} must equal B.rows = ${B.rows} (A is ${shapeOf(A)}, B is ${shapeOf(B)})`);
  }
  const scratch = new Float64Array(A.cols);
  // M' M and M M' are symmetric with x' M' M x = ||M x||^2 >= 0.
  const gram = (A === B && A.symmetric === true) || transposeSource(A) === B || transposeSource(B) === A;
  // (A B)' = B' A'
  const applyTranspose: Product = (x, y) => {
    applyTransposeOf(A, x, scratch);
    applyTransposeOf(B, scratch, y);
  };
  return makeOperator({
    name: 'compose',
    rows: A.rows,
    cols: B.cols,
    symmetric: gram,
    positiveSemidefinite: gram,
    apply: (x, y) => {
      B.apply(x, scratch);
      A.apply(scratch, y);
    },
    applyTranspose: hasTranspose(A) && hasTranspose(B) ? applyTranspose : undefined,
  });
}
