import { expect } from 'vitest';
import { seededRng } from '@hessian-free/linop';

/**
 * Test helpers: seeded random data (from the package's own generator) and
 * dense reference computations written with plain loops, independent of the
 * package under test.
 */

/** Uniform numbers in [0, 1) from the package's seeded generator (mulberry32). */
export function seededUniform(seed: number): () => number {
  return seededRng(seed).uniform;
}

/** Uniform entries in [-1, 1). */
export function randomArray(rng: () => number, n: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 2 * rng() - 1;
  return v;
}

/** A row-major rows x cols matrix with about `density` of its entries nonzero. */
export function randomSparse(rng: () => number, rows: number, cols: number, density: number): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let k = 0; k < a.length; k++) if (rng() < density) a[k] = 2 * rng() - 1;
  return a;
}

/** A symmetric positive semidefinite n x n matrix M' M, M n x n random. */
export function randomSpd(rng: () => number, n: number): Float64Array {
  const m = randomArray(rng, n * n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[k * n + i] * m[k * n + j];
      a[i * n + j] = s;
    }
  }
  return a;
}

/** y = A x for row-major A, in float64. */
export function matVec(a: ArrayLike<number>, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += a[i * cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** The transpose of a row-major rows x cols matrix (cols x rows, row-major). */
export function transposed(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/** C = A B for row-major A (m x k) and B (k x n). */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * b[l * n + j];
      c[i * n + j] = s;
    }
  }
  return c;
}

/** CSR arrays of the nonzeros of a row-major dense matrix, columns ascending. */
export function denseToCsr(a: ArrayLike<number>, rows: number, cols: number): { indptr: Int32Array; indices: Int32Array; values: Float64Array } {
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (a[i * cols + j] !== 0) {
        indices.push(j);
        values.push(a[i * cols + j]);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** |actual_i - expected_i| <= atol + rtol |expected_i| for every i, and equal lengths. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= atol + rtol * Math.abs(expected[i]))) {
      expect.fail(`entry ${i}: got ${actual[i]}, expected ${expected[i]} (error ${err}, atol ${atol}, rtol ${rtol})`);
    }
  }
}

/** Float64 tolerance for sums of up to ~50 products of entries in [-1, 1]:
 * the rounding error bound n * eps * sum |a_ij x_j| <= 50 * 1.1e-16 * 50 ~ 3e-13. */
export const TOL64 = 1e-12;

/** Relative tolerance when the output is a Float32Array: one rounding to float32 (2^-24),
 * with margin for sums whose float64 parts differ in order. */
export const RTOL32 = 2 ** -22;

interface Applicable {
  readonly rows: number;
  readonly cols: number;
  apply(x: Float64Array | Float32Array, y: Float64Array | Float32Array): void;
  applyTranspose?(x: Float64Array | Float32Array, y: Float64Array | Float32Array): void;
}

/**
 * Checks `op.apply` (and `op.applyTranspose` when present) against the
 * row-major reference matrix `a`, for every mix of Float64Array and
 * Float32Array input and output. A float32 input is compared against the
 * reference applied to the same rounded values; a float32 output allows one
 * float32 rounding (RTOL32).
 */
export function expectMatchesMatrix(op: Applicable, a: ArrayLike<number>, rng: () => number, atol = TOL64): void {
  const { rows, cols } = op;
  expect(a.length).toBe(rows * cols);
  const at = transposed(a, rows, cols);
  for (const inType of [Float64Array, Float32Array]) {
    for (const outType of [Float64Array, Float32Array]) {
      const rtol = outType === Float32Array ? RTOL32 : 0;
      const x = inType.from(randomArray(rng, cols));
      const y = new outType(rows).fill(NaN); // stale contents must be overwritten
      op.apply(x, y);
      expectClose(y, matVec(a, rows, cols, x), atol, rtol);
      if (op.applyTranspose) {
        const u = inType.from(randomArray(rng, rows));
        const v = new outType(cols).fill(NaN);
        op.applyTranspose(u, v);
        expectClose(v, matVec(at, cols, rows, u), atol, rtol);
      }
    }
  }
}
