import { describe, expect, it } from 'vitest';
import { diagonal } from '@hessian-free/linop';
import { lanczos } from '@hessian-free/krylov';
import type { LanczosResult } from '@hessian-free/krylov';
import { tridiagonalEigen } from '../src/lanczos/tridiagonal.js';
import { counting, csrOp, denseOp, mulberry32, randomVector, symmetricWithEigenvalues } from './problems.js';
import type { Csr } from './problems.js';

const EPS = Number.EPSILON;

/** tridiag(-1, 2, -1) of size n: eigenvalues 2 - 2 cos(j pi / (n + 1)), j = 1..n. */
function laplacian1d(n: number): Csr {
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      indices.push(i - 1);
      values.push(-1);
    }
    indices.push(i);
    values.push(2);
    if (i < n - 1) {
      indices.push(i + 1);
      values.push(-1);
    }
    indptr[i + 1] = indices.length;
  }
  return { n, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

function laplacianEigenvalues(n: number): Float64Array {
  const e = new Float64Array(n);
  for (let j = 1; j <= n; j++) e[j - 1] = 2 - 2 * Math.cos((j * Math.PI) / (n + 1));
  return e.sort();
}

/** Distance from theta to the nearest of the (known) eigenvalues. */
function distanceToSpectrum(theta: number, eigenvalues: ArrayLike<number>): number {
  let best = Infinity;
  for (let i = 0; i < eigenvalues.length; i++) best = Math.min(best, Math.abs(theta - eigenvalues[i]));
  return best;
}

/**
 * Each Ritz value has an eigenvalue of A within its residual bound. The slack
 * covers rounding in the computed Ritz pairs: a few eps ||A|| per step.
 */
function expectBoundsHold(result: LanczosResult, eigenvalues: ArrayLike<number>, aNorm: number): void {
  const slack = 100 * EPS * aNorm * result.iterations;
  result.ritzValues.forEach((theta, i) => {
    expect(distanceToSpectrum(theta, eigenvalues)).toBeLessThanOrEqual(result.residualBounds[i] + slack);
  });
}

describe('lanczos on matrices with a known spectrum', () => {
  it('finds the extreme eigenvalues of a diagonal matrix to 1e-8 relative', () => {
    // Eigenvalues 10..309 plus two outliers, 1 and 600. The relative gaps of
    // the extremes, (10 - 1)/599 and (600 - 309)/599, predict (Kaniel-Paige)
    // errors below exp(-4 k sqrt(gap)) ~ 1e-13 of the spread at k = 60.
    const n = 302;
    const d = new Float64Array(n);
    for (let i = 0; i < 300; i++) d[i] = i + 10;
    d[300] = 1;
    d[301] = 600;
    const result = lanczos(diagonal(d), 60);
    expect(result.status).toBe('completed');
    expect(result.iterations).toBe(60);
    expect(Math.abs(result.smallest - 1)).toBeLessThanOrEqual(1e-8);
    expect(Math.abs(result.largest - 600) / 600).toBeLessThanOrEqual(1e-8);
    // The residual bounds certify it: |theta - lambda| <= bound, and for an
    // isolated eigenvalue the error is even O(bound^2 / gap).
    expect(result.smallestResidualBound).toBeLessThanOrEqual(1e-4);
    expect(result.largestResidualBound).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(result.conditionEstimate - 600) / 600).toBeLessThanOrEqual(1e-8);
    expectBoundsHold(result, d, 600);
  });

  it('Ritz values interlace: all of them lie in [lambda_min, lambda_max] (up to rounding)', () => {
    const d = Float64Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? -1 : 1) * (1 + i / 10));
    const result = lanczos(diagonal(d), 30);
    const lo = Math.min(...d);
    const hi = Math.max(...d);
    // Rayleigh quotients of unit vectors: within [lo, hi] up to eps ||A|| rounding.
    for (const theta of result.ritzValues) {
      expect(theta).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(theta).toBeLessThanOrEqual(hi + 1e-12);
    }
    expect(result.ritzValues).toEqual(Float64Array.from(result.ritzValues).sort());
    // Indefinite: the condition estimate does not apply.
    expect(result.smallest).toBeLessThan(0);
    expect(result.conditionEstimate).toBe(Infinity);
  });

  describe('1D Laplacian, eigenvalues 2 - 2 cos(j pi/(n+1))', () => {
    const n = 500;
    const A = csrOp(laplacian1d(n));
    const eigenvalues = laplacianEigenvalues(n);
    const lambdaMax = eigenvalues[n - 1];
    const lambdaMin = eigenvalues[0];

    it('the largest Ritz value approaches lambda_max from below, and every residual bound holds', () => {
      let previous = -Infinity;
      for (const k of [10, 20, 40, 80]) {
        const result = lanczos(A, k);
        expect(result.status).toBe('completed');
        // Ritz values are Rayleigh quotients: never above lambda_max (slack: rounding, 1e-13).
        expect(result.largest).toBeLessThanOrEqual(lambdaMax + 1e-13);
        expect(result.smallest).toBeGreaterThanOrEqual(lambdaMin - 1e-13);
        // More steps, a larger Krylov space: the largest Ritz value cannot fall.
        expect(result.largest).toBeGreaterThanOrEqual(previous - 1e-13);
        previous = result.largest;
        expectBoundsHold(result, eigenvalues, 4);
        // The bound is a bound on the error of the extreme pair.
        expect(lambdaMax - result.largest).toBeLessThanOrEqual(result.largestResidualBound + 1e-13);
      }
      // The spectrum is dense at its ends (gap ~ 3 pi^2 / n^2 ~ 1e-4), so the
      // extreme Ritz value converges slowly; 80 steps give better than 1e-3
      // relative (measured 9.9e-5, with residual bound 3.2e-3).
      expect((lambdaMax - previous) / lambdaMax).toBeLessThanOrEqual(1e-3);
    });

    it('without reorthogonalization the extreme Ritz values are still good', () => {
      const full = lanczos(A, 80, { reorthogonalize: true });
      const plain = lanczos(A, 80, { reorthogonalize: false });
      // Loss of orthogonality duplicates converged Ritz values but leaves the
      // extremes within rounding of the reorthogonalized ones (measured 1.3e-15;
      // 1e-12 allows for the different rounding of the two runs).
      expect(plain.largest).toBeLessThanOrEqual(lambdaMax + 1e-12);
      expect(Math.abs(plain.largest - full.largest)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(plain.smallest - full.smallest)).toBeLessThanOrEqual(1e-12);
    });
  });

  it('stops at step 3 on a matrix with three distinct eigenvalues (invariant subspace)', () => {
    const n = 40;
    const spectrum = Float64Array.from({ length: n }, (_, i) => [-2, 1, 5][i % 3]);
    const a = symmetricWithEigenvalues(spectrum, mulberry32(7));
    const A = counting(denseOp(a, n));
    const result = lanczos(A, 20);
    expect(result.status).toBe('invariant_subspace');
    expect(result.iterations).toBe(3);
    expect(A.calls).toBe(3);
    // T_3 is A restricted to an invariant subspace: its eigenvalues are exact
    // up to rounding of the dense Q diag Q' construction (~ n eps ||A||).
    expect(Array.from(result.ritzValues)).toEqual([expect.closeTo(-2, 12), expect.closeTo(1, 12), expect.closeTo(5, 12)]);
    for (const bound of result.residualBounds) expect(bound).toBeLessThanOrEqual(1e-12);
  });

  it('a start vector that is an eigenvector stops after one step', () => {
    const d = Float64Array.from([3, 1, 4, 1, 5]);
    const e = new Float64Array(5);
    e[2] = 1;
    const result = lanczos(diagonal(d), 5, { startVector: e });
    expect(result.status).toBe('invariant_subspace');
    expect(result.iterations).toBe(1);
    expect(result.ritzValues).toEqual(Float64Array.from([4]));
    expect(result.residualBounds[0]).toBe(0);
  });

  it('k >= n takes at most n steps and recovers the whole spectrum', () => {
    const d = Float64Array.from([9, -3, 0.5, 2, 7, 1]);
    const result = lanczos(diagonal(d), 50);
    expect(result.iterations).toBeLessThanOrEqual(6);
    // With full reorthogonalization T_6 is similar to A up to rounding.
    expect(Array.from(result.ritzValues)).toEqual(Array.from(d.slice().sort()).map((v) => expect.closeTo(v, 12)));
  });

  it('is deterministic in the seed, and the seed matters', () => {
    const A = csrOp(laplacian1d(100));
    const a = lanczos(A, 10, { seed: 42 });
    const b = lanczos(A, 10, { seed: 42 });
    const c = lanczos(A, 10, { seed: 43 });
    expect(b.ritzValues).toEqual(a.ritzValues);
    expect(c.ritzValues).not.toEqual(a.ritzValues);
  });

  it('starts from the seeded vector: uniform [-1, 1) entries by mulberry32, normalized', () => {
    // The same start given explicitly: lanczos normalizes it once more (nrm2 of
    // a unit vector is 1 to within an ulp or two), so T agrees to 1e-14 relative.
    const A = csrOp(laplacian1d(100));
    for (const seed of [1, 42, -7]) {
      const rand = mulberry32(seed);
      const start = Float64Array.from({ length: 100 }, () => 2 * rand() - 1);
      const norm = Math.sqrt(start.reduce((s, v) => s + v * v, 0));
      const explicit = lanczos(A, 10, { startVector: start.map((v) => v / norm) });
      const seeded = lanczos(A, 10, { seed });
      for (let j = 0; j < 10; j++) {
        expect(Math.abs(seeded.alpha[j] - explicit.alpha[j])).toBeLessThanOrEqual(1e-14 * Math.abs(explicit.alpha[j]));
        expect(Math.abs(seeded.beta[j] - explicit.beta[j])).toBeLessThanOrEqual(1e-14 * Math.abs(explicit.beta[j]));
      }
    }
  });

  it('accepts a Float32Array start vector and a float32 operator', () => {
    const d = Float32Array.from({ length: 50 }, (_, i) => i + 1);
    const result = lanczos(diagonal(d), 50, { startVector: new Float32Array(50).fill(1) });
    // diag(1..50) from the all-ones vector: 50 distinct eigenvalues, all found.
    expect(result.smallest).toBeCloseTo(1, 10);
    expect(result.largest).toBeCloseTo(50, 10);
  });

  it('reports breakdown when A returns NaN, keeping the steps before it', () => {
    const d = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    let calls = 0;
    const A = {
      rows: 20,
      cols: 20,
      apply(x: Float64Array | Float32Array, y: Float64Array | Float32Array) {
        calls++;
        for (let i = 0; i < 20; i++) y[i] = calls === 4 ? NaN : d[i] * x[i];
      },
    };
    const result = lanczos(A, 10);
    expect(result.status).toBe('breakdown');
    expect(result.iterations).toBe(3);
    expect(result.ritzValues.length).toBe(3);
    for (const theta of result.ritzValues) expect(Number.isFinite(theta)).toBe(true);
  });
});

describe('tridiagonalEigen', () => {
  it('matches the closed form of tridiag(1, 2, 1): values and last eigenvector components', () => {
    // Eigenvalues 2 + 2 cos(j pi/(m+1)); unit eigenvectors sqrt(2/(m+1)) sin(i j pi/(m+1)) (up to sign),
    // so the last component is sqrt(2/(m+1)) |sin(m j pi/(m+1))|. Tolerance: QL is backward stable,
    // errors ~ m eps ||T|| = 1e-13 for m = 60.
    const m = 60;
    const { values, lastComponents } = tridiagonalEigen(new Float64Array(m).fill(2), new Float64Array(m - 1).fill(1));
    const expected = Array.from({ length: m }, (_, j) => 2 + 2 * Math.cos(((j + 1) * Math.PI) / (m + 1))).sort((x, y) => x - y);
    values.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-13));
    // The j-th smallest eigenvalue is 2 + 2 cos((m + 1 - j) pi/(m+1)).
    lastComponents.forEach((s, i) => {
      const j = m - i;
      const closed = Math.sqrt(2 / (m + 1)) * Math.abs(Math.sin((m * j * Math.PI) / (m + 1)));
      expect(Math.abs(Math.abs(s) - closed)).toBeLessThanOrEqual(1e-13);
    });
  });

  it('handles 1x1, diagonal (already split) and random matrices', () => {
    expect(tridiagonalEigen([7], [])).toEqual({ values: Float64Array.from([7]), lastComponents: Float64Array.from([1]) });
    const split = tridiagonalEigen([3, -1, 2], [0, 0]);
    expect(split.values).toEqual(Float64Array.from([-1, 2, 3]));
    expect(split.lastComponents.map(Math.abs)).toEqual(Float64Array.from([0, 1, 0]));
    // Random T: eigenvalues sum to the trace, squares sum to ||T||_F^2, last components form a unit vector
    // (the last row of an orthogonal matrix); 1e-12 relative covers rounding for m = 40.
    const rand = mulberry32(3);
    const m = 40;
    const d = randomVector(m, rand);
    const e = randomVector(m - 1, rand);
    const { values, lastComponents } = tridiagonalEigen(d, e);
    const trace = d.reduce((s, v) => s + v, 0);
    const frobenius = d.reduce((s, v) => s + v * v, 0) + 2 * e.reduce((s, v) => s + v * v, 0);
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 12);
    expect(Math.abs(values.reduce((s, v) => s + v * v, 0) - frobenius) / frobenius).toBeLessThanOrEqual(1e-12);
    expect(lastComponents.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
  });
});

describe('lanczos argument checks', () => {
  const spy = () => counting(denseOp(Float64Array.from([2, 1, 1, 2]), 2));
  it.each([
    ['A not an operator', () => lanczos({} as never, 2), /lanczos: A must be a LinearOperator/],
    ['A not square', () => lanczos({ rows: 2, cols: 3, apply() {} }, 2), /lanczos: A must be square/],
    ['A empty', () => lanczos({ rows: 0, cols: 0, apply() {} }, 1), /lanczos: A must be at least 1x1/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });

  it.each([
    ['k = 0', 0, undefined, /lanczos: k must be a positive integer/],
    ['k fractional', 1.5, undefined, /lanczos: k must be a non-negative integer/],
    ['k a string', '3', undefined, /lanczos: k must be a non-negative integer/],
    ['options not an object', 2, 5, /lanczos: options must be an object/],
    ['startVector wrong length', 2, { startVector: new Float64Array(3) }, /lanczos: options.startVector must have length 2/],
    ['startVector an Array', 2, { startVector: [1, 0] }, /lanczos: options.startVector must be a Float64Array or Float32Array/],
    ['startVector zero', 2, { startVector: new Float64Array(2) }, /lanczos: options.startVector must be nonzero and finite/],
    ['startVector NaN', 2, { startVector: Float64Array.from([NaN, 1]) }, /lanczos: options.startVector must be nonzero and finite/],
    ['seed fractional', 2, { seed: 0.5 }, /lanczos: options.seed must be an integer/],
    ['reorthogonalize not boolean', 2, { reorthogonalize: 1 }, /lanczos: options.reorthogonalize must be a boolean/],
    ['a misspelt option', 2, { reorthogonalise: false }, /^lanczos: unknown option 'reorthogonalise' \(did you mean 'reorthogonalize'\?\)$/],
    ['a case slip', 2, { startvector: Float64Array.of(1, 0) }, /^lanczos: unknown option 'startvector' \(did you mean 'startVector'\?\)$/],
    ['an unrelated option', 2, { tolerance: 1e-3 }, /^lanczos: unknown option 'tolerance' \(known options: startVector, seed, reorthogonalize\)$/],
  ])('%s: throws naming the argument, before any product', (_, k, options, message) => {
    const A = spy();
    expect(() => lanczos(A, k as never, options as never)).toThrow(message);
    expect(A.calls).toBe(0);
  });
});
