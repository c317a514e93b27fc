import { checkDimension, checkFloatArray, checkIndexArray, checkTags } from './checks.js';
import { csrArrays, csrMatVec, csrMatVecTranspose } from './csr-kernel.js';
import { makeOperator, throughFloat64 } from './operator.js';
import type { IndexArray, LinearOperator, OperatorTags, Vector } from './types.js';

/** A sparse matrix in compressed sparse row form; the arrays are the ones passed in. */
export interface CsrOperator extends LinearOperator {
  /** Row i holds entries indptr[i] .. indptr[i + 1] - 1 of `indices` and `values`. */
  readonly indptr: IndexArray;
  /** Column index of each stored entry. */
  readonly indices: IndexArray;
  /** Value of each stored entry. */
  readonly values: Vector;
  /** As declared in `options` (false when not). */
  readonly symmetric: boolean;
  /** As declared in `options` (false when not). */
  readonly positiveSemidefinite: boolean;
  /** y <- A' x. */
  applyTranspose(x: Vector, y: Vector): void;
}

/**
 * The rows x cols sparse matrix with entries values[k] at (i, indices[k]) for
 * indptr[i] <= k < indptr[i + 1]. Column indices need not be sorted within a
 * row; duplicates add up. The arrays are checked for consistency here, then
 * kept by reference (no copy): do not change them afterwards. `apply` reads
 * them at each call, but the WebAssembly kernels (`wasmKernels().product(A)`,
 * which krylov's `cg` uses) copy them into their memory at the first solve
 * and keep that copy for the operator's lifetime; to change the matrix, make
 * a new operator.
 *
 * @example
 * ```ts
 * import { csr } from '@hessian-free/linop';
 * // The 1D Laplacian tridiag(-1, 2, -1) of size 3.
 * const indptr = Int32Array.from([0, 2, 5, 7]);
 * const indices = Int32Array.from([0, 1, 0, 1, 2, 1, 2]);
 * const values = Float64Array.from([2, -1, -1, 2, -1, -1, 2]);
 * const L = csr(3, 3, indptr, indices, values, { symmetric: true, positiveSemidefinite: true });
 * const y = new Float64Array(3);
 * L.apply(Float64Array.from([1, 2, 3]), y); // y = [0, 0, 4]
 * ```
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
  checkTags('csr: options', options, rows, cols);
  const operator = makeOperator({
    name: 'csr',
    rows,
    cols,
    indptr,
    indices,
    values,
    symmetric: options?.symmetric,
    positiveSemidefinite: options?.positiveSemidefinite,
    apply: (x, y) => csrMatVec(rows, indptr, indices, values, x, y),
    applyTranspose: throughFloat64(cols, (x, y) => csrMatVecTranspose(rows, indptr, indices, values, x, y)),
  });
  csrArrays.set(operator, { rows, indptr, indices, values });
  return operator;
}
