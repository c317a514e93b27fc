import type { LinearOperator } from './types.js';
import { checkOperator } from './checks.js';

/**
 * The entries of A as a row-major Float64Array (entry (i, j) at i * cols + j),
 * found column by column as A e_j. For small operators: tests, debugging.
 *
 * @example
 * ```ts
 * import { add, identity, toDense } from '@hessian-free/linop';
 * toDense(add(identity(2), identity(2))); // Float64Array [2, 0, 0, 2]
 * ```
 */
export function toDense(A: LinearOperator): Float64Array {
  checkOperator('toDense: A', A);
  const { rows, cols } = A;
  const out = new Float64Array(rows * cols);
  const e = new Float64Array(cols);
  const column = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    e[j] = 1;
    A.apply(e, column);
    e[j] = 0;
    for (let i = 0; i < rows; i++) out[i * cols + j] = column[i];
  }
  return out;
}
