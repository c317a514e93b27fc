import { checkDimension, checkTags, describe } from './checks.js';
import { makeOperator } from './operator.js';
import type { Product } from './operator.js';
import type { LinearOperator, OperatorTags } from './types.js';

/** The tags of a `fromFunction` operator, and its transpose product if known. */
export interface FromFunctionOptions extends OperatorTags {
  /** y <- A' x, for x of length `rows` and y of length `cols`. */
  readonly applyTranspose?: Product;
}

/**
 * A matrix-free operator from a function that overwrites y (length `rows`)
 * with A x (x of length `cols`). The wrapper checks lengths and aliasing
 * before calling it, so `apply` may assume correct input. A symmetric
 * operator without an explicit `applyTranspose` uses `apply` for it.
 *
 * @example
 * ```ts
 * import { fromFunction } from '@hessian-free/linop';
 * // The 3 x 3 matrix of ones, applied without forming it.
 * const ones = fromFunction(
 *   3,
 *   3,
 *   (x, y) => {
 *     const s = x[0] + x[1] + x[2];
 *     y.fill(s);
 *   },
 *   { symmetric: true, positiveSemidefinite: true },
 * );
 * const y = new Float64Array(3);
 * ones.apply(Float64Array.from([1, 2, 3]), y); // y = [6, 6, 6]
 * ```
 */
export function fromFunction(rows: number, cols: number, apply: Product, options?: FromFunctionOptions): LinearOperator {
  checkDimension('fromFunction: rows', rows);
  checkDimension('fromFunction: cols', cols);
  if (typeof apply !== 'function') throw new TypeError(`fromFunction: apply must be a function, got ${describe(apply)}`);
  checkTags('fromFunction: options', options, rows, cols);
  const applyTranspose: unknown = options?.applyTranspose;
  if (applyTranspose !== undefined && typeof applyTranspose !== 'function') {
    throw new TypeError(`fromFunction: options.applyTranspose must be a function, got ${describe(applyTranspose)}`);
  }
  return makeOperator({
    name: 'fromFunction',
    rows,
    cols,
    symmetric: options?.symmetric,
    positiveSemidefinite: options?.positiveSemidefinite,
    apply,
    applyTranspose: options?.applyTranspose,
  });
}
