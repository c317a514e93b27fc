import { describe, expect, it } from 'vitest';
import { csr, dense, diagonal, fromFunction } from '@hessian-free/linop';
import { ic0, jacobi } from '@hessian-free/krylov';
import type { Ic0Preconditioner } from '@hessian-free/krylov';
import { csrMatvec, csrToDense, mulberry32, poisson2d, randomVector } from './problems.js';
import type { Csr } from './problems.js';

const linopCsr = (c: Csr) => csr(c.n, c.n, c.indptr, c.indices, c.values, { symmetric: true });

/** L as a dense row-major matrix, from the fields ic0 exposes. */
function denseFactor(M: Ic0Preconditioner): Float64Array {
  const n = M.rows;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    l[i * n + i] = M.diagonal[i];
    for (let t = M.lowerIndptr[i]; t < M.lowerIndptr[i + 1]; t++) l[i * n + M.lowerIndices[t]] = M.lowerValues[t];
  }
  return l;
}

/** (L L')_ij. */
function llt(l: Float64Array, n: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
  return s;
}

/** The tridiagonal 1-D Laplacian tridiag(-1, 2, -1). */
function laplacian1d(n: number): Csr {
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) indices.push(i - 1), values.push(-1);
    indices.push(i), values.push(2);
    if (i < n - 1) indices.push(i + 1), values.push(-1);
    indptr[i + 1] = indices.length;
  }
  return { n, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

describe('jacobi', () => {
  it('inverts the diagonal of a CSR matrix, summing duplicate diagonal entries', () => {
    // Row 1 stores its diagonal as 1.5 + 1.5.
    const A = csr(3, 3, Int32Array.from([0, 2, 5, 6]), Int32Array.from([0, 1, 1, 0, 1, 2]), Float64Array.from([2, 1, 1.5, 1, 1.5, 4]));
    const M = jacobi(A);
    expect(Array.from(M.inverseDiagonal)).toEqual([0.5, 1 / 3, 0.25]);
    const y = new Float64Array(3);
    M.apply(Float64Array.from([2, 3, 4]), y);
    expect(Array.from(y)).toEqual([1, 1, 1]);
    expect(M).toMatchObject({ rows: 3, cols: 3, symmetric: true, positiveSemidefinite: true });
  });

  it('reads dense and diagonal operators and a plain diagonal vector', () => {
    const d = Float64Array.from([4, 0.5, 8]);
    const fromDense = jacobi(dense(3, 3, Float64Array.from([4, 1, 1, 1, 0.5, 1, 1, 1, 8])));
    expect(Array.from(fromDense.inverseDiagonal)).toEqual([0.25, 2, 0.125]);
    expect(jacobi(diagonal(d)).inverseDiagonal).toEqual(fromDense.inverseDiagonal);
    expect(jacobi(d).inverseDiagonal).toEqual(fromDense.inverseDiagonal);
    const y = new Float32Array(3);
    jacobi(Float32Array.from(d)).apply(Float32Array.from([1, 1, 1]), y);
    expect(Array.from(y)).toEqual([0.25, 2, 0.125]);
  });

  it('names the row of a zero, missing or negative diagonal entry', () => {
    expect(() => jacobi(Float64Array.from([1, 2, 0]))).toThrow(/^jacobi: diagonal entry at row 2 is zero/);
    expect(() => jacobi(Float64Array.from([-1, 2, 3]))).toThrow(/^jacobi: diagonal entry at row 0 is not positive and finite \(-1\)/);
    const missing = csr(2, 2, Int32Array.from([0, 1, 2]), Int32Array.from([0, 0]), Float64Array.from([1, 1]));
    expect(() => jacobi(missing)).toThrow(/^jacobi: diagonal entry at row 1 is missing/);
  });

  it('rejects what it cannot read', () => {
    const opaque = fromFunction(2, 2, (x, y) => y.set(x));
    expect(() => jacobi(opaque)).toThrow(/^jacobi: A must be a CSR, dense or diagonal operator/);
    expect(() => jacobi(dense(2, 3, new Float64Array(6)))).toThrow(/^jacobi: A must be square, got 2x3/);
    expect(() => jacobi([1, 2] as never)).toThrow(/^jacobi: A must be a LinearOperator/);
    const M = jacobi(Float64Array.from([1, 2]));
    expect(() => M.apply(new Float64Array(3), new Float64Array(2))).toThrow(/^jacobi.apply: x must have length 2/);
  });
});

describe('ic0', () => {
  it('is the exact Cholesky factor of a tridiagonal matrix (no fill to drop)', () => {
    // Cholesky of a tridiagonal matrix has no fill-in, so M = A^{-1}: M A x = x
    // up to rounding of the factorization and two solves, ~n eps * kappa(A)
    // (kappa ~ 4n^2/pi^2 ~ 1e3 for n = 50): 1e-10 is comfortable.
    const T = laplacian1d(50);
    const M = ic0(linopCsr(T));
    const x = randomVector(50, mulberry32(31));
    const y = new Float64Array(50);
    M.apply(csrMatvec(T, x), y);
    const scale = Math.max(...Array.from(x, Math.abs));
    for (let i = 0; i < 50; i++) expect(Math.abs(y[i] - x[i])).toBeLessThanOrEqual(1e-10 * scale);
  });

  it('reproduces A on the lower pattern of the 2D Poisson matrix', () => {
    // IC(0) is defined by (L L')_ij = a_ij for (i, j) in the pattern; checked
    // with an independent dense product. Entries are O(1): 1e-13 absolute.
    const P = poisson2d(8);
    const M = ic0(linopCsr(P));
    const l = denseFactor(M);
    const a = csrToDense(P);
    let strictlyLower = 0;
    for (let i = 0; i < P.n; i++) {
      for (let t = P.indptr[i]; t < P.indptr[i + 1]; t++) {
        const j = P.indices[t];
        if (j > i) continue;
        if (j < i) strictlyLower++;
        expect(Math.abs(llt(l, P.n, i, j) - a[i * P.n + j])).toBeLessThanOrEqual(1e-13);
      }
    }
    // Zero fill-in: L has exactly A's lower pattern.
    expect(M.lowerIndptr[P.n]).toBe(strictlyLower);
    expect(M).toMatchObject({ rows: P.n, cols: P.n, symmetric: true, positiveSemidefinite: true });
  });

  it('applies (L L\')^{-1}, reusing its scratch without carrying state between calls', () => {
    const P = poisson2d(6);
    const M = ic0(linopCsr(P));
    const l = denseFactor(M);
    const x = randomVector(P.n, mulberry32(37));
    const y = new Float64Array(P.n);
    M.apply(x, y);
    // L (L' y) = x, with the products done densely and independently.
    const lty = new Float64Array(P.n);
    for (let i = 0; i < P.n; i++) for (let k = 0; k < P.n; k++) lty[i] += l[k * P.n + i] * y[k];
    for (let i = 0; i < P.n; i++) {
      let s = 0;
      for (let k = 0; k < P.n; k++) s += l[i * P.n + k] * lty[k];
      expect(Math.abs(s - x[i])).toBeLessThanOrEqual(1e-12);
    }
    const again = new Float64Array(P.n);
    M.apply(randomVector(P.n, mulberry32(41)), again);
    M.apply(x, again);
    expect(again).toEqual(y);
    // Float32 vectors in and out, computed in float64 inside.
    const y32 = new Float32Array(P.n);
    M.apply(Float32Array.from(x), y32);
    for (let i = 0; i < P.n; i++) expect(Math.abs(y32[i] - y[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(y[i])));
  });

  it('reads only the lower triangle, in any order, summing duplicates', () => {
    const P = poisson2d(5);
    const ref = ic0(linopCsr(P));
    // Same lower triangle with rows reversed, each diagonal split in two
    // halves, and the upper triangle replaced by garbage.
    const indptr = new Int32Array(P.n + 1);
    const indices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < P.n; i++) {
      for (let t = P.indptr[i + 1] - 1; t >= P.indptr[i]; t--) {
        const j = P.indices[t];
        const v = P.values[t];
        if (j === i) indices.push(j, j), values.push(v / 2, v / 2);
        else indices.push(j), values.push(j > i ? 1e3 : v);
      }
      indptr[i + 1] = indices.length;
    }
    const M = ic0(csr(P.n, P.n, indptr, Int32Array.from(indices), Float64Array.from(values)));
    expect(M.lowerIndices).toEqual(ref.lowerIndices);
    for (let t = 0; t < ref.lowerValues.length; t++) expect(M.lowerValues[t]).toBeCloseTo(ref.lowerValues[t], 14);
    for (let i = 0; i < P.n; i++) expect(M.diagonal[i]).toBeCloseTo(ref.diagonal[i], 14);
  });

  it('reports a breakdown with the row and the pivot', () => {
    // [[1, 2], [2, 1]] is indefinite: L_11 = 1, L_21 = 2, pivot 1 - 4 = -3.
    const A = csr(2, 2, Int32Array.from([0, 2, 4]), Int32Array.from([0, 1, 0, 1]), Float64Array.from([1, 2, 2, 1]));
    expect(() => ic0(A)).toThrow(/^ic0: breakdown at row 1 \(pivot -3\)/);
    const noDiagonal = csr(2, 2, Int32Array.from([0, 1, 2]), Int32Array.from([0, 0]), Float64Array.from([1, 1]));
    expect(() => ic0(noDiagonal)).toThrow(/^ic0: missing diagonal entry at row 1/);
  });

  it('rejects operators that are not CSR', () => {
    expect(() => ic0(dense(2, 2, Float64Array.from([1, 0, 0, 1])))).toThrow(/^ic0: A must be a CSR operator/);
    const rect = csr(2, 3, Int32Array.from([0, 1, 2]), Int32Array.from([0, 1]), Float64Array.from([1, 1]));
    expect(() => ic0(rect)).toThrow(/^ic0: A must be square, got 2x3/);
    const M = ic0(linopCsr(laplacian1d(3)));
    const v = new Float64Array(3);
    expect(() => M.apply(v, v)).toThrow(/^ic0.apply: y must not share memory with ic0.apply: x/);
  });
});
