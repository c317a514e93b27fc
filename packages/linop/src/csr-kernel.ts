import type { IndexArray, Vector } from './types.js';

/**
 * The sparse products behind `csr`, kept apart so that a faster kernel (WASM)
 * can replace them. They trust their arguments: `csr` validated the arrays at
 * construction and the vector lengths at the call.
 */

/** y <- A x for the rows x n CSR matrix (indptr, indices, values). */
export function csrMatVec(rows: number, indptr: IndexArray, indices: IndexArray, values: Vector, x: Vector, y: Vector): void {
  let start = indptr[0];
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    let s = 0;
    for (let k = start; k < end; k++) s += values[k] * x[indices[k]];
    y[i] = s;
    start = end;
  }
}

/** y <- A' x by scattering row i of A, times x_i, into y (which this zeroes). */
export function csrMatVecTranspose(rows: number, indptr: IndexArray, indices: IndexArray, values: Vector, x: Vector, y: Float64Array): void {
  y.fill(0);
  let start = indptr[0];
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    const xi = x[i];
    for (let k = start; k < end; k++) y[indices[k]] += values[k] * xi;
    start = end;
  }
}
