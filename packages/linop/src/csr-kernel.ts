import type { IndexArray, Vector } from './types.js';

/**
 * The sparse products behind `csr`, in JavaScript. They trust their
 * arguments: `csr` validated the arrays at construction, and `makeOperator`
 * checks the vectors at each call. The WebAssembly kernel (assembly/kernels.ts,
 * used by solvers through `wasmKernels().product(A)`) sums in the same order.
 */

/** The arrays of every operator made by `csr`, for the WebAssembly kernels to copy. */
export const csrArrays = new WeakMap<object, { rows: number; indptr: IndexArray; indices: IndexArray; values: Vector }>();

/**
 * y <- A x for the rows x n CSR matrix (indptr, indices, values).
 *
 * Each row's sum runs in two accumulators (even and odd positions within the
 * row, added at the end), which halves the chain of dependent additions:
 * 3-10% faster than the one-accumulator loop on a 5-point Laplacian in V8 (in
 * the same process, alternating). The result can differ from the sequential
 * sum in the last bits, as any reordering can.
 *
 * V8 specializes the loop on the element kinds it has seen here: a process
 * that runs this kernel on both Float32Array and Float64Array data makes the
 * Float64 product 15-20% slower (measured on the same 5-point Laplacian): the
 * specialization is per function, not per call site. One function serves
 * both precisions deliberately: per-precision copies of the loop would have
 * to be kept in step by hand (generating them at run time needs eval, which
 * strict CSP forbids). The WebAssembly kernels have one compiled function
 * per precision and do not have the problem.
 */
export function csrMatVec(rows: number, indptr: IndexArray, indices: IndexArray, values: Vector, x: Vector, y: Vector): void {
  let start = indptr[0];
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    let s0 = 0;
    let s1 = 0;
    let k = start;
    for (; k + 1 < end; k += 2) {
      s0 += values[k] * x[indices[k]];
      s1 += values[k + 1] * x[indices[k + 1]];
    }
    if (k < end) s0 += values[k] * x[indices[k]];
    y[i] = s0 + s1;
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
