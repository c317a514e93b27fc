import { describe, expect, it } from 'vitest';
import { axpy, copy, dot, fill, nrm2, scal } from '@hessian-free/linop';
import { seededUniform, randomArray } from './helpers.js';

describe('dot', () => {
  // dot documents its summation order: four partial sums s_j over the indices
  // i = j mod 4, combined as (s_0 + s_1) + (s_2 + s_3). The reference follows
  // that order in float64, so agreement is exact.
  function reference(a: Float64Array | Float32Array, b: Float64Array | Float32Array): number {
    const s = [0, 0, 0, 0];
    for (let i = 0; i < a.length; i++) s[i % 4] += a[i] * b[i];
    return s[0] + s[1] + (s[2] + s[3]);
  }

  it('matches an explicit sum in its documented order, for each precision mix', () => {
    const rng = seededUniform(1);
    const a = randomArray(rng, 37);
    const b = randomArray(rng, 37);
    expect(dot(a, b)).toBe(reference(a, b));
    // Float32 storage: the entries are rounded once, then the sum is float64;
    // the reference reads the same rounded entries, so again exact.
    const a32 = Float32Array.from(a);
    const b32 = Float32Array.from(b);
    expect(dot(a32, b)).toBe(reference(a32, b));
    expect(dot(a32, b32)).toBe(reference(a32, b32));
  });

  it('handles every remainder of the length modulo 4 (lengths 0 to 9)', () => {
    const rng = seededUniform(2);
    for (let n = 0; n <= 9; n++) {
      const a = randomArray(rng, n);
      const b = randomArray(rng, n);
      expect(dot(a, b)).toBe(reference(a, b));
      // Independent of the order: within a few ulps of the sequential sum
      // (terms and sum are O(1), so 1e-15 absolute).
      let seq = 0;
      for (let i = 0; i < n; i++) seq += a[i] * b[i];
      expect(Math.abs(dot(a, b) - seq)).toBeLessThan(1e-15);
      expect(dot(Float32Array.from(a), b)).toBe(reference(Float32Array.from(a), b));
    }
  });

  it('accumulates Float32Array data in float64', () => {
    // 1 + 2^-30 - 1 is lost in float32 arithmetic but not in float64.
    const x = Float32Array.from([1, 2 ** -30, -1]);
    const y = Float32Array.from([1, 1, 1]);
    expect(dot(x, y)).toBe(2 ** -30);
  });

  it('is 0 for empty vectors and throws on a length mismatch', () => {
    expect(dot(new Float64Array(0), new Float64Array(0))).toBe(0);
    expect(() => dot(new Float64Array(3), new Float64Array(2))).toThrow(/dot: y must have length 3/);
  });
});

describe('axpy, scal, copy, fill', () => {
  it('axpy computes y <- alpha x + y', () => {
    const x = Float64Array.from([1, -2, 3]);
    const y = Float32Array.from([0.5, 0.25, -1]);
    axpy(2, x, y);
    expect(Array.from(y)).toEqual([2.5, -3.75, 5]);
  });

  it('axpy throws on a length mismatch without writing y', () => {
    const y = Float64Array.from([1, 2]);
    expect(() => axpy(1, new Float64Array(3), y)).toThrow(/axpy: y must have length 3/);
    expect(Array.from(y)).toEqual([1, 2]);
  });

  it('scal computes x <- alpha x', () => {
    const x = Float64Array.from([1, -2, 0.5]);
    scal(-4, x);
    expect(Array.from(x)).toEqual([-4, 8, -2]);
  });

  it('copy converts between precisions and checks lengths', () => {
    const y = new Float32Array(2);
    copy(Float64Array.from([1.5, -3]), y);
    expect(Array.from(y)).toEqual([1.5, -3]);
    const z = Float64Array.from([9, 9, 9]);
    expect(() => copy(new Float64Array(2), z)).toThrow(/copy: y must have length 2/);
    expect(Array.from(z)).toEqual([9, 9, 9]);
  });

  it('fill sets every entry', () => {
    const x = new Float32Array(4);
    fill(x, 0.5);
    expect(Array.from(x)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('nrm2', () => {
  // Closed forms: ||(3t, 4t)|| = 5t. The algorithm scales by exact powers of
  // two, so the only errors are a few roundings: allow 4 ulps (relative 1e-15).
  const rel = 1e-15;
  const closeTo = (actual: number, expected: number) =>
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * expected);

  it('handles ordinary, huge and tiny entries', () => {
    closeTo(nrm2(Float64Array.from([3, 4])), 5);
    closeTo(nrm2(Float64Array.from([3e200, 4e200])), 5e200);
    closeTo(nrm2(Float64Array.from([3e-200, 4e-200])), 5e-200);
    closeTo(nrm2(Float64Array.from([-3e300, 4e300])), 5e300);
    // Subnormal entries carry only ~14 significant bits of 3e-310 and 4e-310
    // (spacing 2^-1074 ~ 4.9e-324), so compare at relative 1e-13.
    const sub = nrm2(Float64Array.from([3e-310, -4e-310]));
    expect(Math.abs(sub - 5e-310)).toBeLessThanOrEqual(1e-13 * 5e-310);
  });

  it('handles mixed scales', () => {
    // The tiny entry is below half an ulp of the huge one: the norm is the huge one.
    expect(nrm2(Float64Array.from([1e200, 1e-200]))).toBe(1e200);
    expect(nrm2(Float64Array.from([1e-200, 1, 1e-200]))).toBe(1);
    // Tiny and ordinary entries both matter: 9 * 2^-515 and 40 * 2^-515 lie on
    // either side of the small-entry threshold 2^-511 (9, 40, 41 is Pythagorean).
    closeTo(nrm2(Float64Array.from([9 * 2 ** -515, 40 * 2 ** -515])), 41 * 2 ** -515);
    closeTo(nrm2(Float64Array.from([3e-154, 4e-154])), 5e-154);
    closeTo(nrm2(Float64Array.from([3e-155, 4e-155, 12e-155])), 13e-155);
    // A huge entry next to ordinary ones: sqrt((1e200)^2 + 1e200 * 1e200) = sqrt(2) 1e200
    closeTo(nrm2(Float64Array.from([1e200, 1e200, 1])), Math.SQRT2 * 1e200);
  });

  it('is 0 for the zero and the empty vector, NaN with a NaN, Infinity with an Infinity', () => {
    expect(nrm2(new Float64Array(5))).toBe(0);
    expect(nrm2(new Float64Array(0))).toBe(0);
    expect(nrm2(Float64Array.from([1, NaN, 2]))).toBeNaN();
    expect(nrm2(Float64Array.from([1e300, NaN]))).toBeNaN();
    expect(nrm2(Float64Array.from([1e-300, NaN]))).toBeNaN();
    expect(nrm2(Float64Array.from([Infinity, NaN]))).toBeNaN();
    expect(nrm2(Float64Array.from([1, -Infinity]))).toBe(Infinity);
    expect(nrm2(Float64Array.from([Infinity, Infinity, 1e-300]))).toBe(Infinity);
  });

  it('matches sqrt(dot) on random data, in both precisions', () => {
    const rng = seededUniform(7);
    const x = randomArray(rng, 1000);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    // Different summation grouping from the reference: allow 1e-14 relative.
    expect(Math.abs(nrm2(x) - Math.sqrt(s))).toBeLessThanOrEqual(1e-14 * Math.sqrt(s));
    const x32 = Float32Array.from(x);
    let s32 = 0;
    for (let i = 0; i < x32.length; i++) s32 += x32[i] * x32[i];
    expect(Math.abs(nrm2(x32) - Math.sqrt(s32))).toBeLessThanOrEqual(1e-14 * Math.sqrt(s32));
  });

  it('does not overflow for a Float32Array whose squares exceed the float32 range', () => {
    const x = Float32Array.from([3e30, 4e30]);
    closeTo(nrm2(x), Math.hypot(x[0], x[1]));
  });
});
