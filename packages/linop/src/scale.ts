import { applyTransposeOf, hasTranspose, makeOperator } from './operator.js';
import type { LinearOperator, Vector } from './types.js';
import { checkFinite, checkNoAlias, checkOperator, checkVector } from './validate.js';

/** alpha A. Keeps symmetry; keeps positive semidefiniteness when alpha >= 0. */
export function scale(alpha: number, A: LinearOperator): LinearOperator {
  checkFinite('scale: alpha', alpha);
  checkOperator('scale: A', A);
  const { rows, cols } = A;
  const apply = (x: Vector, y: Vector): void => {
    checkVector('scale.apply: x', x, cols);
    checkVector('scale.apply: y', y, rows);
    checkNoAlias('scale.apply: x', x, 'scale.apply: y', y);
    A.apply(x, y);
    for (let i = 0; i < rows; i++) y[i] *= alpha;
  };
  const applyTranspose = (x: Vector, y: Vector): void => {
    checkVector('scale.applyTranspose: x', x, rows);
    checkVector('scale.applyTranspose: y', y, cols);
    checkNoAlias('scale.applyTranspose: x', x, 'scale.applyTranspose: y', y);
    applyTransposeOf(A, x, y);
    for (let j = 0; j < cols; j++) y[j] *= alpha;
  };
  return makeOperator(
    rows,
    cols,
    A.symmetric === true,
    A.positiveSemidefinite === true && alpha >= 0,
    apply,
    hasTranspose(A) ? applyTranspose : undefined,
  );
}
