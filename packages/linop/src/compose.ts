import { applyTransposeOf, hasTranspose, makeOperator, shapeOf } from './operator.js';
import { transposeSource } from './transpose.js';
import type { LinearOperator, Vector } from './types.js';
import { checkNoAlias, checkOperator, checkVector } from './validate.js';

/**
 * The product A B (apply B, then A), through one float64 scratch vector made
 * here. Tags are dropped except where they provably hold: B' B and B B' (the
 * transpose from `transpose`) and A A for symmetric A are symmetric positive
 * semidefinite.
 */
export function compose(A: LinearOperator, B: LinearOperator): LinearOperator {
  checkOperator('compose: A', A);
  checkOperator('compose: B', B);
  if (A.cols !== B.rows) {
    throw new RangeError(`compose: A.cols = ${A.cols} must equal B.rows = ${B.rows} (A is ${shapeOf(A)}, B is ${shapeOf(B)})`);
  }
  const rows = A.rows;
  const cols = B.cols;
  const scratch = new Float64Array(A.cols);
  const apply = (x: Vector, y: Vector): void => {
    checkVector('compose.apply: x', x, cols);
    checkVector('compose.apply: y', y, rows);
    checkNoAlias('compose.apply: x', x, 'compose.apply: y', y);
    B.apply(x, scratch);
    A.apply(scratch, y);
  };
  // (A B)' = B' A'
  const applyTranspose = (x: Vector, y: Vector): void => {
    checkVector('compose.applyTranspose: x', x, rows);
    checkVector('compose.applyTranspose: y', y, cols);
    checkNoAlias('compose.applyTranspose: x', x, 'compose.applyTranspose: y', y);
    applyTransposeOf(A, x, scratch);
    applyTransposeOf(B, scratch, y);
  };
  // M' M and M M' are symmetric with x' M' M x = ||M x||^2 >= 0.
  const gram = (A === B && A.symmetric === true) || transposeSource(A) === B || transposeSource(B) === A;
  return makeOperator(rows, cols, gram, gram, apply, hasTranspose(A) && hasTranspose(B) ? applyTranspose : undefined);
}
