// Newton-MR's inner solve: krylov's minres watched for Liu & Roosta's (2022)
// non-positive-curvature test, against dense references computed here.
import { dense, diagonal, seededRng, type LinearOperator } from '@hessian-free/linop';
import { describe, expect, it } from 'vitest';
import { newtonMr, newtonMrWorkspace } from '../src/hessian-free/newton-mr.js';

/** A dense symmetric n x n matrix Q diag(eigenvalues) Q' with a random orthogonal Q (Gram-Schmidt), row-major. */
function symmetric(eigenvalues: readonly number[], seed: number): Float64Array {
  const n = eigenvalues.length;
  const rng = seededRng(seed);
  const Q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const q = Float64Array.from({ length: n }, () => rng.normal());
    for (const p of Q) {
      const d = dotOf(p, q);
      for (let i = 0; i < n; i++) q[i] -= d * p[i];
    }
    const s = Math.sqrt(dotOf(q, q));
    for (let i = 0; i < n; i++) q[i] /= s;
    Q.push(q);
  }
  const A = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) for (let j = 0; j < n; j++) A[r * n + c] += Q[j][r] * eigenvalues[j] * Q[j][c];
  return A;
}

function dotOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function times(A: Float64Array, x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) y[r] += A[r * n + c] * x[c];
  return y;
}

/** Counts products. */
function counted(A: LinearOperator): LinearOperator & { count: number } {
  const op = {
    rows: A.rows,
    cols: A.cols,
    symmetric: true,
    count: 0,
    apply(x: Float64Array | Float32Array, y: Float64Array | Float32Array) {
      op.count++;
      A.apply(x, y);
    },
  };
  return op;
}

const n = 24;
/** Spectra: definite, indefinite with one negative eigenvalue, and spread over both signs. */
function spectrum(kind: 'definite' | 'one-negative' | 'mixed', seed: number): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const magnitude = 0.1 + 10 * rng.uniform();
    if (kind === 'definite') return magnitude;
    if (kind === 'one-negative') return i === 0 ? -0.5 - rng.uniform() : magnitude;
    return rng.uniform() < 0.5 ? -magnitude : magnitude;
  });
}

describe('newtonMr (MINRES with the NPC test of Liu & Roosta 2022)', () => {
  it('on a definite system never reports negative curvature, solves it, and spends one product per iteration', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const A = symmetric(spectrum('definite', seed), seed);
      const b = Float64Array.from({ length: n }, () => seededRng(seed + 50).normal());
      const op = counted(dense(n, n, A, { symmetric: true }));
      const r = newtonMr(op, b, { rtol: 1e-10, maxIter: 200 });
      expect(r.status).toBe('converged');
      // ||b - A x|| <= 1e-10 ||b|| by the recurrence; the true residual is
      // within rounding of it (cond(A) <= ~100, float64): check at 1e-8.
      const residual = times(A, r.x).map((v, i) => b[i] - v);
      expect(Math.sqrt(dotOf(residual, residual))).toBeLessThan(1e-8 * Math.sqrt(dotOf(b, b)));
      // Lean: no true-residual product on top of the Lanczos steps.
      expect(r.products).toBe(r.iterations);
      expect(op.count).toBe(r.iterations);
    }
  });

  it('every iterate before the test fires is a descent direction (<b, x_k> > 0), and the NPC direction is r_{k-1} = b - A x_{k-1}', () => {
    let fired = 0;
    for (const kind of ['one-negative', 'mixed'] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const A = symmetric(spectrum(kind, seed), 100 + seed);
        const b = Float64Array.from({ length: n }, () => seededRng(seed + 7).normal());
        const op = dense(n, n, A, { symmetric: true });
        const r = newtonMr(op, b, { rtol: 1e-10, maxIter: 200 });
        // Every earlier iterate, recomputed by capping the iterations (the
        // solve is deterministic), points uphill of b: <b, x_k> > 0.
        for (let k = 1; k <= r.iterations; k++) {
          const partial = newtonMr(op, b, { rtol: 1e-10, maxIter: k });
          expect(partial.iterations).toBe(k);
          expect(dotOf(b, partial.x)).toBeGreaterThan(0);
        }
        if (r.status !== 'negative_curvature') {
          expect(r.status).toBe('converged');
          continue;
        }
        fired++;
        const d = r.direction!;
        // The recurrence's r_{k-1} against b - A x_{k-1} computed densely;
        // 1e-8 relative: float64 rounding over <= 24 recurrence steps.
        const direct = times(A, r.x).map((v, i) => b[i] - v);
        const scale = Math.sqrt(dotOf(direct, direct));
        for (let i = 0; i < n; i++) expect(Math.abs(d[i] - direct[i])).toBeLessThan(1e-8 * scale);
        // Its curvature as the recurrence gives it, against d'Ad / d'd.
        const rayleigh = dotOf(d, times(A, d)) / dotOf(d, d);
        expect(r.curvature).toBeLessThanOrEqual(0);
        expect(Math.abs(rayleigh - r.curvature)).toBeLessThan(1e-8 * 10);
        // A descent direction: <b, r> = ||r||^2 (r is orthogonal to A x_{k-1}).
        expect(Math.abs(dotOf(b, d) - dotOf(d, d))).toBeLessThan(1e-8 * dotOf(d, d));
        // One product per Lanczos step: the last one found the curvature and did not move x.
        expect(r.products).toBe(r.iterations + 1);
      }
    }
    // The mixed spectra meet negative curvature almost always (b has weight on negative eigenvectors).
    expect(fired).toBeGreaterThanOrEqual(20);
  });

  it("with b'Ab <= 0 the test fires at the first product and the direction is b itself", () => {
    const A = diagonal(Float64Array.of(-2, 1, 1));
    const b = Float64Array.of(1, 0.5, 0.5); // b'Ab = -2 + 0.5 = -1.5
    const r = newtonMr(A, b, { rtol: 1e-8, maxIter: 10 });
    expect(r.status).toBe('negative_curvature');
    expect(r.iterations).toBe(0);
    expect(r.products).toBe(1);
    expect(Array.from(r.x)).toEqual([0, 0, 0]);
    for (let i = 0; i < 3; i++) expect(r.direction![i]).toBeCloseTo(b[i], 14);
    expect(r.curvature).toBeCloseTo(-1.5 / 1.5, 14);
  });

  it('with a diagonal preconditioner M the direction is M r_{k-1} and its curvature that of M^(1/2) A M^(1/2)', () => {
    let fired = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const A = symmetric(spectrum('mixed', seed), 300 + seed);
      const rng = seededRng(seed + 11);
      const m = Float64Array.from({ length: n }, () => 0.2 + 3 * rng.uniform());
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const r = newtonMr(dense(n, n, A, { symmetric: true }), b, { M: diagonal(m), rtol: 1e-10, maxIter: 200 });
      if (r.status !== 'negative_curvature') continue;
      fired++;
      const d = r.direction!;
      const Mr = times(A, r.x).map((v, i) => m[i] * (b[i] - v));
      const scale = Math.sqrt(dotOf(Mr, Mr));
      for (let i = 0; i < n; i++) expect(Math.abs(d[i] - Mr[i])).toBeLessThan(1e-8 * scale);
      // (Mr)'A(Mr) / (r'Mr) with r = M^-1 d.
      const rMr = dotOf(d, d.map((v, i) => v / m[i]));
      expect(Math.abs(dotOf(d, times(A, d)) / rMr - r.curvature)).toBeLessThan(1e-7);
      expect(dotOf(b, d)).toBeGreaterThan(0);
    }
    expect(fired).toBeGreaterThanOrEqual(8);
  });

  it('works in float32 (the Hessian-free path): the direction matches b - A x to float32 accuracy', () => {
    const A = symmetric(spectrum('mixed', 3), 303);
    const b = Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const r = newtonMr(dense(n, n, Float32Array.from(A), { symmetric: true }), b, { rtol: 1e-5, maxIter: 100, workspace: newtonMrWorkspace(n, Float32Array) });
    expect(r.x).toBeInstanceOf(Float32Array);
    expect(r.status).toBe('negative_curvature');
    const direct = times(A, r.x).map((v, i) => b[i] - v);
    const scale = Math.sqrt(dotOf(direct, direct));
    // float32: 1e-4 relative (a few hundred ulps over the recurrence steps).
    for (let i = 0; i < n; i++) expect(Math.abs(r.direction![i] - direct[i])).toBeLessThan(1e-4 * scale);
    expect(dotOf(b, r.direction!)).toBeGreaterThan(0);
  });

  it('stops at the cap, at its rule, on an aborted signal, and on a non-finite product', () => {
    const A = symmetric(spectrum('definite', 9), 9);
    const b = Float64Array.from({ length: n }, (_, i) => 1 + i);
    const op = dense(n, n, A, { symmetric: true });
    const capped = newtonMr(op, b, { rtol: 1e-12, maxIter: 3 });
    expect([capped.status, capped.iterations, capped.products]).toEqual(['max_iterations', 3, 3]);
    const ruled = newtonMr(op, b, { rtol: 1e-12, maxIter: 50, stop: (p) => p.iteration === 2 });
    expect([ruled.status, ruled.iterations]).toEqual(['stopped_by_rule', 2]);
    const controller = new AbortController();
    controller.abort();
    expect(newtonMr(op, b, { rtol: 1e-12, maxIter: 50, signal: controller.signal })).toMatchObject({ status: 'aborted', products: 0 });
    let calls = 0;
    const failing: LinearOperator = {
      rows: n,
      cols: n,
      symmetric: true,
      apply(x, y) {
        op.apply(x, y);
        if (++calls === 3) y[0] = NaN;
      },
    };
    const broken = newtonMr(failing, b, { rtol: 1e-12, maxIter: 50 });
    expect([broken.status, broken.iterations]).toEqual(['breakdown', 2]);
    expect(broken.x.every(Number.isFinite)).toBe(true);
  });
});
