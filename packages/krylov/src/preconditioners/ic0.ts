import { makeOperator } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { csrParts, isCsr } from './csr.js';
import type { CsrParts } from './csr.js';

/** M = (L L')^{-1} from an incomplete Cholesky factor L. */
export interface Ic0Preconditioner extends LinearOperator {
  readonly symmetric: true;
  readonly positiveSemidefinite: true;
  /** Strictly lower part of L by rows (sorted column indices). */
  readonly lowerIndptr: Int32Array;
  readonly lowerIndices: Int32Array;
  readonly lowerValues: Float64Array;
  /** The diagonal of L. */
  readonly diagonal: Float64Array;
}

/**
 * Incomplete Cholesky factorization with zero fill-in, IC(0) (Meijerink & van
 * der Vorst 1977), of a symmetric positive definite CSR matrix: L has the
 * sparsity pattern of the lower triangle of A, and L L' agrees with A on that
 * pattern. Only the lower triangle (column <= row) is read: the matrix is
 * taken to be symmetric, which is not checked. Duplicate entries are summed,
 * rows need not be sorted.
 *
 * Returns the preconditioner M = (L L')^{-1} for `cg`, applied by a forward
 * and a backward substitution without allocating. The factorization can fail
 * for SPD matrices that are not M-matrices; then it throws
 * `ic0: breakdown at row i (pivot ...)`; a common remedy is to factor
 * A + sigma I for a small sigma > 0 instead (add sigma to the diagonal
 * values) and still solve with A.
 *
 * @example
 * ```ts
 * import { cg, ic0 } from '@hessian-free/krylov';
 * import { csr } from '@hessian-free/linop';
 * // tridiag(-1, 2, -1), 4 x 4: a tridiagonal factor has no fill-in to drop,
 * // so IC(0) is the exact Cholesky factor here and M = A^-1.
 * const A = csr(4, 4, Int32Array.of(0, 2, 5, 8, 10), Int32Array.of(0, 1, 0, 1, 2, 1, 2, 3, 2, 3),
 *   Float64Array.of(2, -1, -1, 2, -1, -1, 2, -1, -1, 2), { symmetric: true, positiveSemidefinite: true });
 * const M = ic0(A);
 * const { x, stats } = cg(A, Float64Array.of(1, 1, 1, 1), { M });
 * // stats.iterations === 1 and x is [2, 3, 3, 2] up to rounding
 * ```
 */
export function ic0(A: LinearOperator): Ic0Preconditioner {
  if (!isCsr(A)) throw new TypeError('ic0: A must be a CSR operator (csr from @hessian-free/linop), with indptr, indices and values');
  const lower = sortedLowerTriangle(csrParts('ic0', A));
  const { n, indptr: lp, indices: li } = lower;
  const lv = lower.values;
  const lowerIndptr = new Int32Array(n + 1);
  const diagonal = new Float64Array(n);

  // Row by row: L_ij = (a_ij - sum_{k<j} L_ik L_jk) / L_jj over the pattern,
  // then L_ii = sqrt(a_ii - sum_{k<i} L_ik^2). L overwrites lv in place.
  for (let i = 0; i < n; i++) {
    const start = lp[i];
    const end = lp[i + 1];
    let t = start;
    let squares = 0;
    for (; t < end && li[t] < i; t++) {
      const j = li[t];
      // Row j < i is factored and ends with its diagonal: dot over its off-diagonal part.
      const s = lv[t] - sparseDot(li, lv, start, t, lp[j], lp[j + 1] - 1);
      const lij = s / diagonal[j];
      lv[t] = lij;
      squares += lij * lij;
    }
    if (t === end) throw new RangeError(`ic0: missing diagonal entry at row ${i}`);
    const pivot = lv[t] - squares;
    if (!(pivot > 0 && pivot < Infinity)) throw new RangeError(`ic0: breakdown at row ${i} (pivot ${pivot})`);
    diagonal[i] = Math.sqrt(pivot);
    lowerIndptr[i + 1] = lowerIndptr[i] + (t - start);
  }

  // Keep the strictly lower part compactly; the diagonal lives in `diagonal`.
  const lowerIndices = new Int32Array(lowerIndptr[n]);
  const lowerValues = new Float64Array(lowerIndptr[n]);
  for (let i = 0; i < n; i++) {
    const count = lowerIndptr[i + 1] - lowerIndptr[i];
    lowerIndices.set(li.subarray(lp[i], lp[i] + count), lowerIndptr[i]);
    lowerValues.set(lv.subarray(lp[i], lp[i] + count), lowerIndptr[i]);
  }

  const w = new Float64Array(n);
  return makeOperator({
    name: 'ic0',
    rows: n,
    cols: n,
    symmetric: true,
    positiveSemidefinite: true,
    lowerIndptr,
    lowerIndices,
    lowerValues,
    diagonal,
    apply(x: Vector, y: Vector): void {
      // Forward substitution L w = x.
      for (let i = 0; i < n; i++) {
        let s = x[i];
        for (let t = lowerIndptr[i]; t < lowerIndptr[i + 1]; t++) s -= lowerValues[t] * w[lowerIndices[t]];
        w[i] = s / diagonal[i];
      }
      // Backward substitution L' y = w, by columns of L' (rows of L).
      for (let i = n - 1; i >= 0; i--) {
        const yi = w[i] / diagonal[i];
        y[i] = yi;
        for (let t = lowerIndptr[i]; t < lowerIndptr[i + 1]; t++) w[lowerIndices[t]] -= lowerValues[t] * yi;
      }
    },
  });
}

/** sum over common columns of a[i0..i1) and a[j0..j1), both sorted by column. */
function sparseDot(idx: Int32Array, val: Float64Array, i0: number, i1: number, j0: number, j1: number): number {
  let s = 0;
  while (i0 < i1 && j0 < j1) {
    const a = idx[i0];
    const b = idx[j0];
    if (a === b) s += val[i0++] * val[j0++];
    else if (a < b) i0++;
    else j0++;
  }
  return s;
}

/**
 * The lower triangle (column <= row) of A as CSR with sorted column indices
 * and duplicates summed, in float64. Sorting is by two bucket passes (rows
 * into columns, then back), O(n + nnz).
 */
function sortedLowerTriangle(A: CsrParts): { n: number; indptr: Int32Array; indices: Int32Array; values: Float64Array } {
  const { n, indptr, indices, values } = A;
  // Pass 1: to column-major (CSC), which lists each column's rows in order.
  const colPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let t = indptr[i]; t < indptr[i + 1]; t++) if (indices[t] <= i) colPtr[indices[t] + 1]++;
  }
  for (let j = 0; j < n; j++) colPtr[j + 1] += colPtr[j];
  const nnz = colPtr[n];
  const cscRows = new Int32Array(nnz);
  const cscVals = new Float64Array(nnz);
  const next = colPtr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let t = indptr[i]; t < indptr[i + 1]; t++) {
      const j = indices[t];
      if (j <= i) {
        cscRows[next[j]] = i;
        cscVals[next[j]++] = values[t];
      }
    }
  }
  // Pass 2: back to rows, visiting columns in increasing order, so each row
  // comes out sorted; equal columns arrive adjacent and are summed.
  const rowCount = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    let prevRow = -1;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      if (cscRows[t] !== prevRow) rowCount[cscRows[t] + 1]++;
      prevRow = cscRows[t];
    }
  }
  for (let i = 0; i < n; i++) rowCount[i + 1] += rowCount[i];
  const outIndices = new Int32Array(rowCount[n]);
  const outValues = new Float64Array(rowCount[n]);
  const fill = rowCount.slice(0, n);
  for (let j = 0; j < n; j++) {
    let prevRow = -1;
    for (let t = colPtr[j]; t < colPtr[j + 1]; t++) {
      const i = cscRows[t];
      if (i === prevRow) outValues[fill[i] - 1] += cscVals[t];
      else {
        outIndices[fill[i]] = j;
        outValues[fill[i]++] = cscVals[t];
      }
      prevRow = i;
    }
  }
  return { n, indptr: rowCount, indices: outIndices, values: outValues };
}
