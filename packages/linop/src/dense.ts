import type { LinearOperator, OperatorTags, Vector } from './types.js';
import { checkDimension, checkFloatArray, checkNoAlias, checkTags, checkVector } from './validate.js';

/** A dense matrix stored row-major; `data` is the array passed in, not a copy. */
export interface DenseOperator extends LinearOperator {
  /** Entry (i, j) is `data[i * cols + j]`. */
  readonly data: Vector;
  readonly symmetric: boolean;
  readonly positiveSemidefinite: boolean;
  applyTranspose(x: Vector, y: Vector): void;
}

/**
 * The rows x cols matrix whose entries are `data` in row-major order. The
 * operator keeps a reference to `data`: later writes to it change the matrix
 * (and may void the declared tags).
 */
export function dense(rows: number, cols: number, data: Vector, options?: OperatorTags): DenseOperator {
  checkDimension('dense: rows', rows);
  checkDimension('dense: cols', cols);
  checkFloatArray('dense: data', data);
  if (data.length !== rows * cols) {
    throw new RangeError(`dense: data must have length rows * cols = ${rows} * ${cols} = ${rows * cols}, got ${data.length}`);
  }
  const tags = checkTags('dense: options', options, rows, cols);
  return new Dense(rows, cols, data, tags.symmetric, tags.positiveSemidefinite);
}

class Dense implements DenseOperator {
  /** float64 accumulator for A' x into a Float32Array, made on first need. */
  private scratch: Float64Array | undefined;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Vector,
    readonly symmetric: boolean,
    readonly positiveSemidefinite: boolean,
  ) {}

  apply(x: Vector, y: Vector): void {
    const rows = this.rows;
    const cols = this.cols;
    const a = this.data;
    checkVector('dense.apply: x', x, cols);
    checkVector('dense.apply: y', y, rows);
    checkNoAlias('dense.apply: x', x, 'dense.apply: y', y);
    let k = 0;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += a[k++] * x[j];
      y[i] = s;
    }
  }

  applyTranspose(x: Vector, y: Vector): void {
    const rows = this.rows;
    const cols = this.cols;
    const a = this.data;
    checkVector('dense.applyTranspose: x', x, rows);
    checkVector('dense.applyTranspose: y', y, cols);
    checkNoAlias('dense.applyTranspose: x', x, 'dense.applyTranspose: y', y);
    // A' x = sum_i x_i (row i of A): stream the rows in storage order.
    const acc = y instanceof Float64Array ? y : (this.scratch ??= new Float64Array(cols));
    acc.fill(0);
    let k = 0;
    for (let i = 0; i < rows; i++) {
      const xi = x[i];
      for (let j = 0; j < cols; j++) acc[j] += a[k++] * xi;
    }
    if (acc !== y) y.set(acc);
  }
}
