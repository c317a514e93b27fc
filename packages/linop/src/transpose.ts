import { checkOperator } from './checks.js';
import { applyTransposeOf, makeOperator } from './operator.js';
import type { LinearOperator } from './types.js';

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
 *
 * @example
 * ```ts
 * import { dense, transpose } from '@hessian-free/linop';
 * const A = dense(1, 2, Float64Array.from([1, 2]));
 * const At = transpose(A); // 2 x 1
 * const y = new Float64Array(2);
 * At.apply(Float64Array.from([3]), y); // y = [3, 6]
 * transpose(At) === A; // true
 * ```
 */
export function transpose(A: LinearOperator): LinearOperator {
  checkOperator('transpose: A', A);
  if (A.symmetric === true) return A;
  const source = sources.get(A);
  if (source !== undefined) return source;
  if (A.applyTranspose === undefined) {
    throw new TypeError('transpose: A must have applyTranspose or be tagged symmetric');
  }
  const T = makeOperator({
    name: 'transpose',
    rows: A.cols,
    cols: A.rows,
    symmetric: false,
    positiveSemidefinite: A.positiveSemidefinite === true,
    apply: (x, y) => applyTransposeOf(A, x, y),
    applyTranspose: (x, y) => A.apply(x, y),
  });
  sources.set(T, A);
  return T;
}
