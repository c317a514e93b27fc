import { describe, expect, it } from 'vitest';
import { csr } from '@hessian-free/linop';
import { cg, cgWorkspace, ic0, jacobi, martensStop } from '@hessian-free/krylov';
import type { CgIterationInfo } from '@hessian-free/krylov';
import {
  choleskySolve,
  counting,
  csrMatvec,
  csrOp,
  csrToDense,
  denseMatvec,
  denseOp,
  dotOf,
  geometricSpectrum,
  mulberry32,
  normOf,
  poisson2d,
  poissonCondition,
  quadraticOf,
  randomVector,
  relativeError,
  symmetricWithEigenvalues,
} from './problems.js';
import type { Csr } from './problems.js';

const EPS = Number.EPSILON;

// linop's csr here (the integration), the test's own operators elsewhere.
const linopCsr = (c: Csr) => csr(c.n, c.n, c.indptr, c.indices, c.values, { symmetric: true, positiveSemidefinite: true });

describe('cg on the 2D Poisson problem', () => {
  const m = 12;
  const P = poisson2d(m);
  const A = linopCsr(P);
  const b = randomVector(P.n, mulberry32(1));
  const xStar = choleskySolve(csrToDense(P), P.n, b);
  const kappa = poissonCondition(m); // about 64

  it.each([
    ['CG', undefined],
    ['PCG with jacobi', jacobi(A)],
    ['PCG with ic0', ic0(A)],
  ])('%s converges and agrees with a dense Cholesky solve', (_, M) => {
    const rtol = 1e-10;
    const { x, stats } = cg(A, b, { rtol, M });
    expect(stats.status).toBe('converged');
    expect(stats.converged).toBe(true);
    expect(stats.residualNorm).toBeLessThanOrEqual(rtol * normOf(b));
    // The true residual may differ from the recurrence one by rounding,
    // O(eps * kappa * ||b||) ~ 1e-14 ||b|| here: allow twice rtol.
    const trueRes = normOf(b.map((bi, i) => bi - csrMatvec(P, x)[i]));
    expect(stats.trueResidualNorm).toBeCloseTo(trueRes, 14);
    expect(trueRes / normOf(b)).toBeLessThanOrEqual(2 * rtol);
    // ||x - x*|| / ||x*|| <= kappa ||b - A x|| / ||b||, plus rounding of the
    // Cholesky reference (eps * kappa).
    expect(relativeError(x, xStar)).toBeLessThanOrEqual(kappa * (trueRes / normOf(b)) + 100 * EPS * kappa);
  });

  it('PCG with ic0 needs fewer iterations than plain CG on a larger grid', () => {
    const big = linopCsr(poisson2d(48));
    const rhs = randomVector(big.rows, mulberry32(2));
    const plain = cg(big, rhs, { rtol: 1e-8 });
    const pre = cg(big, rhs, { rtol: 1e-8, M: ic0(big) });
    expect(plain.stats.status).toBe('converged');
    expect(pre.stats.status).toBe('converged');
    // IC(0) cuts the count to about a third here (50 vs 147); ask for half.
    expect(pre.stats.iterations).toBeLessThan(0.5 * plain.stats.iterations);
  });
});

describe('cg on random SPD matrices of known condition number', () => {
  const n = 200;
  it.each([10, 1e2, 1e4])('kappa = %d: matches Cholesky and respects the Chebyshev bound', (kappa) => {
    const rand = mulberry32(kappa);
    const a = symmetricWithEigenvalues(geometricSpectrum(n, kappa), rand);
    const A = denseOp(a, n);
    const b = randomVector(n, rand);
    const xStar = choleskySolve(a, n, b);
    const aNorm = (x: ArrayLike<number>): number => {
      const e = Float64Array.from(x, (v, i) => v - xStar[i]);
      return Math.sqrt(Math.max(0, dotOf(e, denseMatvec(a, n, e))));
    };
    const e0 = aNorm(new Float64Array(n));
    const s = Math.sqrt(kappa);
    const rho = (s - 1) / (s + 1);
    const aTol = 1e-8;
    let firstBelow = -1;
    let worst = 0;
    const rtol = 1e-10;
    const { x, stats } = cg(A, b, {
      rtol,
      maxIter: 10 * n,
      onIteration: ({ iteration: k, x: xk }) => {
        const ratio = aNorm(xk) / e0;
        // Classical bound ||e_k||_A <= 2 rho^k ||e_0||_A (exact arithmetic);
        // the floor 1e-10 covers rounding in the reference x* (eps * kappa).
        worst = Math.max(worst, ratio - (2 * rho ** k + 1e-10));
        if (firstBelow < 0 && ratio <= aTol) firstBelow = k;
      },
    });
    expect(stats.status).toBe('converged');
    expect(worst).toBeLessThanOrEqual(0);
    // 2 rho^k <= tol as soon as k >= sqrt(kappa)/2 ln(2/tol), since ln(1/rho) >= 2/sqrt(kappa).
    expect(firstBelow).toBeGreaterThan(0);
    expect(firstBelow).toBeLessThanOrEqual(Math.ceil((s / 2) * Math.log(2 / aTol)));
    // In the residual: ||r_k|| / ||r_0|| <= sqrt(kappa) ||e_k||_A / ||e_0||_A.
    expect(stats.iterations).toBeLessThanOrEqual(Math.ceil((s / 2) * Math.log((2 * s) / rtol)));
    // Forward error from the true residual (rigorous), plus Cholesky rounding.
    const trueRel = stats.trueResidualNorm / normOf(b);
    expect(relativeError(x, xStar)).toBeLessThanOrEqual(kappa * trueRel + 1e3 * EPS * kappa);
  });

  it('converges in k iterations when A has k distinct eigenvalues', () => {
    // The Krylov space of A with k distinct eigenvalues has dimension <= k,
    // so r_k = 0 in exact arithmetic. Forming Q D Q' perturbs each eigenvalue
    // by ~eps ||A||, leaving clusters of width ~1e-15 that CG resolves at
    // iteration k to far below rtol = 1e-10; k + 1 allows one spare step.
    const values = [1, 2, 4, 7, 10];
    const eig = Float64Array.from({ length: 50 }, (_, i) => values[i % values.length]);
    const rand = mulberry32(7);
    const a = symmetricWithEigenvalues(eig, rand);
    const b = randomVector(50, rand);
    const { stats } = cg(denseOp(a, 50), b, { rtol: 1e-10 });
    expect(stats.status).toBe('converged');
    expect(stats.iterations).toBeLessThanOrEqual(values.length + 1);
  });
});

describe('negative curvature', () => {
  it('at iteration 0 without a radius: x stays x0 and the direction is returned', () => {
    const a = Float64Array.from([-1, 0, 0, 0, 2, 0, 0, 0, 3]);
    const b = Float64Array.from([1, 0, 0]);
    const { x, stats } = cg(denseOp(a, 3), b);
    expect(stats.status).toBe('negative_curvature');
    expect(stats.converged).toBe(false);
    expect(stats.iterations).toBe(0);
    expect(Array.from(x)).toEqual([0, 0, 0]);
    expect(Array.from(stats.negativeCurvatureDirection!)).toEqual([1, 0, 0]);
    expect(stats.negativeCurvatureValue).toBe(-1);
  });

  const n = 30;
  const rand = mulberry32(11);
  const eig = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -(1 + i) : 1 + i));
  const a = symmetricWithEigenvalues(eig, rand);
  const A = denseOp(a, n);
  const b = randomVector(n, rand);

  it('on an indefinite matrix reports a direction with p\'Ap <= 0 (checked independently)', () => {
    const { x, stats } = cg(A, b, { rtol: 1e-12 });
    expect(stats.status).toBe('negative_curvature');
    const d = stats.negativeCurvatureDirection!;
    const curvature = dotOf(d, denseMatvec(a, n, d));
    expect(curvature).toBeLessThanOrEqual(0);
    // Same quantity, summed in a different order: agree to rounding.
    expect(stats.negativeCurvatureValue).toBeCloseTo(curvature, 10);
    // x is the last CG iterate: the run stopped right after it.
    expect(cg(A, b, { rtol: 1e-12, maxIter: stats.iterations }).x).toEqual(x);
  });

  it('with a radius, follows the direction to the boundary', () => {
    const free = cg(A, b, { rtol: 1e-12, saveIterates: () => true });
    const K = free.stats.iterations;
    const radius = 2 * Math.max(...free.stats.savedIterates.map((s) => normOf(s.x)));
    const { x, stats } = cg(A, b, { rtol: 1e-12, radius });
    expect(stats.status).toBe('negative_curvature');
    expect(stats.iterations).toBe(K + 1);
    expect(Math.abs(normOf(x) - radius)).toBeLessThanOrEqual(1e-12 * radius);
    const d = stats.negativeCurvatureDirection!;
    expect(dotOf(d, denseMatvec(a, n, d))).toBeLessThanOrEqual(0);
    // Along p with p'r > 0 and p'Ap <= 0, phi decreases: the boundary point is below x_K.
    const phi = quadraticOf(denseMatvec(a, n, x), b, x);
    expect(phi).toBeLessThan(free.stats.quadraticValues[K]);
    expect(stats.quadraticValues[K + 1]).toBeCloseTo(phi, 10);
  });
});

describe('trust region (Steihaug-Toint)', () => {
  const n = 50;
  const rand = mulberry32(21);
  const a = symmetricWithEigenvalues(geometricSpectrum(n, 100), rand);
  const A = denseOp(a, n);
  const b = randomVector(n, rand);
  const xStar = choleskySolve(a, n, b);

  it('stops on the boundary when the radius is smaller than ||x*||', () => {
    const radius = 0.5 * normOf(xStar);
    const norms: number[] = [0];
    const { x, stats } = cg(A, b, { radius, onIteration: (info) => void norms.push(normOf(info.x)) });
    expect(stats.status).toBe('trust_region_boundary');
    expect(Math.abs(normOf(x) - radius)).toBeLessThanOrEqual(1e-12 * radius);
    // A descent step for phi: phi(x) < phi(0) = 0 and g'x < 0 with g = -b at 0.
    expect(quadraticOf(denseMatvec(a, n, x), b, x)).toBeLessThan(0);
    expect(dotOf(b, x)).toBeGreaterThan(0);
    // Steihaug's theorem: from x0 = 0, ||x_k|| grows and phi(x_k) falls.
    for (let k = 1; k < norms.length; k++) expect(norms[k]).toBeGreaterThan(norms[k - 1]);
    const phi = stats.quadraticValues;
    for (let k = 1; k < phi.length; k++) expect(phi[k]).toBeLessThan(phi[k - 1]);
  });

  it('converges as without a radius when the radius is larger than ||x*||', () => {
    const plain = cg(A, b, { rtol: 1e-10 });
    const { x, stats } = cg(A, b, { rtol: 1e-10, radius: 2 * normOf(xStar) });
    expect(stats.status).toBe('converged');
    expect(stats.iterations).toBe(plain.stats.iterations);
    // With a radius p'Ap comes from the pass fused with the norms, which sums
    // it in the same order as linop's dot: the iterates are the same bit for bit.
    expect(Array.from(x)).toEqual(Array.from(plain.x));
  });

  it('measures the full iterate when x0 != 0', () => {
    const radius = 0.5 * normOf(xStar);
    const x0 = Float64Array.from(xStar, (v) => (0.1 * v * radius) / normOf(xStar));
    const { x, stats } = cg(A, b, { radius, x0 });
    expect(stats.status).toBe('trust_region_boundary');
    expect(Math.abs(normOf(x) - radius)).toBeLessThanOrEqual(1e-12 * radius);
  });
});

describe('starting points and trivial systems', () => {
  const P = poisson2d(8);
  const b = randomVector(P.n, mulberry32(3));

  it('zero right-hand side with x0 = 0: x = 0 after 0 iterations, no products', () => {
    const A = counting(csrOp(P));
    const { x, stats } = cg(A, new Float64Array(P.n));
    expect(stats).toMatchObject({ iterations: 0, status: 'converged', converged: true, residualNorm: 0, trueResidualNorm: 0 });
    expect(x.every((v) => v === 0)).toBe(true);
    expect(A.calls).toBe(0);
  });

  it('warm start from the exact solution takes 0 iterations', () => {
    // A x0 = b exactly in floating point (small integers).
    const a = Float64Array.from([2, 1, 0, 1, 3, 1, 0, 1, 4]);
    const x0 = Float64Array.from([1, -2, 3]);
    const rhs = denseMatvec(a, 3, x0);
    const exact = cg(denseOp(a, 3), rhs, { x0 });
    expect(exact.stats).toMatchObject({ iterations: 0, status: 'converged', residualNorm: 0 });
    expect(exact.x).toEqual(x0);
    // A Cholesky solution leaves a residual ~eps ||b||, far below rtol = 1e-8.
    const xStar = choleskySolve(csrToDense(P), P.n, b);
    expect(cg(csrOp(P), b, { x0: xStar, rtol: 1e-8 }).stats.iterations).toBe(0);
  });

  it('an empty system converges at once', () => {
    const { x, stats } = cg(denseOp(new Float64Array(0), 0), new Float64Array(0));
    expect(x.length).toBe(0);
    expect(stats.status).toBe('converged');
  });

  it('maxIter = 0 returns x0 with status max_iterations', () => {
    const { x, stats } = cg(csrOp(P), b, { maxIter: 0 });
    expect(stats).toMatchObject({ iterations: 0, status: 'max_iterations', converged: false });
    expect(x.every((v) => v === 0)).toBe(true);
  });

  it('costs one product per iteration, plus one for x0 and one for the true residual', () => {
    const A = counting(csrOp(P));
    const M = counting(jacobi(csrOp(P)));
    const { stats } = cg(A, b, { M, rtol: 1e-6 });
    expect(A.calls).toBe(stats.iterations + 1);
    expect(M.calls).toBe(stats.iterations); // the last iteration converges before M is needed
    A.calls = 0;
    const warm = cg(A, b, { x0: new Float64Array(P.n).fill(0.1), trueResidual: false });
    expect(A.calls).toBe(warm.stats.iterations + 1);
    expect(warm.stats.trueResidualNorm).toBeNaN();
  });

  it('writes into `out`, and warm-starts in place when out === x0', () => {
    const out = new Float64Array(P.n);
    const first = cg(csrOp(P), b, { out, maxIter: 5 });
    expect(first.x).toBe(out);
    const cont = cg(csrOp(P), b, { x0: out, out, rtol: 1e-10 });
    expect(cont.x).toBe(out);
    expect(cont.stats.status).toBe('converged');
    expect(cont.stats.trueResidualNorm / normOf(b)).toBeLessThanOrEqual(2e-10);
  });
});

describe('precision', () => {
  const m = 16;
  const P = poisson2d(m);
  const b64 = randomVector(P.n, mulberry32(5));
  const b32 = Float32Array.from(b64);
  const xStar = choleskySolve(csrToDense(P), P.n, b32);
  const kappa = poissonCondition(m); // about 100

  it('Float32Array in, Float32Array out, accurate to float32 precision', () => {
    // Float32 storage rounds x and r at every step (eps32 = 6e-8); the true
    // residual then stalls near eps32 * kappa ~ 1e-5 relative, so rtol = 1e-5
    // is about the smallest meaningful request; the true residual is checked
    // at 1e-4 and the forward error through kappa.
    const { x, stats } = cg(csrOp(P), b32, { rtol: 1e-5 });
    expect(x).toBeInstanceOf(Float32Array);
    expect(stats.status).toBe('converged');
    const trueRel = normOf(b32.map((bi, i) => bi - csrMatvec(P, x)[i])) / normOf(b32);
    expect(trueRel).toBeLessThanOrEqual(1e-4);
    expect(relativeError(x, xStar)).toBeLessThanOrEqual(kappa * 1e-4);
  });

  it('the default rtol follows the precision: sqrt(eps)', () => {
    const r32 = cg(csrOp(P), b32);
    expect(r32.stats.status).toBe('converged');
    expect(r32.stats.residualNorm).toBeLessThanOrEqual(Math.sqrt(2 ** -23) * normOf(b32));
    expect(r32.stats.residualNorm).toBeGreaterThan(Math.sqrt(EPS) * normOf(b32));
    const r64 = cg(csrOp(P), b64);
    expect(r64.x).toBeInstanceOf(Float64Array);
    expect(r64.stats.residualNorm).toBeLessThanOrEqual(Math.sqrt(EPS) * normOf(b64));
  });
});

describe('Martens stopping rule and saved iterates', () => {
  it('fires on a large ill-conditioned problem before maxIter; phi values match', () => {
    const m = 100; // n = 10^4, kappa ~ 4000
    const P = poisson2d(m);
    const b = randomVector(P.n, mulberry32(9));
    const maxIter = 2 * P.n;
    const { stats } = cg(csrOp(P), b, { stop: martensStop(), saveIterates: true, maxIter, rtol: 1e-12 });
    expect(stats.status).toBe('stopped_by_rule');
    const i = stats.iterations;
    expect(i).toBeLessThan(maxIter);
    // The rule, restated: it holds at i and at no earlier iteration.
    const phi = stats.quadraticValues;
    const holds = (j: number): boolean => {
      const k = Math.max(10, Math.ceil(0.1 * j));
      return j > k && phi[j] < 0 && (phi[j] - phi[j - k]) / phi[j] < k * 5e-4;
    };
    expect(holds(i)).toBe(true);
    for (let j = 1; j < i; j++) expect(holds(j)).toBe(false);
    // phi from the recurrence residual, -(b + r)'x/2, against x'Ax/2 - b'x
    // from a fresh product: they differ by (r - (b - A x))'x/2, i.e. by the
    // drift of the recurrence residual, at most ~eps * kappa ~ 1e-12
    // relative (about 1e-14 observed); allow 1e-10.
    expect(stats.savedIterates.length).toBeGreaterThan(5);
    for (const { iteration, x } of stats.savedIterates) {
      const direct = quadraticOf(csrMatvec(P, x), b, x);
      expect(Math.abs(phi[iteration] - direct)).toBeLessThanOrEqual(1e-10 * Math.abs(direct));
    }
  });

  it('saves iterates at ceil(5 * 1.3^j) and at the end, each equal to a run stopped there', () => {
    const P = poisson2d(20);
    const A = csrOp(P);
    const b = randomVector(P.n, mulberry32(13));
    const { x, stats } = cg(A, b, { rtol: 1e-10, saveIterates: true });
    const schedule = [5, 7, 9, 11, 15, 19, 25, 32, 41, 54, 69, 90, 117, 152, 197, 256];
    for (let j = 0; j < schedule.length; j++) expect(Math.ceil(5 * 1.3 ** j)).toBe(schedule[j]);
    const k = stats.iterations;
    const expected = [...schedule.filter((s) => s < k), k];
    expect(stats.savedIterates.map((s) => s.iteration)).toEqual(expected);
    for (const saved of stats.savedIterates) {
      expect(saved.x).not.toBe(x);
      expect(saved.x).toEqual(cg(A, b, { rtol: 1e-10, maxIter: saved.iteration }).x);
    }
  });

  it('accepts an explicit list or a predicate', () => {
    const A = csrOp(poisson2d(10));
    const b = randomVector(100, mulberry32(17));
    const list = cg(A, b, { saveIterates: [0, 3, 10], maxIter: 12 });
    expect(list.stats.savedIterates.map((s) => s.iteration)).toEqual([0, 3, 10, 12]);
    expect(list.stats.savedIterates[0].x.every((v) => v === 0)).toBe(true);
    const pred = cg(A, b, { saveIterates: (k) => k % 4 === 0 && k > 0, maxIter: 12 });
    expect(pred.stats.savedIterates.map((s) => s.iteration)).toEqual([4, 8, 12]);
  });
});

describe('callbacks, stopping rules and cancellation', () => {
  const A = csrOp(poisson2d(10));
  const b = randomVector(100, mulberry32(19));

  it('onIteration is called once per iteration with one reused info object', () => {
    const seen: number[] = [];
    const infos = new Set<CgIterationInfo>();
    const { stats } = cg(A, b, {
      onIteration: (info) => {
        seen.push(info.iteration);
        infos.add(info);
        expect(info.residualNorm).toBe(info.residualHistory[info.iteration]);
        expect(info.quadraticValue).toBe(info.quadraticValues[info.iteration]);
      },
    });
    expect(seen).toEqual(Array.from({ length: stats.iterations }, (_, i) => i + 1));
    expect(infos.size).toBe(1);
    expect(stats.residualHistory.length).toBe(stats.iterations + 1);
    expect(stats.quadraticValues.length).toBe(stats.iterations + 1);
  });

  it('an abort at iteration 3 returns the third iterate', () => {
    const controller = new AbortController();
    const { x, stats } = cg(A, b, {
      signal: controller.signal,
      onIteration: ({ iteration }) => {
        if (iteration === 3) controller.abort();
      },
    });
    expect(stats).toMatchObject({ status: 'aborted', iterations: 3, converged: false });
    expect(x).toEqual(cg(A, b, { maxIter: 3 }).x);
  });

  it('an already aborted signal stops before the first iteration', () => {
    const { stats } = cg(A, b, { signal: AbortSignal.abort() });
    expect(stats).toMatchObject({ status: 'aborted', iterations: 0 });
  });

  it('a custom rule stops with stopped_by_rule', () => {
    const { stats } = cg(A, b, { stop: ({ iteration }) => iteration === 4 });
    expect(stats).toMatchObject({ status: 'stopped_by_rule', iterations: 4 });
  });
});

describe('breakdown', () => {
  it('an operator that returns NaN: breakdown with the last finite iterate', () => {
    const A = { rows: 3, cols: 3, apply: (_: Float64Array | Float32Array, y: Float64Array | Float32Array) => void y.fill(NaN) };
    const { x, stats } = cg(A, Float64Array.from([1, 2, 3]));
    expect(stats).toMatchObject({ status: 'breakdown', iterations: 0 });
    expect(Array.from(x)).toEqual([0, 0, 0]);
  });

  it('a preconditioner that is not positive definite: breakdown', () => {
    const minusIdentity = { rows: 3, cols: 3, apply: (x: Float64Array | Float32Array, y: Float64Array | Float32Array) => void y.set(x.map((v) => -v)) };
    const a = Float64Array.from([2, 0, 0, 0, 3, 0, 0, 0, 4]);
    const { stats } = cg(denseOp(a, 3), Float64Array.from([1, 1, 1]), { M: minusIdentity });
    expect(stats).toMatchObject({ status: 'breakdown', iterations: 0 });
  });
});

describe('workspace', () => {
  const P = poisson2d(10);
  const A = csrOp(P);
  const b = randomVector(P.n, mulberry32(23));

  it('repeated solves with one workspace give the same results as without', () => {
    const workspace = cgWorkspace(P.n);
    const ref = cg(A, b, { rtol: 1e-10 });
    const first = cg(A, b, { rtol: 1e-10, workspace });
    const second = cg(A, b.map((v) => 2 * v), { rtol: 1e-10, workspace, M: ic0(A) });
    expect(first.x).toEqual(ref.x);
    expect(first.stats.iterations).toBe(ref.stats.iterations);
    // The first result is not overwritten by the second solve.
    expect(first.x).toEqual(ref.x);
    expect(second.stats.status).toBe('converged');
  });

  it('works in float32', () => {
    const b32 = Float32Array.from(b);
    const { x, stats } = cg(A, b32, { workspace: cgWorkspace(P.n, Float32Array), rtol: 1e-5 });
    expect(x).toBeInstanceOf(Float32Array);
    expect(stats.status).toBe('converged');
  });
});

describe('bad input: a clear error naming the argument, and nothing computed', () => {
  const P = poisson2d(2);
  const b = Float64Array.from([1, 2, 3, 4]);
  const cases: [string, (A: ReturnType<typeof counting<ReturnType<typeof csrOp>>>) => unknown, RegExp][] = [
    ['A not an operator', () => cg({} as never, b), /^cg: A must be a LinearOperator/],
    ['A not square', () => cg({ rows: 3, cols: 4, apply: () => {} }, b), /^cg: A must be square, got 3x4/],
    ['b not a typed array', (A) => cg(A, [1, 2, 3, 4] as never), /^cg: b must be a Float64Array or Float32Array, got Array/],
    ['b of the wrong length', (A) => cg(A, new Float64Array(3)), /^cg: b must have length 4, got 3/],
    ['options not an object', (A) => cg(A, b, 5 as never), /^cg: options must be an object/],
    ['x0 of the wrong length', (A) => cg(A, b, { x0: new Float64Array(5) }), /^cg: x0 must have length 4/],
    ['M of the wrong shape', (A) => cg(A, b, { M: denseOp(new Float64Array(9), 3) }), /^cg: M must be 4x4, got 3x3/],
    ['M not an operator', (A) => cg(A, b, { M: {} as never }), /^cg: M must be a LinearOperator/],
    ['negative rtol', (A) => cg(A, b, { rtol: -1 }), /^cg: rtol must be a finite number >= 0, got -1/],
    ['NaN rtol', (A) => cg(A, b, { rtol: NaN }), /^cg: rtol must be a finite number >= 0, got NaN/],
    ['infinite atol', (A) => cg(A, b, { atol: Infinity }), /^cg: atol must be a finite number >= 0/],
    ['fractional maxIter', (A) => cg(A, b, { maxIter: 1.5 }), /^cg: maxIter must be a non-negative integer, got 1.5/],
    ['negative maxIter', (A) => cg(A, b, { maxIter: -1 }), /^cg: maxIter must be a non-negative integer/],
    ['zero radius', (A) => cg(A, b, { radius: 0 }), /^cg: radius must be a finite number > 0, got 0/],
    ['infinite radius', (A) => cg(A, b, { radius: Infinity }), /^cg: radius must be a finite number > 0/],
    ['stop not a function', (A) => cg(A, b, { stop: 1 as never }), /^cg: stop must be a function/],
    ['onIteration not a function', (A) => cg(A, b, { onIteration: 'x' as never }), /^cg: onIteration must be a function/],
    ['signal not a signal', (A) => cg(A, b, { signal: {} as never }), /^cg: signal must be an AbortSignal/],
    ['saveIterates not increasing', (A) => cg(A, b, { saveIterates: [3, 2] }), /^cg: saveIterates must be strictly increasing/],
    ['saveIterates with a negative entry', (A) => cg(A, b, { saveIterates: [-1] }), /^cg: saveIterates\[0\] must be a non-negative integer/],
    ['saveIterates of a wrong type', (A) => cg(A, b, { saveIterates: 'yes' as never }), /^cg: saveIterates must be a boolean/],
    ['trueResidual not a boolean', (A) => cg(A, b, { trueResidual: 1 as never }), /^cg: trueResidual must be a boolean/],
    ['workspace not from cgWorkspace', (A) => cg(A, b, { workspace: {} as never }), /^cg: workspace must come from cgWorkspace/],
    ['workspace of the wrong size', (A) => cg(A, b, { workspace: cgWorkspace(5) }), /^cg: workspace must be cgWorkspace\(4, Float64Array\)/],
    ['workspace of the wrong precision', (A) => cg(A, b, { workspace: cgWorkspace(4, Float32Array) }), /^cg: workspace must be cgWorkspace\(4, Float64Array\)/],
    ['out of the wrong precision', (A) => cg(A, b, { out: new Float32Array(4) as never }), /^cg: out must be a Float64Array like b/],
    ['out of the wrong length', (A) => cg(A, b, { out: new Float64Array(3) }), /^cg: out must have length 4/],
    ['out aliasing b', (A) => cg(A, b, { out: b }), /^cg: out must not share memory with b/],
    ['x0 outside the trust region', (A) => cg(A, b, { radius: 1, x0: Float64Array.from([1, 1, 0, 0]) }), /^cg: x0 must lie inside the trust region/],
    // Misspelt options used to be ignored (rtol stayed at its default).
    ['a misspelt option', (A) => cg(A, b, { rtoll: 1e-3 } as never), /^cg: unknown option 'rtoll' \(did you mean 'rtol'\?\)$/],
    ['a longer name for one', (A) => cg(A, b, { maxIterations: 5 } as never), /^cg: unknown option 'maxIterations' \(did you mean 'maxIter'\?\)$/],
    ['a case slip', (A) => cg(A, b, { maxiter: 5 } as never), /^cg: unknown option 'maxiter' \(did you mean 'maxIter'\?\)$/],
    ['an ambiguous one', (A) => cg(A, b, { tol: 1e-3 } as never), /^cg: unknown option 'tol' \(did you mean 'rtol' or 'atol'\?\)$/],
    ['an unrelated one', (A) => cg(A, b, { preconditioner: {} } as never), /^cg: unknown option 'preconditioner' \(known options: x0, out, M, rtol, atol, maxIter, maxRestarts, onIteration, signal, radius, stop, saveIterates, workspace, trueResidual, kernels\)$/],
    ['an unknown option set to undefined', (A) => cg(A, b, { shift: undefined } as never), /^cg: unknown option 'shift'/],
  ];
  it.each(cases)('%s', (_, call, message) => {
    const A = counting(csrOp(P));
    const bBefore = b.slice();
    expect(() => call(A)).toThrow(message);
    expect(A.calls).toBe(0);
    expect(b).toEqual(bBefore);
  });

  it('a value of the wrong type is a TypeError, a wrong number a RangeError; messages say what was given', () => {
    const A = csrOp(P);
    expect(() => cg(A, b, { rtol: '1' as never })).toThrow(new TypeError('cg: rtol must be a finite number >= 0, got the string "1"'));
    expect(() => cg(A, b, { rtol: -1 })).toThrow(RangeError);
    expect(() => cg(A, b, { maxIter: [3] as never })).toThrow(new TypeError('cg: maxIter must be a non-negative integer, got Array'));
    expect(() => cg(A, b, { stop: 1 as never })).toThrow(new TypeError('cg: stop must be a function, got 1'));
  });

  it('martensStop checks its options', () => {
    expect(() => martensStop({ epsilon: 1e-3 } as never)).toThrow(new TypeError("martensStop: unknown option 'epsilon' (did you mean 'eps'?)"));
    expect(() => martensStop({ mink: 3 } as never)).toThrow(/^martensStop: unknown option 'mink' \(did you mean 'minK'\?\)$/);
    expect(() => martensStop({ eps: 0 })).toThrow(/^martensStop: eps must be a finite number > 0/);
    expect(() => martensStop({ minK: 0 })).toThrow(/^martensStop: minK must be a positive integer/);
    expect(() => martensStop({ fraction: -1 })).toThrow(/^martensStop: fraction must be a finite number >= 0/);
  });

  it('cgWorkspace checks its arguments', () => {
    expect(() => cgWorkspace(-1)).toThrow(/^cgWorkspace: n must be a non-negative integer/);
    expect(() => cgWorkspace(3, Array as never)).toThrow(/^cgWorkspace: type must be Float64Array or Float32Array/);
  });
});
