import { describe, expect, it } from 'vitest';
import { dot } from '@hessian-free/linop';
import { curvatureAndNorms, stepAndMeasure } from '../src/cg/kernels.js';
import { scaledDot, sumScale } from '../src/solver-scaling.js';

/** Uniform entries in [-1, 1) from a small LCG (deterministic, test-only). */
function randomVector(seed: number, n: number): Float64Array {
  let s = seed >>> 0;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = (2 * s) / 4294967296 - 1;
  }
  return v;
}

describe('curvatureAndNorms', () => {
  it("sums p'q exactly as linop's dot, and x'p, p'p, x'x like plain loops, for lengths 0 to 11 in both precisions", () => {
    for (let n = 0; n <= 11; n++) {
      for (const type of [Float64Array, Float32Array]) {
        const p = type.from(randomVector(3 * n + 1, n));
        const q = type.from(randomVector(3 * n + 2, n));
        const x = type.from(randomVector(3 * n + 3, n));
        const sums = new Float64Array(4).fill(NaN);
        const pq = curvatureAndNorms(p, q, x, sums);
        // Bit for bit: CG with a radius that is never reached must take the
        // same steps as CG without one.
        expect(pq).toBe(dot(p, q));
        expect(sums[0]).toBe(pq);
        // The other sums in another order: within a few ulps of plain loops
        // (at most 11 terms of size <= 1, so 1e-14 absolute is generous).
        let xp = 0;
        let pp = 0;
        let xx = 0;
        for (let i = 0; i < n; i++) {
          xp += x[i] * p[i];
          pp += p[i] * p[i];
          xx += x[i] * x[i];
        }
        expect(Math.abs(sums[1] - xp)).toBeLessThan(1e-14);
        expect(Math.abs(sums[2] - pp)).toBeLessThan(1e-14);
        expect(Math.abs(sums[3] - xx)).toBeLessThan(1e-14);
      }
    }
  });
});

describe('sums at a power-of-two scale c (the guard against over- and underflow)', () => {
  it("scaledDot is linop's dot with c = 1 and c^2 times it otherwise, exactly; curvatureAndNorms agrees with it", () => {
    for (let n = 0; n <= 11; n++) {
      const p = randomVector(5 * n + 1, n);
      const q = randomVector(5 * n + 2, n);
      const x = randomVector(5 * n + 3, n);
      expect(scaledDot(p, q, 1)).toBe(dot(p, q));
      for (const e of [-1, 3]) {
        const c = 2 ** e;
        expect(scaledDot(p, q, c)).toBe(dot(p, q) * c * c);
      }
      for (const e of [-600, -1, 3, 600]) {
        const c = 2 ** e;
        // Entries of size 2^-e: unscaled, their products over- or underflow
        // for |e| = 600; scaled, the sums are those of the ordinary vectors.
        const atScale = (v: Float64Array) => v.map((t) => t / c);
        const [ps, qs, xs] = [atScale(p), atScale(q), atScale(x)];
        expect(scaledDot(ps, qs, c)).toBe(dot(p, q));
        const sums = new Float64Array(4);
        expect(curvatureAndNorms(ps, qs, xs, sums, c)).toBe(dot(p, q));
        const plain = new Float64Array(4);
        curvatureAndNorms(p, q, x, plain);
        expect(sums).toEqual(plain);
      }
    }
  });

  it('stepAndMeasure takes the same step at any scale and measures it times c^2', () => {
    for (const n of [1, 6, 7]) {
      const make = (seed: number) => randomVector(seed, n);
      const [p, q, x, r] = [make(1), make(2), make(3), make(4)];
      const plain = { x: x.slice(), r: r.slice(), sums: new Float64Array(2) };
      stepAndMeasure(0.3, p, q, plain.x, plain.r, plain.sums);
      const scaled = { x: x.slice(), r: r.slice(), sums: new Float64Array(2) };
      const c = 2 ** -700;
      stepAndMeasure(0.3, p, q, scaled.x, scaled.r, scaled.sums, c);
      expect(scaled.x).toEqual(plain.x);
      expect(scaled.r).toEqual(plain.r);
      expect(scaled.sums[0]).toBe(plain.sums[0] * c * c);
      // The overflow check: 0 while every x_i is finite.
      expect([plain.sums[1], scaled.sums[1]]).toEqual([0, 0]);
    }
  });

  it('sumScale: 1 for ordinary magnitudes, else the power of two that brings m into [1, 2)', () => {
    expect(sumScale(0)).toBe(1);
    expect(sumScale(NaN)).toBe(1);
    expect(sumScale(Infinity)).toBe(1);
    expect(sumScale(3)).toBe(1);
    expect(sumScale(2 ** 100)).toBe(1);
    expect(sumScale(2 ** -100)).toBe(1);
    for (const m of [1e155, 3e-170, Number.MAX_VALUE, 5e-324, 2 ** 101 * 1.5]) {
      const c = sumScale(m);
      expect(Math.log2(c)).toBe(Math.round(Math.log2(c))); // a power of two
      expect(m * c).toBeGreaterThanOrEqual(m < 1e-300 ? 2 ** -60 : 1); // subnormal m: clamped at 2^1022
      expect(m * c).toBeLessThan(2);
    }
  });
});
