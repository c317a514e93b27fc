import { applyTransposeOf, hasTranspose, makeOperator } from './operator.js';
import type { LinearOperator, Vector } from './types.js';
import { checkNoAlias, checkOperator, checkVector } from './validate.js';

/**
 * diag(A1, A2, ...): block k maps its slice of x to its slice of y. Symmetric
 * or positive semidefinite if every block is; has a transpose if every block
 * has one.
 */
export function blockDiagonal(blocks: readonly LinearOperator[]): LinearOperator {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new TypeError('blockDiagonal: blocks must be a non-empty array of LinearOperators');
  }
  blocks.forEach((Ak, k) => checkOperator(`blockDiagonal: blocks[${k}]`, Ak));
  const list = blocks.slice();
  let rows = 0;
  let cols = 0;
  for (const Ak of list) {
    rows += Ak.rows;
    cols += Ak.cols;
  }
  // Float64 copies of the input and output, and fixed views of each block's
  // slice of them, so that a product allocates nothing.
  const colBuffer = new Float64Array(cols);
  const rowBuffer = new Float64Array(rows);
  const colViews: Float64Array[] = [];
  const rowViews: Float64Array[] = [];
  let r = 0;
  let c = 0;
  for (const Ak of list) {
    colViews.push(colBuffer.subarray(c, c + Ak.cols));
    rowViews.push(rowBuffer.subarray(r, r + Ak.rows));
    c += Ak.cols;
    r += Ak.rows;
  }
  const apply = (x: Vector, y: Vector): void => {
    checkVector('blockDiagonal.apply: x', x, cols);
    checkVector('blockDiagonal.apply: y', y, rows);
    checkNoAlias('blockDiagonal.apply: x', x, 'blockDiagonal.apply: y', y);
    colBuffer.set(x);
    for (let k = 0; k < list.length; k++) list[k].apply(colViews[k], rowViews[k]);
    y.set(rowBuffer);
  };
  const applyTranspose = (x: Vector, y: Vector): void => {
    checkVector('blockDiagonal.applyTranspose: x', x, rows);
    checkVector('blockDiagonal.applyTranspose: y', y, cols);
    checkNoAlias('blockDiagonal.applyTranspose: x', x, 'blockDiagonal.applyTranspose: y', y);
    rowBuffer.set(x);
    for (let k = 0; k < list.length; k++) applyTransposeOf(list[k], rowViews[k], colViews[k]);
    y.set(colBuffer);
  };
  return makeOperator(
    rows,
    cols,
    list.every((Ak) => Ak.symmetric === true),
    list.every((Ak) => Ak.positiveSemidefinite === true),
    apply,
    list.every(hasTranspose) ? applyTranspose : undefined,
  );
}
