import { describe, expect, it } from 'vitest';
import { csr, diagonal } from '@hessian-free/linop';
import { minres, minresWorkspace } from '@hessian-free/krylov';
import type { MinresIterationInfo } from '@hessian-free/krylov';
import { gaussianSolve, jacobiEigen, nullspaceComponent, pseudoInverseSolve } from './dense-reference.js';
import {
  choleskySolve,
  counting,
  csrMatvec,
  csrOp,
  denseMatvec,
  denseOp,
  geometricSpectrum,
  mulberry32,
  normOf,
  poisson2d,
  randomVector,
  relativeError,
  symmetricWithEigenvalues,
} from './problems.js';
import type { TestOperator } from './problems.js';

const EPS = Number.EPSILON;
const SQRT_EPS = Math.sqrt(EPS);

/** ||b - (A - shift I) x||, computed here with the test's own product. */
function residualNorm(A: TestOperator, b: ArrayLike<number>, x: ArrayLike<number>, shift = 0): number {
  const y = new Float64Array(A.rows);
  A.apply(Float64Array.from(x), y);
  let s = 0;
  for (let i = 0; i < b.length; i++) s += (b[i] - y[i] + shift * x[i]) ** 2;
  return Math.sqrt(s);
}

/** The 1-D Laplacian tridiag(-1, 2, -1) of size n, eigenvalues 2 - 2cos(j pi/(n+1)). */
function laplacian1d(n: number): TestOperator {
  return {
    rows: n,
    cols: n,
    apply(x, y) {
      for (let i = 0; i < n; i++) y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0);
    },
  };
}

function diagonalOp(d: Float64Array): TestOperator {
  return {
    rows: d.length,
    cols: d.length,
    apply(x, y) {
      for (let i = 0; i < d.length; i++) y[i] = d[i] * x[i];
    },
  };
}

describe('the dense reference routines', () => {
  it('cyclic Jacobi recovers a known spectrum and Gaussian elimination solves', () => {
    const rand = mulberry32(5);
    const lambda = Float64Array.from([-3, -1, 0, 0.5, 2, 7]);
    const a = symmetricWithEigenvalues(lambda, rand);
    const eig = jacobiEigen(a, 6);
    // Jacobi is accurate to a few eps ||A|| (||A|| = 7) per eigenvalue.
    for (let j = 0; j < 6; j++) expect(Math.abs(eig.values[j] - lambda[j])).toBeLessThan(100 * EPS * 7);
    const b = randomVector(6, rand);
    const shifted = a.map((v, i) => (i % 7 === 0 ? v + 0.25 : v)); // A + I/4: nonsingular, indefinite
    const x = gaussianSolve(shifted, 6, b);
    expect(normOf(denseMatvec(shifted, 6, x).map((v, i) => v - b[i]))).toBeLessThan(1e3 * EPS * normOf(b));
  });
});

describe('minres on nonsingular systems, against dense solves', () => {
  it('SPD: matches a Cholesky solve', () => {
    const n = 80;
    const kappa = 1e3;
    const rand = mulberry32(1);
    const a = symmetricWithEigenvalues(geometricSpectrum(n, kappa), rand);
    const b = randomVector(n, rand);
    const rtol = 1e-10;
    // Measured: 169 iterations, as many as CG (168): rounding delays both past
    // n = 80 on a geometric spectrum, so the default cap 2n is too tight.
    const { x, stats } = minres(denseOp(a, n), b, { rtol, maxIter: 10 * n });
    expect(stats.status).toBe('converged');
    expect(stats.converged).toBe(true);
    const res = residualNorm(denseOp(a, n), b, x);
    expect(stats.trueResidualNorm).toBeCloseTo(res, 14);
    expect(res).toBeLessThanOrEqual(rtol * normOf(b));
    // ||x - x*|| / ||x*|| <= kappa ||r|| / ||b||, plus the reference's own rounding.
    expect(relativeError(x, choleskySolve(a, n, b))).toBeLessThanOrEqual(kappa * rtol + 100 * EPS * kappa);
    // MINRES minimizes ||r|| over growing spaces: the recurrence residual never increases.
    for (let k = 1; k < stats.residualHistory.length; k++) {
      expect(stats.residualHistory[k]).toBeLessThanOrEqual(stats.residualHistory[k - 1] * (1 + 1e-12));
    }
  });

  it('diagonal with mixed signs: matches the closed form b_i / d_i', () => {
    const n = 60;
    const d = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1) * (1 + i / 6)); // |d| in [1, 10.8]
    const b = randomVector(n, mulberry32(2));
    const rtol = 1e-12;
    const { x, stats } = minres(diagonal(d), b, { rtol });
    expect(stats.status).toBe('converged');
    // kappa = 10.8; the error bound is kappa times the relative residual.
    expect(relativeError(x, b.map((bi, i) => bi / d[i]))).toBeLessThanOrEqual(10.8 * rtol + 100 * EPS);
    expect(stats.trueResidualNorm).toBeLessThanOrEqual(rtol * stats.rhsNorm);
  });

  it('random symmetric indefinite: matches Gaussian elimination', () => {
    const n = 70;
    const rand = mulberry32(3);
    // Eigenvalues +-[1, 100], half of each sign: kappa = 100.
    const lambda = geometricSpectrum(n, 100).map((v, i) => (i % 2 === 0 ? v : -v));
    const a = symmetricWithEigenvalues(lambda, rand);
    const b = randomVector(n, rand);
    const rtol = 1e-10;
    // Finite precision delays MINRES on indefinite spectra past n steps
    // (measured: 169 iterations for n = 70), beyond the default cap of 2n.
    const { x, stats } = minres(denseOp(a, n), b, { rtol, maxIter: 10 * n });
    expect(stats.status).toBe('converged');
    expect(residualNorm(denseOp(a, n), b, x)).toBeLessThanOrEqual(rtol * normOf(b));
    expect(relativeError(x, gaussianSolve(a, n, b))).toBeLessThanOrEqual(100 * rtol + 1e4 * EPS);
    // The condition estimate is a lower bound on cond(A) = 100.
    expect(stats.conditionEstimate).toBeGreaterThanOrEqual(1);
    expect(stats.conditionEstimate).toBeLessThanOrEqual(100 * (1 + 1e-8));
    // The norm estimate is a lower bound on ||A|| = 100.
    expect(stats.aNormEstimate).toBeGreaterThan(10);
    expect(stats.aNormEstimate).toBeLessThanOrEqual(100 * (1 + 1e-8));
  });
});

describe('minres on singular systems', () => {
  it('consistent (b in the range), x0 = 0: the minimum-norm solution, orthogonal to the nullspace', () => {
    const n = 50;
    const rand = mulberry32(4);
    // Three zero eigenvalues, the others +-[1, 20].
    const lambda = geometricSpectrum(n, 20).map((v, i) => (i < 3 ? 0 : i % 2 === 0 ? v : -v));
    const a = symmetricWithEigenvalues(lambda, rand);
    const b = denseMatvec(a, n, randomVector(n, rand));
    const eig = jacobiEigen(a, n);
    const cutoff = 1e-10; // the zero eigenvalues come out of Jacobi at ~1e-14
    const xPlus = pseudoInverseSolve(eig, n, b, cutoff);
    const rtol = 1e-10;
    const { x, stats } = minres(denseOp(a, n), b, { rtol });
    expect(stats.status).toBe('converged');
    expect(residualNorm(denseOp(a, n), b, x)).toBeLessThanOrEqual(rtol * normOf(b));
    // Krylov iterates from x0 = 0 stay in range(A): the nullspace part of x is
    // only the rounding in b = A z (~eps ||A|| ||z||), amplified by the solve.
    expect(nullspaceComponent(eig, n, x, cutoff)).toBeLessThan(1e-10 * normOf(x));
    // On the range, cond = 20: the error is at most 20 times the residual.
    expect(relativeError(x, xPlus)).toBeLessThanOrEqual(20 * rtol + 1e-12);
  });

  describe('inconsistent, diagonal with a nullspace: least squares', () => {
    const n = 100;
    const nullIndices = [5, 50, 77];
    const d = Float64Array.from({ length: n }, (_, i) => (nullIndices.includes(i) ? 0 : (i % 2 ? -1 : 1) * (1 + (9 * i) / 99)));
    const A = diagonalOp(d);
    const b = randomVector(n, mulberry32(6));
    const xPlus = b.map((bi, i) => (d[i] === 0 ? 0 : bi / d[i])); // A^+ b
    const bNull = Math.hypot(...nullIndices.map((i) => b[i])); // min ||b - A x||

    it.each([1e-6, 1e-8, 1e-12])('rtol = %d', (rtol) => {
      const { x, stats } = minres(A, b, { rtol });
      expect(stats.status).toBe('least_squares');
      const r = b.map((bi, i) => bi - d[i] * x[i]);
      const rNorm = normOf(r);
      const arNorm = normOf(r.map((ri, i) => d[i] * ri));
      // The least-squares test, with the true ||A|| = 10 (the solver used a
      // lower bound of it) and the tolerance floor sqrt(eps).
      const tol = Math.max(rtol, SQRT_EPS);
      expect(arNorm).toBeLessThanOrEqual(tol * 10 * rNorm);
      expect(stats.aResidualNorm).toBeCloseTo(arNorm, 12);
      expect(stats.trueResidualNorm).toBeCloseTo(rNorm, 14);
      // ||r||^2 = ||b_null||^2 + ||r_range||^2 and ||r_range|| <= ||A r|| / sigma_min
      // (sigma_min = 1): ||r|| exceeds the least possible by <= ||A r||^2 / (2 ||b_null||).
      expect(rNorm - bNull).toBeLessThanOrEqual(arNorm ** 2 / (2 * bNull) + 1e-14);
      // On the range x agrees with A^+ b to ||A r|| / sigma_min^2.
      const rangeError = Math.hypot(...x.map((xi, i) => (d[i] === 0 ? 0 : xi - xPlus[i])));
      expect(rangeError).toBeLessThanOrEqual(arNorm + 1e-14);
      // MINRES (unlike MINRES-QLP) adds a nullspace part, but stopping at the
      // least-squares test keeps it bounded: measured ||x|| / ||A^+ b|| <= 1.18 here.
      expect(normOf(x)).toBeLessThanOrEqual(2 * normOf(xPlus));
    });
  });

  it('A = 0: x0 = 0 is already a least-squares solution', () => {
    const A = counting(diagonalOp(new Float64Array(4)));
    const { x, stats } = minres(A, Float64Array.from([1, 2, 3, 4]));
    expect(stats.status).toBe('least_squares');
    expect(stats.iterations).toBe(0);
    expect(Array.from(x)).toEqual([0, 0, 0, 0]);
    expect(stats.aResidualNorm).toBe(0);
  });
});

describe('the shifted Laplacian: converged means the true residual meets rtol', () => {
  // scipy's minres stops on the backward-error test ||r|| <= rtol ||A|| ||x||
  // and reports success at a true relative residual far above rtol on such
  // problems; minres here decides on ||b - A x|| <= rtol ||b|| itself.
  const rtol = 1e-8;

  it('1-D, n = 1000, shift 1 (inside the spectrum (0, 4), not an eigenvalue)', () => {
    const n = 1000;
    const sigma = 1; // 2 - 2cos(j pi/1001) = 1 needs j = 1001/3, not an integer
    const A = laplacian1d(n);
    const b = randomVector(n, mulberry32(7));
    const { x, stats } = minres(A, b, { shift: sigma, rtol });
    const relres = residualNorm(A, b, x, sigma) / normOf(b);
    if (stats.converged) expect(relres).toBeLessThanOrEqual(rtol);
    else expect(relres).toBeGreaterThan(rtol);
    // Measured: converged after 1000 iterations at 3.1e-11 (the Krylov space fills R^n).
    expect(stats.status).toBe('converged');
    expect(stats.trueResidualNorm / stats.rhsNorm).toBeCloseTo(relres, 14);
  });

  it('2-D, 50 x 50 grid, shift 0.3: the backward-error test would have stopped at 1.6e-6', () => {
    const P = poisson2d(50);
    const A = csrOp(P);
    const sigma = 0.3; // eigenvalues 4 - 2cos(i pi/51) - 2cos(j pi/51) straddle 0.3
    const b = randomVector(P.n, mulberry32(8));
    const bNorm = normOf(b);
    let backwardErrorStop: { iteration: number; relres: number } | null = null;
    const { x, stats } = minres(A, b, {
      shift: sigma,
      rtol,
      onIteration(info) {
        // What a solver stopping on ||r|| <= rtol ||A|| ||x|| would return (||A|| <= 8 - 0.3).
        if (backwardErrorStop === null && info.residualNorm <= rtol * 7.7 * normOf(info.x)) {
          backwardErrorStop = { iteration: info.iteration, relres: residualNorm(A, b, info.x, sigma) / bNorm };
        }
      },
    });
    const relres = normOf(csrMatvec(P, x).map((v, i) => b[i] - v + sigma * x[i])) / bNorm;
    expect(stats.status).toBe('converged');
    expect(relres).toBeLessThanOrEqual(rtol);
    expect(stats.trueResidualNorm / bNorm).toBeCloseTo(relres, 14);
    // The hazard is real on this problem: the backward-error test fires earlier,
    // at a true relative residual over 100 times rtol (measured: 446 vs 479
    // iterations, 1.6e-6 vs 7.1e-9).
    expect(backwardErrorStop).not.toBeNull();
    expect(backwardErrorStop!.iteration).toBeLessThan(stats.iterations);
    expect(backwardErrorStop!.relres).toBeGreaterThan(100 * rtol);
  });

  it('the shift option agrees with an explicitly shifted operator', () => {
    const P = poisson2d(10);
    const sigma = 1.5;
    const b = randomVector(P.n, mulberry32(9));
    const shifted = { ...P, values: P.values.map((v, t) => (P.indices[t] === rowOf(P.indptr, t) ? v - sigma : v)) };
    const viaOption = minres(csrOp(P), b, { shift: sigma, rtol: 1e-12 });
    const explicit = minres(csrOp(shifted), b, { rtol: 1e-12 });
    expect(viaOption.stats.status).toBe('converged');
    expect(explicit.stats.status).toBe('converged');
    // Both solve the same system to 1e-12; its condition number is below 1e3.
    expect(relativeError(viaOption.x, explicit.x)).toBeLessThan(1e-8);
  });
});

function rowOf(indptr: Int32Array, t: number): number {
  let i = 0;
  while (indptr[i + 1] <= t) i++;
  return i;
}

describe('restarts keep the status honest', () => {
  const P = poisson2d(32);
  const A = csrOp(P);

  it.each([
    [1e-5, 0],
    [1e-6, 0],
    [1e-6, 1],
    [1e-7, 0],
    [1e-7, 1],
  ])('float32, rtol %d, shift %d: converged only if ||b - A x|| <= rtol ||b||', (rtol, sigma) => {
    // In float32 the recurrence residual keeps falling below ~1e-6 while the
    // true one stalls: the recurrence's claim is checked, MINRES restarts, and
    // gives up with `attainable_accuracy` (before: `breakdown`) rather than
    // claim convergence it did not reach.
    const b = Float32Array.from(randomVector(P.n, mulberry32(10)));
    const { x, stats } = minres(A, b, { shift: sigma, rtol, maxIter: 5000 });
    expect(x).toBeInstanceOf(Float32Array);
    const bNorm = normOf(b);
    const relres = residualNorm(A, b, x, sigma) / bNorm;
    // The solver's A x is rounded to float32 once per entry: its residual
    // differs from the exact one by at most eps32/2 ||A x|| <= eps32/2 * 8 ||x||.
    const rounding = (2 ** -24 * 8 * normOf(x)) / bNorm;
    expect(Math.abs(stats.trueResidualNorm / bNorm - relres)).toBeLessThanOrEqual(rounding);
    if (stats.status === 'converged') {
      expect(stats.trueResidualNorm).toBeLessThanOrEqual(rtol * stats.rhsNorm);
      expect(relres).toBeLessThanOrEqual(rtol + rounding);
    } else {
      expect(stats.status).toBe('attainable_accuracy');
      expect(stats.restarts).toBe(3);
      expect(stats.trueResidualNorm).toBeGreaterThan(rtol * stats.rhsNorm);
    }
  });

  it('a restart is visible in the stats (float32, rtol 1e-6: measured 1 restart)', () => {
    const b = Float32Array.from(randomVector(P.n, mulberry32(10)));
    const { stats } = minres(A, b, { rtol: 1e-6 });
    expect(stats.restarts).toBeGreaterThanOrEqual(1);
    expect(stats.status).toBe('converged');
  });

  it('maxRestarts: 0 reports attainable_accuracy instead of restarting', () => {
    const b = Float32Array.from(randomVector(P.n, mulberry32(10)));
    const { stats } = minres(A, b, { rtol: 1e-6, maxRestarts: 0 });
    expect(stats.restarts).toBe(0);
    expect(stats.status).toBe('attainable_accuracy');
    expect(stats.trueResidualNorm).toBeGreaterThan(1e-6 * stats.rhsNorm);
  });
});

describe('minres with a preconditioner', () => {
  it('diagonal SPD M on a badly scaled indefinite matrix: fewer iterations, same solution', () => {
    const n = 60;
    const rand = mulberry32(11);
    // A = D S D with S symmetric indefinite (kappa 10) and D = diag(10^[0, 3]).
    const s = symmetricWithEigenvalues(geometricSpectrum(n, 10).map((v, i) => (i % 2 ? -v : v)), rand);
    const scale = Float64Array.from({ length: n }, (_, i) => 10 ** ((3 * i) / (n - 1)));
    const a = s.map((v, k) => v * scale[Math.floor(k / n)] * scale[k % n]);
    const M = diagonal(scale.map((v) => 1 / (v * v)));
    const b = randomVector(n, rand);
    const rtol = 1e-10;
    const pre = minres(denseOp(a, n), b, { M, rtol });
    const plain = minres(denseOp(a, n), b, { rtol, maxIter: 20 * n });
    expect(pre.stats.status).toBe('converged');
    expect(residualNorm(denseOp(a, n), b, pre.x)).toBeLessThanOrEqual(rtol * normOf(b));
    // cond(A) is about 1e7; the error is bounded by that times the residual.
    expect(relativeError(pre.x, gaussianSolve(a, n, b))).toBeLessThan(1e-3);
    // Measured: 80 iterations with M, 680 without.
    expect(pre.stats.iterations).toBeLessThan(plain.stats.iterations);
  });

  it('an indefinite M is a breakdown, not an exception', () => {
    const A = diagonalOp(Float64Array.from([1, 2, 3]));
    const { stats } = minres(A, Float64Array.from([1, 1, 1]), { M: diagonal(Float64Array.from([-1, -1, -1])) });
    expect(stats.status).toBe('breakdown');
    expect(stats.iterations).toBe(0);
  });
});

describe('minres special cases', () => {
  const n = 40;
  const rand = mulberry32(12);
  const a = symmetricWithEigenvalues(geometricSpectrum(n, 50).map((v, i) => (i % 2 ? -v : v)), rand);
  const b = randomVector(n, rand);

  it('warm start from the exact solution: converged after 0 iterations and one product', () => {
    const A = counting(denseOp(a, n));
    const xStar = gaussianSolve(a, n, b);
    const { x, stats } = minres(A, b, { x0: xStar, rtol: 1e-10 });
    expect(stats.status).toBe('converged');
    expect(stats.iterations).toBe(0);
    expect(A.calls).toBe(1);
    expect(Array.from(x)).toEqual(Array.from(xStar));
  });

  it('zero right-hand side: x = 0 at once, no product', () => {
    const A = counting(denseOp(a, n));
    const { x, stats } = minres(A, new Float64Array(n));
    expect(stats.status).toBe('converged');
    expect(stats.iterations).toBe(0);
    expect(A.calls).toBe(0);
    expect(Array.from(x).every((v) => v === 0)).toBe(true);
  });

  it('works in float32 (Float32Array in, Float32Array out)', () => {
    const rtol = 1e-4;
    // Measured: 85 iterations, past the default cap 2n = 80 (float32 loses
    // the orthogonality of the Lanczos vectors sooner).
    const { x, stats } = minres(denseOp(a, n), Float32Array.from(b), { rtol, maxIter: 10 * n });
    expect(x).toBeInstanceOf(Float32Array);
    expect(stats.status).toBe('converged');
    expect(residualNorm(denseOp(a, n), Float32Array.from(b), x) / normOf(Float32Array.from(b))).toBeLessThanOrEqual(rtol);
  });

  it('an aborted signal stops before the first iteration', () => {
    const controller = new AbortController();
    controller.abort();
    const A = counting(denseOp(a, n));
    const { stats } = minres(A, b, { signal: controller.signal });
    expect(stats.status).toBe('aborted');
    expect(stats.iterations).toBe(0);
    expect(A.calls).toBe(0);
  });

  it('aborting from onIteration stops after that iteration; x is that iterate', () => {
    const controller = new AbortController();
    let kept: Float64Array | null = null;
    const { x, stats } = minres(denseOp(a, n), b, {
      signal: controller.signal,
      onIteration(info) {
        if (info.iteration === 3) {
          kept = Float64Array.from(info.x);
          controller.abort();
        }
      },
    });
    expect(stats.status).toBe('aborted');
    expect(stats.iterations).toBe(3);
    expect(Array.from(x)).toEqual(Array.from(kept!));
    expect(stats.trueResidualNorm).toBeCloseTo(residualNorm(denseOp(a, n), b, x), 12);
  });

  it('maxIter caps the iterations', () => {
    const { x, stats } = minres(denseOp(a, n), b, { maxIter: 5 });
    expect(stats.status).toBe('max_iterations');
    expect(stats.iterations).toBe(5);
    expect(stats.residualHistory).toHaveLength(6);
    expect(stats.trueResidualNorm).toBeCloseTo(residualNorm(denseOp(a, n), b, x), 12);
    // The recurrence residual is the true one up to rounding.
    expect(stats.residualNorm).toBeCloseTo(stats.trueResidualNorm, 10);
  });

  it('A returning NaN is a breakdown; x stays finite', () => {
    let calls = 0;
    const A: TestOperator = {
      rows: n,
      cols: n,
      apply(x, y) {
        denseOp(a, n).apply(x, y);
        if (++calls === 4) y[0] = NaN;
      },
    };
    const { x, stats } = minres(A, b);
    expect(stats.status).toBe('breakdown');
    expect(stats.iterations).toBe(3);
    expect(Array.from(x).every(Number.isFinite)).toBe(true);
  });

  it('onIteration sees each iterate and the running estimates', () => {
    const seen: number[] = [];
    let last: MinresIterationInfo | null = null;
    const { stats } = minres(denseOp(a, n), b, {
      onIteration(info) {
        seen.push(info.iteration);
        expect(info.residualHistory[info.iteration]).toBe(info.residualNorm);
        expect(info.rhsNorm).toBeCloseTo(normOf(b), 14);
        last = info;
      },
    });
    expect(seen).toEqual(Array.from({ length: stats.iterations }, (_, i) => i + 1));
    expect(last!.aNormEstimate).toBe(stats.aNormEstimate);
  });

  it('out, x0 = out (warm start in place) and a reused workspace', () => {
    const ws = minresWorkspace(n);
    const first = minres(denseOp(a, n), b, { rtol: 1e-6, workspace: ws });
    const out = Float64Array.from(first.x);
    const second = minres(denseOp(a, n), b, { x0: out, out, rtol: 1e-11, workspace: ws });
    expect(second.x).toBe(out);
    expect(second.stats.status).toBe('converged');
    expect(residualNorm(denseOp(a, n), b, out)).toBeLessThanOrEqual(1e-11 * normOf(b));
    // The first result is not overwritten by the second solve.
    expect(relativeError(first.x, out)).toBeGreaterThan(0);
    expect(residualNorm(denseOp(a, n), b, first.x)).toBeCloseTo(first.stats.trueResidualNorm, 12);
  });

  it('accepts linop operators (csr)', () => {
    const P = poisson2d(6);
    const A = csr(P.n, P.n, P.indptr, P.indices, P.values, { symmetric: true });
    const rhs = randomVector(P.n, mulberry32(13));
    const { x, stats } = minres(A, rhs, { shift: 2, rtol: 1e-12 });
    expect(stats.status).toBe('converged');
    expect(normOf(csrMatvec(P, x).map((v, i) => rhs[i] - v + 2 * x[i]))).toBeLessThanOrEqual(1e-12 * normOf(rhs));
  });
});

describe('bad input: a clear error naming the argument, and nothing computed', () => {
  const P = poisson2d(2);
  const b = Float64Array.from([1, 2, 3, 4]);
  type Op = ReturnType<typeof counting<ReturnType<typeof csrOp>>>;
  const cases: [string, (A: Op) => unknown, RegExp][] = [
    ['A not an operator', () => minres({} as never, b), /^minres: A must be a LinearOperator/],
    ['A not square', () => minres({ rows: 3, cols: 4, apply: () => {} }, b), /^minres: A must be square, got 3x4/],
    ['b not a typed array', (A) => minres(A, [1, 2, 3, 4] as never), /^minres: b must be a Float64Array or Float32Array, got Array/],
    ['b of the wrong length', (A) => minres(A, new Float64Array(3)), /^minres: b must have length 4, got 3/],
    ['options not an object', (A) => minres(A, b, 5 as never), /^minres: options must be an object/],
    ['x0 of the wrong length', (A) => minres(A, b, { x0: new Float64Array(5) }), /^minres: x0 must have length 4/],
    ['M of the wrong shape', (A) => minres(A, b, { M: denseOp(new Float64Array(9), 3) }), /^minres: M must be 4x4, got 3x3/],
    ['M not an operator', (A) => minres(A, b, { M: {} as never }), /^minres: M must be a LinearOperator/],
    ['NaN shift', (A) => minres(A, b, { shift: NaN }), /^minres: shift must be a finite number, got NaN/],
    ['shift not a number', (A) => minres(A, b, { shift: '1' as never }), /^minres: shift must be a finite number/],
    ['negative rtol', (A) => minres(A, b, { rtol: -1 }), /^minres: rtol must be a finite number >= 0, got -1/],
    ['infinite atol', (A) => minres(A, b, { atol: Infinity }), /^minres: atol must be a finite number >= 0/],
    ['fractional maxIter', (A) => minres(A, b, { maxIter: 1.5 }), /^minres: maxIter must be a non-negative integer, got 1.5/],
    ['negative maxRestarts', (A) => minres(A, b, { maxRestarts: -1 }), /^minres: maxRestarts must be a non-negative integer/],
    ['onIteration not a function', (A) => minres(A, b, { onIteration: 'x' as never }), /^minres: onIteration must be a function/],
    ['signal not a signal', (A) => minres(A, b, { signal: {} as never }), /^minres: signal must be an AbortSignal/],
    ['workspace not from minresWorkspace', (A) => minres(A, b, { workspace: {} as never }), /^minres: workspace must come from minresWorkspace/],
    ['workspace of the wrong size', (A) => minres(A, b, { workspace: minresWorkspace(5) }), /^minres: workspace must be minresWorkspace\(4, Float64Array\)/],
    [
      'workspace of the wrong precision',
      (A) => minres(A, b, { workspace: minresWorkspace(4, Float32Array) }),
      /^minres: workspace must be minresWorkspace\(4, Float64Array\)/,
    ],
    ['out of the wrong precision', (A) => minres(A, b, { out: new Float32Array(4) as never }), /^minres: out must be a Float64Array like b/],
    ['out of the wrong length', (A) => minres(A, b, { out: new Float64Array(3) }), /^minres: out must have length 4/],
    ['out aliasing b', (A) => minres(A, b, { out: b }), /^minres: out must not share memory with b/],
    ['a misspelt option', (A) => minres(A, b, { shfit: 1 } as never), /^minres: unknown option 'shfit' \(did you mean 'shift'\?\)$/],
    ['maxRestart', (A) => minres(A, b, { maxRestart: 1 } as never), /^minres: unknown option 'maxRestart' \(did you mean 'maxRestarts'\?\)$/],
    ['an option of cg', (A) => minres(A, b, { radius: 1 } as never), /^minres: unknown option 'radius' \(known options: x0, out, M, rtol, atol, maxIter, maxRestarts, onIteration, signal, shift, workspace\)$/],
    ['out overlapping x0', (A) => {
      const buf = new Float64Array(6);
      return minres(A, b, { x0: buf.subarray(0, 4), out: buf.subarray(2, 6) });
    }, /^minres: out must not share memory with x0/],
  ];
  it.each(cases)('%s', (_, call, message) => {
    const A = counting(csrOp(P));
    const bBefore = b.slice();
    expect(() => call(A)).toThrow(message);
    expect(A.calls).toBe(0);
    expect(b).toEqual(bBefore);
  });

  it('minresWorkspace checks its arguments', () => {
    expect(() => minresWorkspace(-1)).toThrow(/^minresWorkspace: n must be a non-negative integer/);
    expect(() => minresWorkspace(3, Array as never)).toThrow(/^minresWorkspace: type must be Float64Array or Float32Array/);
  });
});
