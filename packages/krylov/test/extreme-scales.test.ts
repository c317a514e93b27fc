import { describe, expect, it } from 'vitest';
import { cg, minres } from '@hessian-free/krylov';
import { counting, csrMatvec, csrOp, mulberry32, poisson2d, randomVector } from './problems.js';

/**
 * Right-hand sides whose squared norm overflows (|b_i| ~ 1e155 and up) or
 * underflows (~1e-160 and below) in float64. Scaling by a power of two is
 * exact in floating point as long as nothing becomes subnormal or infinite,
 * so the solve of 2^e b must be the solve of b scaled by 2^e: the reference
 * is the same solver at an ordinary scale, and the true residual is computed
 * here independently, after dividing everything by max |b_i| (also exact).
 */

const P = poisson2d(6);
const A = csrOp(P);
const base = randomVector(P.n, mulberry32(3));

/** ||b - A x|| / ||b|| computed at the scale of b's largest entry, so that nothing over- or underflows. */
function relativeResidual(b: ArrayLike<number>, x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(b[i]));
  const ax = csrMatvec(P, Float64Array.from(x, (v) => v / m));
  let rr = 0;
  let bb = 0;
  for (let i = 0; i < b.length; i++) {
    rr += (b[i] / m - ax[i]) ** 2;
    bb += (b[i] / m) ** 2;
  }
  return Math.sqrt(rr / bb);
}

// 2^515 ~ 1e155 and 2^1000 ~ 1e301: ||b||^2 overflows. 2^-531 ~ 1e-160,
// 2^-565 ~ 1e-170, 2^-980 ~ 1e-295: ||b||^2 underflows (partly or to 0).
const EXPONENTS = [515, 1000, -531, -565, -980];

describe('cg: ||b||^2 out of range does not decide the status', () => {
  const rtol = 1e-10;
  const reference = cg(A, base, { rtol });

  it.each(EXPONENTS)('b scaled by 2^%d: the iterates of the unscaled solve, scaled; converged; norms of b and of the residual right', (e) => {
    const s = 2 ** e;
    const b = base.map((v) => v * s);
    const { x, stats } = cg(A, b, { rtol });
    expect(reference.stats.status).toBe('converged');
    expect(stats.status).toBe('converged');
    expect(stats.iterations).toBe(reference.stats.iterations);
    // Exact: the same arithmetic at another power of two.
    expect(x).toEqual(reference.x.map((v) => v * s));
    expect(stats.rhsNorm).toBe(reference.stats.rhsNorm * s);
    expect(stats.residualNorm).toBe(reference.stats.residualNorm * s);
    expect(stats.trueResidualNorm).toBe(reference.stats.trueResidualNorm * s);
    // Independently: the true relative residual meets rtol, and the one
    // reported agrees with it up to the rounding of two different products
    // (n eps ||A|| ||x|| / ||b|| < 1e-14 here).
    expect(relativeResidual(b, x)).toBeLessThanOrEqual(rtol);
    expect(Math.abs(stats.trueResidualNorm / stats.rhsNorm - relativeResidual(b, x))).toBeLessThanOrEqual(1e-14);
  });

  it.each(EXPONENTS)('with a preconditioner, a warm start and a trust region, b scaled by 2^%d scales exactly too', (e) => {
    const s = 2 ** e;
    const M = { rows: P.n, cols: P.n, apply: (u: Float64Array | Float32Array, v: Float64Array | Float32Array) => v.set(u.map((t) => t / 4)) };
    const x0 = base.map((v) => v / 8);
    const options = { rtol, M, radius: 1e3 };
    const ref = cg(A, base, { ...options, x0 });
    const { x, stats } = cg(A, base.map((v) => v * s), { ...options, x0: x0.map((v) => v * s), radius: 1e3 * s });
    expect(stats.status).toBe(ref.stats.status);
    expect(stats.status).toBe('converged');
    expect(x).toEqual(ref.x.map((v) => v * s));
    expect(stats.trueResidualNorm).toBe(ref.stats.trueResidualNorm * s);
  });

  it('a radius reached at 2^515: stops on the boundary as the unscaled solve does', () => {
    const s = 2 ** 515;
    const ref = cg(A, base, { rtol, radius: 0.5 });
    const { x, stats } = cg(A, base.map((v) => v * s), { rtol, radius: 0.5 * s });
    expect(ref.stats.status).toBe('trust_region_boundary');
    expect(stats.status).toBe('trust_region_boundary');
    expect(x).toEqual(ref.x.map((v) => v * s));
  });

  it.each([60, 120, -100])('Float32Array b scaled by 2^%d (float32 squares overflow at 2^64): inner products are float64, the solve scales exactly', (e) => {
    const s = 2 ** e;
    const b32 = Float32Array.from(base);
    const ref = cg(A, b32, { rtol: 1e-5 });
    const { x, stats } = cg(A, b32.map((v) => v * s), { rtol: 1e-5 });
    expect(ref.stats.status).toBe('converged');
    expect(stats.status).toBe('converged');
    expect(x).toEqual(ref.x.map((v) => v * s));
    expect(stats.rhsNorm).toBe(ref.stats.rhsNorm * s);
    expect(relativeResidual(b32.map((v) => v * s), x)).toBeLessThanOrEqual(2e-5);
  });
});

describe('minres: ||b||^2 out of range does not decide the status', () => {
  const rtol = 1e-10;
  const reference = minres(A, base, { rtol });

  it.each(EXPONENTS)('b scaled by 2^%d: converged, x the unscaled solution scaled, norms right', (e) => {
    const s = 2 ** e;
    const b = base.map((v) => v * s);
    const { x, stats } = minres(A, b, { rtol });
    expect(reference.stats.status).toBe('converged');
    expect(stats.status).toBe('converged');
    expect(stats.iterations).toBe(reference.stats.iterations);
    // MINRES measures its true residual with linop's nrm2 (Blue's algorithm),
    // whose rounding depends on the magnitude class of each entry: allow a
    // few ulps per step over ~30 steps.
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] / s - reference.x[i])).toBeLessThanOrEqual(1e-13 * Math.abs(reference.x[i]));
    expect(stats.rhsNorm / s).toBeCloseTo(reference.stats.rhsNorm, 13);
    expect(relativeResidual(b, x)).toBeLessThanOrEqual(rtol);
    // Underflow made it 0 before; now within the rounding of two products.
    expect(stats.trueResidualNorm).toBeGreaterThan(0);
    expect(Math.abs(stats.trueResidualNorm / stats.rhsNorm - relativeResidual(b, x))).toBeLessThanOrEqual(1e-14);
  });

  it.each(EXPONENTS)('with a preconditioner, b scaled by 2^%d: converged', (e) => {
    const s = 2 ** e;
    const M = { rows: P.n, cols: P.n, apply: (u: Float64Array | Float32Array, v: Float64Array | Float32Array) => v.set(u.map((t) => t / 4)) };
    const b = base.map((v) => v * s);
    const { x, stats } = minres(A, b, { rtol, M });
    expect(stats.status).toBe('converged');
    expect(relativeResidual(b, x)).toBeLessThanOrEqual(rtol);
  });
});

describe('a non-finite b or x0 is an error naming the argument, never a status', () => {
  const withEntry = (v: number, at = 3) => {
    const b = base.slice();
    b[at] = v;
    return b;
  };
  it.each([
    ['cg', 'b', Infinity],
    ['cg', 'b', -Infinity],
    ['cg', 'b', NaN],
    ['cg', 'x0', Infinity],
    ['cg', 'x0', NaN],
    ['minres', 'b', Infinity],
    ['minres', 'b', NaN],
    ['minres', 'x0', -Infinity],
    ['minres', 'x0', NaN],
  ] as const)('%s: %s holding %d', (solver, argument, value) => {
    const op = counting(csrOp(P));
    const b = argument === 'b' ? withEntry(value) : base.slice();
    const x0 = argument === 'x0' ? withEntry(value) : undefined;
    const run = () => (solver === 'cg' ? cg(op, b, { x0 }) : minres(op, b, { x0 }));
    expect(run).toThrow(RangeError);
    expect(run).toThrow(new RangeError(`${solver}: ${argument} must be finite, got ${value} at index 3`));
    expect(op.calls).toBe(0);
  });

  it('Float32Array b holding Infinity (3.5e38 rounds to it)', () => {
    const b = Float32Array.from(base);
    b[0] = 3.5e38;
    expect(() => cg(A, b)).toThrow(/^cg: b must be finite, got Infinity at index 0$/);
  });

  it('finite entries whose norm overflows', () => {
    const b = new Float64Array(P.n).fill(1.7e308);
    expect(() => cg(A, b)).toThrow(/^cg: b must have a norm below 1\.7976931348623157e\+308, got one above it$/);
    expect(() => minres(A, b)).toThrow(/^minres: b must have a norm below/);
  });
});
