import type { Vector } from '@hessian-free/linop';

/**
 * Fused vector loops for the CG iteration: each does in one pass over memory
 * what would otherwise take two or three BLAS-1 calls. Sums accumulate in
 * float64 (JavaScript numbers) whatever the storage precision. Results beyond
 * the first are written to a caller-owned `sums` array so nothing is
 * allocated.
 *
 * Every sum is taken at the power-of-two scale `c` of the solve (see
 * solver-scaling.ts): sum (c u_i)(c v_i) = c^2 u'v, exactly. With c = 1 (every
 * ordinary right-hand side) the loops are the plain ones, bit for bit.
 */

/** max |b_i - y_i|, for y = A x held by the caller (NaN if some difference is NaN). */
export function maxAbsDifference(b: Vector, y: Vector): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const a = Math.abs(b[i] - y[i]);
    if (!(a <= m)) m = a;
  }
  return m;
}

/**
 * On entry r holds A x. Overwrites r with b - A x and sets, at scale c,
 * sums[0] = r'r, sums[1] = x'(b + r), sums[2] = b'b (each times c^2).
 */
export function residualFromProduct(b: Vector, x: Vector, r: Vector, sums: Float64Array, c = 1): void {
  let rr = 0;
  let xbr = 0;
  let bb = 0;
  for (let i = 0; i < r.length; i++) {
    const bi = b[i];
    const ri = bi - r[i];
    r[i] = ri;
    const rs = ri * c;
    const bs = bi * c;
    rr += rs * rs;
    xbr += x[i] * c * (bs + rs);
    bb += bs * bs;
  }
  sums[0] = rr;
  sums[1] = xbr;
  sums[2] = bb;
}

/**
 * The CG update x <- x + a p, r <- r - a q (q = A p), measuring the updated
 * vectors in the same pass: sums[0] = r'r, and sums[1] = the sum of 0 x_i,
 * which is 0 unless some x_i overflowed (then NaN): cg's check for overflow
 * in the update. r'r is summed in two lanes (even and odd i, added at the
 * end), which shortens the chain of dependent additions (about 15% faster in
 * V8). b is not read: cg follows the quadratic model by its recurrence.
 */
export function stepAndMeasure(a: number, p: Vector, q: Vector, x: Vector, r: Vector, sums: Float64Array, c = 1): void {
  if (c !== 1) {
    stepAndMeasureScaled(a, p, q, x, r, sums, c);
    return;
  }
  const n = x.length;
  let rr0 = 0, rr1 = 0;
  let xz = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = x[i] + a * p[i];
    const r0 = r[i] - a * q[i];
    const x1 = x[i + 1] + a * p[i + 1];
    const r1 = r[i + 1] - a * q[i + 1];
    x[i] = x0;
    r[i] = r0;
    x[i + 1] = x1;
    r[i + 1] = r1;
    rr0 += r0 * r0;
    rr1 += r1 * r1;
    xz += x0 * 0 + x1 * 0;
  }
  if (i < n) {
    const x0 = x[i] + a * p[i];
    const r0 = r[i] - a * q[i];
    x[i] = x0;
    r[i] = r0;
    rr0 += r0 * r0;
    xz += x0 * 0;
  }
  sums[0] = rr0 + rr1;
  sums[1] = xz;
}

/**
 * stepAndMeasure with r'r at scale c != 1: the same update of x and r (so the
 * same iterates), with sums[0] = c^2 r'r. A separate loop keeps the common
 * c = 1 path free of the extra products.
 */
function stepAndMeasureScaled(a: number, p: Vector, q: Vector, x: Vector, r: Vector, sums: Float64Array, c: number): void {
  const n = x.length;
  let rr0 = 0, rr1 = 0;
  let xz = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = x[i] + a * p[i];
    const r0 = r[i] - a * q[i];
    const x1 = x[i + 1] + a * p[i + 1];
    const r1 = r[i + 1] - a * q[i + 1];
    x[i] = x0;
    r[i] = r0;
    x[i + 1] = x1;
    r[i + 1] = r1;
    const s0 = r0 * c;
    const s1 = r1 * c;
    rr0 += s0 * s0;
    rr1 += s1 * s1;
    xz += x0 * 0 + x1 * 0;
  }
  if (i < n) {
    const x0 = x[i] + a * p[i];
    const r0 = r[i] - a * q[i];
    x[i] = x0;
    r[i] = r0;
    const s0 = r0 * c;
    rr0 += s0 * s0;
    xz += x0 * 0;
  }
  sums[0] = rr0 + rr1;
  sums[1] = xz;
}

/**
 * Returns p'q and sets sums[0] = p'q, sums[1] = x'p, sums[2] = p'p,
 * sums[3] = x'x (each at scale c, times c^2): everything the trust-region
 * test ||x + a p|| >= radius needs. p'q is summed exactly as linop's `dot`
 * and `scaledDot` sum it (four accumulators, same order), so a radius that is
 * never reached leaves the iterates bit for bit those of the run without one.
 * The other three sums are unrolled alike.
 */
export function curvatureAndNorms(p: Vector, q: Vector, x: Vector, sums: Float64Array, c = 1): number {
  if (c !== 1) return curvatureAndNormsScaled(p, q, x, sums, c);
  const n = p.length;
  // p'q in the four lanes of linop's dot (i mod 4); the other sums in one each.
  let pq0 = 0, pq1 = 0, pq2 = 0, pq3 = 0;
  let xp = 0, pp = 0, xx = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const p0 = p[i];
    const p1 = p[i + 1];
    const p2 = p[i + 2];
    const p3 = p[i + 3];
    const x0 = x[i];
    const x1 = x[i + 1];
    const x2 = x[i + 2];
    const x3 = x[i + 3];
    pq0 += p0 * q[i];
    pq1 += p1 * q[i + 1];
    pq2 += p2 * q[i + 2];
    pq3 += p3 * q[i + 3];
    xp += x0 * p0 + x1 * p1 + (x2 * p2 + x3 * p3);
    pp += p0 * p0 + p1 * p1 + (p2 * p2 + p3 * p3);
    xx += x0 * x0 + x1 * x1 + (x2 * x2 + x3 * x3);
  }
  for (let j = 0; i < n; i++, j++) {
    const pi = p[i];
    const xi = x[i];
    const t = pi * q[i];
    if (j === 0) pq0 += t;
    else if (j === 1) pq1 += t;
    else pq2 += t;
    xp += xi * pi;
    pp += pi * pi;
    xx += xi * xi;
  }
  const pq = pq0 + pq1 + (pq2 + pq3);
  sums[0] = pq;
  sums[1] = xp;
  sums[2] = pp;
  sums[3] = xx;
  return pq;
}

/**
 * curvatureAndNorms at scale c != 1: the same sums of the vectors multiplied
 * by c (c^2 times the unscaled ones, exactly). A separate loop keeps the
 * common c = 1 path free of the extra products.
 */
function curvatureAndNormsScaled(p: Vector, q: Vector, x: Vector, sums: Float64Array, c: number): number {
  const n = p.length;
  let pq0 = 0, pq1 = 0, pq2 = 0, pq3 = 0;
  let xp = 0, pp = 0, xx = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const p0 = p[i] * c;
    const p1 = p[i + 1] * c;
    const p2 = p[i + 2] * c;
    const p3 = p[i + 3] * c;
    const x0 = x[i] * c;
    const x1 = x[i + 1] * c;
    const x2 = x[i + 2] * c;
    const x3 = x[i + 3] * c;
    pq0 += p0 * (q[i] * c);
    pq1 += p1 * (q[i + 1] * c);
    pq2 += p2 * (q[i + 2] * c);
    pq3 += p3 * (q[i + 3] * c);
    xp += x0 * p0 + x1 * p1 + (x2 * p2 + x3 * p3);
    pp += p0 * p0 + p1 * p1 + (p2 * p2 + p3 * p3);
    xx += x0 * x0 + x1 * x1 + (x2 * x2 + x3 * x3);
  }
  for (let j = 0; i < n; i++, j++) {
    const pi = p[i] * c;
    const xi = x[i] * c;
    const t = pi * (q[i] * c);
    if (j === 0) pq0 += t;
    else if (j === 1) pq1 += t;
    else pq2 += t;
    xp += xi * pi;
    pp += pi * pi;
    xx += xi * xi;
  }
  const pq = pq0 + pq1 + (pq2 + pq3);
  sums[0] = pq;
  sums[1] = xp;
  sums[2] = pp;
  sums[3] = xx;
  return pq;
}

/** p <- z + beta p, the new search direction. */
export function updateDirection(z: Vector, beta: number, p: Vector): void {
  for (let i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
}

/** c ||b - y||, for y = A x computed by the caller. */
export function residualNormOf(b: Vector, y: Vector, c = 1): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    const d = (b[i] - y[i]) * c;
    s += d * d;
  }
  return Math.sqrt(s);
}
