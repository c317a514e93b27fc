import type { Vector } from '@hessian-free/linop';

/**
 * Inner products at a safe scale. A solver's sums of squares (r'r, p'Ap,
 * r'Mr, ...) overflow once the vectors' entries pass about 1e154 and lose
 * their digits to underflow below about 1e-154, although every entry is an
 * ordinary number. So the sums are taken of the vectors multiplied by a power
 * of two c that brings the right-hand side's largest entry near 1: (c x)'(c y)
 * = c^2 x'y exactly in floating point (a power of two only shifts exponents),
 * so ratios of such sums (CG's alpha and beta) and comparisons between them
 * (the stopping tests, against thresholds scaled by c too) are exactly those
 * of the unscaled arithmetic wherever that did not over- or underflow, and
 * stay right where it did. The norms a solver reports are the scaled ones
 * divided by c.
 */

/** The largest |v_i| (NaN if some entry is NaN). */
export function maxAbs(v: Vector): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (!(a <= m)) m = a; // NaN propagates
  }
  return m;
}

/**
 * Vectors whose largest entry lies in [2^-100, 2^100] are summed unscaled
 * (c = 1, the fast kernels): their squares, times the operator's norm and
 * the length, stay far from the ends of the float64 range.
 */
const SAFE_MIN = 2 ** -100;
const SAFE_MAX = 2 ** 100;

/**
 * The scale c for sums over vectors whose largest entry is about m: 1 when m
 * is 0, non-finite or within [2^-100, 2^100], else the power of two 2^-e
 * with 2^e <= m < 2^(e+1) (e clamped to [-1022, 1023]: for a subnormal m,
 * c = 2^1022 still brings it far from underflow).
 */
export function sumScale(m: number): number {
  if (!(m > 0 && m < Infinity) || (m >= SAFE_MIN && m <= SAFE_MAX)) return 1;
  const e = Math.min(1023, Math.max(-1022, Math.floor(Math.log2(m))));
  return 2 ** -e;
}

/**
 * (c x)'(c y) = c^2 x'y, summed in the four lanes of linop's `dot` (i mod 4,
 * the same order), so that with c = 1 it is `dot` bit for bit.
 */
export function scaledDot(x: Vector, y: Vector, c: number): number {
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * c * (y[i] * c);
    s1 += x[i + 1] * c * (y[i + 1] * c);
    s2 += x[i + 2] * c * (y[i + 2] * c);
    s3 += x[i + 3] * c * (y[i + 3] * c);
  }
  if (i < n) s0 += x[i] * c * (y[i] * c);
  if (i + 1 < n) s1 += x[i + 1] * c * (y[i + 1] * c);
  if (i + 2 < n) s2 += x[i + 2] * c * (y[i + 2] * c);
  return s0 + s1 + (s2 + s3);
}
