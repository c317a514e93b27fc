import { applyTransposeOf, makeOperator } from './operator.js';
import type { LinearOperator, Vector } from './types.js';
import { checkNoAlias, checkOperator, checkVector } from './validate.js';

/** Each operator made by `transpose`, mapped to the operator it transposes. */
const sources = new WeakMap<LinearOperator, LinearOperator>();

/** The operator that `T` is the transpose of, if `T` came from `transpose`. */
export function transposeSource(T: LinearOperator): LinearOperator | undefined {
  return sources.get(T);
}

/**
 * A', for A with `applyTranspose` or tagged symmetric. A symmetric A is
 * returned as is, and transpose(transpose(A)) is A. The quadratic form of A'
 * equals that of A, so positive semidefiniteness is kept.
 */
export function transpose(A: LinearOperator): LinearOperator {
  checkOperator('transpose: A', A);
  if (A.symmetric === true) return A;
  const source = sources.get(A);
  if (source !== undefined) return source;
  if (A.applyTranspose === undefined) {
    throw new TypeError('transpose: A must have applyTranspose or be tagged symmetric');
  }
  const rows = A.cols;
  const cols = A.rows;
  const apply = (x: Vector, y: Vector): void => {
    checkVector('transpose.apply: x', x, cols);
    checkVector('transpose.apply: y', y, rows);
    checkNoAlias('transpose.apply: x', x, 'transpose.apply: y', y);
    applyTransposeOf(A, x, y);
  };
  const applyTranspose = (x: Vector, y: Vector): void => {
    checkVector('transpose.applyTranspose: x', x, rows);
    checkVector('transpose.applyTranspose: y', y, cols);
    checkNoAlias('transpose.applyTranspose: x', x, 'transpose.applyTranspose: y', y);
    A.apply(x, y);
  };
  const T = makeOperator(rows, cols, false, A.positiveSemidefinite === true, apply, applyTranspose);
  sources.set(T, A);
  return T;
}
