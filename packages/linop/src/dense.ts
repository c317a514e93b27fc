import { checkDimension, checkFloatArray, checkTags } from './checks.js';
import { makeOperator, throughFloat64 } from './operator.js';
import type { LinearOperator, OperatorTags, Vector } from './types.js';

/** A dense matrix stored row-major; `data` is the array passed in, not a copy. */
export interface DenseOperator extends LinearOperator {
  /** Entry (i, j) is `data[i * cols + j]`. */
  readonly data: Vector;
  /** As declared in `options` (false when not). */
  readonly symmetric: boolean;
  /** As declared in `options` (false when not). */
  readonly positiveSemidefinite: boolean;
  /** y <- A' x. */
  applyTranspose(x: Vector, y: Vector): void;
}

/**
 * The rows x cols matrix whose entries are `data` in row-major order. The
 * operator keeps a reference to `data`: later writes to it change the matrix
 * (and may void the declared tags).
 *
 * @example
 * ```ts
 * import { dense } from '@hessian-free/linop';
 * // [[1, 2, 3], [4, 5, 6]]
 * const A = dense(2, 3, Float64Array.from([1, 2, 3, 4, 5, 6]));
 * const y = new Float64Array(2);
 * A.apply(Float64Array.from([1, 1, 1]), y); // y = [6, 15]
 * const z = new Float64Array(3);
 * A.applyTranspose(Float64Array.from([1, 1]), z); // z = [5, 7, 9]
 * ```
 */
export function dense(rows: number, cols: number, data: Vector, options?: OperatorTags): DenseOperator {
  checkDimension('dense: rows', rows);
  checkDimension('dense: cols', cols);
  checkFloatArray('dense: data', data);
  if (data.length !== rows * cols) {
    throw new RangeError(`dense: data must have length rows * cols = ${rows} * ${cols} = ${rows * cols}, got ${data.length}`);
  }
  checkTags('dense: options', options, rows, cols);
  return makeOperator({
    name: 'dense',
    rows,
    cols,
    data,
    symmetric: options?.symmetric,
    positiveSemidefinite: options?.positiveSemidefinite,
    apply: (x, y) => {
      let k = 0;
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let j = 0; j < cols; j++) s += data[k++] * x[j];
        y[i] = s;
      }
    },
    // A' x = sum_i x_i (row i of A): stream the rows in storage order.
    applyTranspose: throughFloat64(cols, (x, y) => {
      y.fill(0);
      let k = 0;
      for (let i = 0; i < rows; i++) {
        const xi = x[i];
        for (let j = 0; j < cols; j++) y[j] += data[k++] * xi;
      }
    }),
  });
}
