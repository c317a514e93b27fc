import { describe, expect, it } from 'vitest';
import { dot } from '@hessian-free/linop';
import { curvatureAndNorms } from '../src/cg/kernels.js';

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
