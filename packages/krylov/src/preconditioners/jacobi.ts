import { makeOperator } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { checkSquareOperator } from '../checks.js';
import { csrParts, isCsr } from './csr.js';

/** M = diag(A)^{-1}. */
export interface JacobiPreconditioner extends LinearOperator {
  readonly symmetric: true;
  readonly positiveSemidefinite: true;
  /** 1 / A_ii. */
  readonly inverseDiagonal: Float64Array;
}

/**
 * The Jacobi (diagonal) preconditioner M = diag(A)^{-1} for `cg`, from a CSR
 * operator (duplicate diagonal entries are summed), a dense operator (its
 * row-major `data`), a diagonal operator, or the diagonal itself given as a
 * vector (any operator exposing these @hessian-free/linop fields works). Every diagonal
 * entry must be positive and finite, as PCG needs M positive definite; the
 * error names the first row where it is not.
 *
 * @example
 * ```ts
 * import { cg, jacobi } from '@hessian-free/krylov';
 * import { dense } from '@hessian-free/linop';
 * // A badly scaled SPD matrix: its diagonal runs from 1 to 1e4.
 * const A = dense(3, 3, Float64Array.of(1, 0.5, 0, 0.5, 100, 1, 0, 1, 1e4), { symmetric: true, positiveSemidefinite: true });
 * const M = jacobi(A); // M.inverseDiagonal is [1, 0.01, 0.0001]
 * const { x, stats } = cg(A, Float64Array.of(1, 1, 1), { M, rtol: 1e-10 });
 * // stats.status === 'converged'
 * ```
 */
export function jacobi(A: LinearOperator | Vector): JacobiPreconditioner {
  const d = diagonalOf(A);
  const n = d.length;
  const inverseDiagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(d[i] > 0 && d[i] < Infinity)) {
      const what = Number.isNaN(d[i]) ? 'missing or NaN' : d[i] === 0 ? 'zero' : 'not positive and finite';
      throw new RangeError(`jacobi: diagonal entry at row ${i} is ${what} (${d[i]}); the preconditioner needs A_ii > 0`);
    }
    inverseDiagonal[i] = 1 / d[i];
  }
  return makeOperator({
    name: 'jacobi',
    rows: n,
    cols: n,
    symmetric: true,
    positiveSemidefinite: true,
    inverseDiagonal,
    apply(x: Vector, y: Vector): void {
      for (let i = 0; i < n; i++) y[i] = x[i] * inverseDiagonal[i];
    },
  });
}

/** diag(A); entries absent from a sparse pattern come out NaN so the caller can name them. */
function diagonalOf(A: LinearOperator | Vector): ArrayLike<number> {
  if (A instanceof Float64Array || A instanceof Float32Array) return A;
  if (isCsr(A)) {
    const { n, indptr, indices, values } = csrParts('jacobi', A);
    const d = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      for (let t = indptr[i]; t < indptr[i + 1]; t++) {
        if (indices[t] === i) d[i] = Number.isNaN(d[i]) ? values[t] : d[i] + values[t];
      }
    }
    return d;
  }
  checkSquareOperator('jacobi: A', A);
  const { data, diagonal } = A as { data?: unknown; diagonal?: unknown };
  const n = A.rows;
  if ((diagonal instanceof Float64Array || diagonal instanceof Float32Array) && diagonal.length === n) return diagonal;
  if ((data instanceof Float64Array || data instanceof Float32Array) && data.length === n * n) {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = data[i * n + i];
    return d;
  }
  throw new TypeError('jacobi: A must be a CSR, dense or diagonal operator from @hessian-free/linop, or the diagonal as a Float64Array or Float32Array');
}
