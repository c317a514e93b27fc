import { checkFinite, checkOperator } from './checks.js';
import { applyOf, applyTransposeOf, hasTranspose, makeOperator } from './operator.js';
import type { Direction, Product } from './operator.js';
import type { LinearOperator } from './types.js';

/**
 * alpha A. Keeps symmetry; keeps positive semidefiniteness when alpha >= 0.
 *
 * @example
 * ```ts
 * import { identity, scale } from '@hessian-free/linop';
 * const twice = scale(2, identity(2));
 * const y = new Float64Array(2);
 * twice.apply(Float64Array.from([1, 3]), y); // y = [2, 6]
 * ```
 */
export function scale(alpha: number, A: LinearOperator): LinearOperator {
  checkFinite('scale: alpha', alpha);
  checkOperator('scale: A', A);
  const scaled =
    (direction: Direction): Product =>
    (x, y) => {
      direction(A, x, y);
      for (let i = 0; i < y.length; i++) y[i] *= alpha;
    };
  return makeOperator({
    name: 'scale',
    rows: A.rows,
    cols: A.cols,
    symmetric: A.symmetric === true,
    positiveSemidefinite: A.positiveSemidefinite === true && alpha >= 0,
    apply: scaled(applyOf),
    applyTranspose: hasTranspose(A) ? scaled(applyTransposeOf) : undefined,
  });
}
