import { applyTransposeOf, hasTranspose, makeOperator, shapeOf } from './operator.js';
import type { LinearOperator, Vector } from './types.js';
import { checkFinite, checkNoAlias, checkOperator, checkVector } from './validate.js';

/**
 * A + sigma I for square A (Tikhonov damping). Keeps symmetry; keeps positive
 * semidefiniteness when sigma >= 0.
 */
export function shift(A: LinearOperator, sigma: number): LinearOperator {
  checkOperator('shift: A', A);
  if (A.rows !== A.cols) throw new RangeError(`shift: A must be square, got ${shapeOf(A)}`);
  checkFinite('shift: sigma', sigma);
  const n = A.rows;
  // For a Float32Array y, A x is kept in float64 until sigma x is added, so
  // that cancellation between the two costs one float32 rounding.
  let sum: Float64Array | undefined;
  const apply = (x: Vector, y: Vector): void => {
    checkVector('shift.apply: x', x, n);
    checkVector('shift.apply: y', y, n);
    checkNoAlias('shift.apply: x', x, 'shift.apply: y', y);
    const s = y instanceof Float64Array ? y : (sum ??= new Float64Array(n));
    A.apply(x, s);
    for (let i = 0; i < n; i++) y[i] = s[i] + sigma * x[i];
  };
  const applyTranspose = (x: Vector, y: Vector): void => {
    checkVector('shift.applyTranspose: x', x, n);
    checkVector('shift.applyTranspose: y', y, n);
    checkNoAlias('shift.applyTranspose: x', x, 'shift.applyTranspose: y', y);
    const s = y instanceof Float64Array ? y : (sum ??= new Float64Array(n));
    applyTransposeOf(A, x, s);
    for (let i = 0; i < n; i++) y[i] = s[i] + sigma * x[i];
  };
  return makeOperator(
    n,
    n,
    A.symmetric === true,
    A.positiveSemidefinite === true && sigma >= 0,
    apply,
    hasTranspose(A) ? applyTranspose : undefined,
  );
}
