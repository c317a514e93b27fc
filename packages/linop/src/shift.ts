import { checkFinite, checkOperator } from './checks.js';
import { applyOf, applyTransposeOf, hasTranspose, makeOperator, shapeOf, throughFloat64 } from './operator.js';
import type { Direction, Product } from './operator.js';
import type { LinearOperator } from './types.js';

/**
 * A + sigma I for square A (Tikhonov damping). Keeps symmetry; keeps positive
 * semidefiniteness when sigma >= 0.
 *
 * @example
 * ```ts
 * import { diagonal, shift } from '@hessian-free/linop';
 * const damped = shift(diagonal(Float64Array.from([1, 2])), 0.5);
 * const y = new Float64Array(2);
 * damped.apply(Float64Array.from([1, 1]), y); // y = [1.5, 2.5]
 * ```
 */
export function shift(A: LinearOperator, sigma: number): LinearOperator {
  checkOperator('shift: A', A);
  if (A.rows !== A.cols) throw new RangeError(`shift: A must be square, got ${shapeOf(A)}`);
  checkFinite('shift: sigma', sigma);
  const n = A.rows;
  // A x stays in float64 until sigma x is added (see throughFloat64), so that
  // cancellation between the two costs one float32 rounding.
  const shifted = (direction: Direction): Product =>
    throughFloat64(n, (x, y) => {
      direction(A, x, y);
      for (let i = 0; i < n; i++) y[i] += sigma * x[i];
    });
  return makeOperator({
    name: 'shift',
    rows: n,
    cols: n,
    symmetric: A.symmetric === true,
    positiveSemidefinite: A.positiveSemidefinite === true && sigma >= 0,
    apply: shifted(applyOf),
    applyTranspose: hasTranspose(A) ? shifted(applyTransposeOf) : undefined,
  });
}
