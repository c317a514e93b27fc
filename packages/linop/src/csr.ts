import { csrMatVec, csrMatVecTranspose } from './csr-kernel.js';
import type { IndexArray, LinearOperator, OperatorTags, Vector } from './types.js';
import { checkDimension, checkFloatArray, checkIndexArray, checkNoAlias, checkTags, checkVector } from './validate.js';

/** A sparse matrix in compressed sparse row form; the arrays are the ones passed in. */
export interface CsrOperator extends LinearOperator {
  /** Row i holds entries indptr[i] .. indptr[i + 1] - 1 of `indices` and `values`. */
  readonly indptr: IndexArray;
  /** Column index of each stored entry. */
  readonly indices: IndexArray;
  /** Value of each stored entry. */
  readonly values: Vector;
  readonly symmetric: boolean;
  readonly positiveSemidefinite: boolean;
  applyTranspose(x: Vector, y: Vector): void;
}

/**
 * The rows x cols sparse matrix with entries values[k] at (i, indices[k]) for
 * indptr[i] <= k < indptr[i + 1]. Column indices need not be sorted within a
 * row; duplicates add up. The arrays are checked for consistency here, then
 * kept by reference (no copy): do not change their structure afterwards.
 */
export function csr(rows: number, cols: number, indptr: IndexArray, indices: IndexArray, values: Vector, options?: OperatorTags): CsrOperator {
  checkDimension('csr: rows', rows);
  checkDimension('csr: cols', cols);
  checkIndexArray('csr: indptr', indptr);
  checkIndexArray('csr: indices', indices);
  checkFloatArray('csr: values', values);
  if (indptr.length !== rows + 1) {
    throw new RangeError(`csr: indptr must have length rows + 1 = ${rows + 1}, got ${indptr.length}`);
  }
  if (indptr[0] !== 0) throw new RangeError(`csr: indptr[0] must be 0, got ${indptr[0]}`);
  for (let i = 0; i < rows; i++) {
    if (indptr[i] > indptr[i + 1]) {
      throw new RangeError(`csr: indptr must be non-decreasing, but indptr[${i}] = ${indptr[i]} > indptr[${i + 1}] = ${indptr[i + 1]}`);
    }
  }
  if (indptr[rows] !== indices.length) {
    throw new RangeError(`csr: indptr[rows] = indptr[${rows}] = ${indptr[rows]} must equal indices.length = ${indices.length}`);
  }
  if (values.length !== indices.length) {
    throw new RangeError(`csr: values must have the same length as indices (${indices.length}), got ${values.length}`);
  }
  for (let k = 0; k < indices.length; k++) {
    const j = indices[k];
    if (j < 0 || j >= cols) throw new RangeError(`csr: indices[${k}] = ${j} is out of range for ${cols} columns`);
  }
  const tags = checkTags('csr: options', options, rows, cols);
  return new Csr(rows, cols, indptr, indices, values, tags.symmetric, tags.positiveSemidefinite);
}

class Csr implements CsrOperator {
  /** float64 accumulator for A' x into a Float32Array, made on first need. */
  private scratch: Float64Array | undefined;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly indptr: IndexArray,
    readonly indices: IndexArray,
    readonly values: Vector,
    readonly symmetric: boolean,
    readonly positiveSemidefinite: boolean,
  ) {}

  apply(x: Vector, y: Vector): void {
    checkVector('csr.apply: x', x, this.cols);
    checkVector('csr.apply: y', y, this.rows);
    checkNoAlias('csr.apply: x', x, 'csr.apply: y', y);
    csrMatVec(this.rows, this.indptr, this.indices, this.values, x, y);
  }

  applyTranspose(x: Vector, y: Vector): void {
    checkVector('csr.applyTranspose: x', x, this.rows);
    checkVector('csr.applyTranspose: y', y, this.cols);
    checkNoAlias('csr.applyTranspose: x', x, 'csr.applyTranspose: y', y);
    if (y instanceof Float64Array) {
      csrMatVecTranspose(this.rows, this.indptr, this.indices, this.values, x, y);
    } else {
      const acc = (this.scratch ??= new Float64Array(this.cols));
      csrMatVecTranspose(this.rows, this.indptr, this.indices, this.values, x, acc);
      y.set(acc);
    }
  }
}
