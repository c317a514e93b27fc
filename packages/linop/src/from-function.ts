import { makeOperator } from './operator.js';
import type { Product } from './operator.js';
import type { LinearOperator, OperatorTags, Vector } from './types.js';
import { checkDimension, checkNoAlias, checkTags, checkVector } from './validate.js';

export interface FromFunctionOptions extends OperatorTags {
  /** y <- A' x, for x of length `rows` and y of length `cols`. */
  readonly applyTranspose?: (x: Vector, y: Vector) => void;
}

/**
 * A matrix-free operator from a function that overwrites y (length `rows`)
 * with A x (x of length `cols`). The wrapper checks lengths and aliasing
 * before calling it, so `apply` may assume correct input. A symmetric
 * operator without an explicit `applyTranspose` uses `apply` for it.
 */
export function fromFunction(rows: number, cols: number, apply: (x: Vector, y: Vector) => void, options?: FromFunctionOptions): LinearOperator {
  checkDimension('fromFunction: rows', rows);
  checkDimension('fromFunction: cols', cols);
  if (typeof apply !== 'function') throw new TypeError(`fromFunction: apply must be a function, got ${typeof apply}`);
  const tags = checkTags('fromFunction: options', options, rows, cols);
  const transpose = options?.applyTranspose;
  if (transpose !== undefined && typeof transpose !== 'function') {
    throw new TypeError(`fromFunction: options.applyTranspose must be a function, got ${typeof transpose}`);
  }
  const checkedApply: Product = (x, y) => {
    checkVector('fromFunction.apply: x', x, cols);
    checkVector('fromFunction.apply: y', y, rows);
    checkNoAlias('fromFunction.apply: x', x, 'fromFunction.apply: y', y);
    apply(x, y);
  };
  const checkedTranspose: Product | undefined =
    transpose &&
    ((x, y) => {
      checkVector('fromFunction.applyTranspose: x', x, rows);
      checkVector('fromFunction.applyTranspose: y', y, cols);
      checkNoAlias('fromFunction.applyTranspose: x', x, 'fromFunction.applyTranspose: y', y);
      transpose(x, y);
    });
  return makeOperator(rows, cols, tags.symmetric, tags.positiveSemidefinite, checkedApply, checkedTranspose);
}
