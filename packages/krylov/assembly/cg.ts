// krylov's WebAssembly SIMD kernels for the CG iteration (AssemblyScript;
// compiled by scripts/build-wasm.mjs into src/wasm/cg.generated.ts).
//
// They run on vectors that cg keeps in the memory of @hessian-free/linop's
// kernels for a whole solve (this module imports that memory as env.memory).
// Arguments are byte addresses and lengths, trusted (src/cg/ checks and lays
// out everything). Results beyond the return value go to `out`, a few
// float64 slots (linop's scratch).
//
// Each kernel is the WebAssembly twin of a loop in src/cg/kernels.ts and sums
// in exactly its order, in float64 whatever the storage precision: float32
// vectors are widened on load and rounded on store, and the sums take the
// values before rounding, as the JavaScript loops do. So both paths give the
// same bits (test/wasm-kernels.test.ts). There is no fused multiply-add in
// WebAssembly, so a * b + c rounds twice here as in JavaScript.

// ------------------------------------------------------------ stepAndMeasure

// x <- x + a p, r <- r - a q; out[0] = r'r, summed in two lanes (even and odd
// i; a trailing odd entry goes to lane 0), then lane 0 + lane 1; out[1] = the
// sum of 0 x_i, 0 unless some x_i is not finite (then NaN): stepAndMeasure
// with c = 1. b is not read (cg follows the quadratic model by recurrence).
export function step_f64(n: i32, a: f64, p: usize, q: usize, x: usize, r: usize, out: usize): void {
  const av = f64x2.splat(a);
  const zero = f64x2.splat(0);
  let rr = zero;
  let xz = zero;
  const end = (<usize>(n & ~1)) << 3;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const xn = f64x2.add(v128.load(x + o), f64x2.mul(av, v128.load(p + o)));
    const rn = f64x2.sub(v128.load(r + o), f64x2.mul(av, v128.load(q + o)));
    v128.store(x + o, xn);
    v128.store(r + o, rn);
    rr = f64x2.add(rr, f64x2.mul(rn, rn));
    xz = f64x2.add(xz, f64x2.mul(xn, zero));
  }
  let rr0 = f64x2.extract_lane(rr, 0);
  let z = f64x2.extract_lane(xz, 0) + f64x2.extract_lane(xz, 1);
  if (n & 1) {
    const xi = load<f64>(x + o) + a * load<f64>(p + o);
    const ri = load<f64>(r + o) - a * load<f64>(q + o);
    store<f64>(x + o, xi);
    store<f64>(r + o, ri);
    rr0 += ri * ri;
    z += xi * 0;
  }
  store<f64>(out, rr0 + f64x2.extract_lane(rr, 1));
  store<f64>(out, z, 8);
}

// The float64 lanes of float32 entries i, i+1 (low) and i+2, i+3 (high) of v.
@inline function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}
// Four float32 entries from two float64 pairs, each rounded once.
@inline function narrow(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// step_f64 for float32 vectors, four entries at a time: entries i, i+1 and
// then i+2, i+3 go through the same two lanes, as the JavaScript loop takes
// them pair by pair. The sums take the values before rounding to float32.
export function step_f32(n: i32, a: f64, p: usize, q: usize, x: usize, r: usize, out: usize): void {
  const av = f64x2.splat(a);
  const zero = f64x2.splat(0);
  let rr = zero;
  let xz = zero;
  const end = (<usize>(n & ~3)) << 2;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const xv = v128.load(x + o);
    const pv = v128.load(p + o);
    const rv = v128.load(r + o);
    const qv = v128.load(q + o);
    const xl = f64x2.add(low(xv), f64x2.mul(av, low(pv)));
    const rl = f64x2.sub(low(rv), f64x2.mul(av, low(qv)));
    const xh = f64x2.add(high(xv), f64x2.mul(av, high(pv)));
    const rh = f64x2.sub(high(rv), f64x2.mul(av, high(qv)));
    v128.store(x + o, narrow(xl, xh));
    v128.store(r + o, narrow(rl, rh));
    rr = f64x2.add(rr, f64x2.mul(rl, rl));
    rr = f64x2.add(rr, f64x2.mul(rh, rh));
    xz = f64x2.add(xz, f64x2.add(f64x2.mul(xl, zero), f64x2.mul(xh, zero)));
  }
  let rr0 = f64x2.extract_lane(rr, 0);
  let rr1 = f64x2.extract_lane(rr, 1);
  let z = f64x2.extract_lane(xz, 0) + f64x2.extract_lane(xz, 1);
  // The last 0-3 entries: a pair (lanes 0 and 1), then a single (lane 0).
  let rest = n & 3;
  if (rest >= 2) {
    const x0 = <f64>load<f32>(x + o) + a * <f64>load<f32>(p + o);
    const r0 = <f64>load<f32>(r + o) - a * <f64>load<f32>(q + o);
    const x1 = <f64>load<f32>(x + o, 4) + a * <f64>load<f32>(p + o, 4);
    const r1 = <f64>load<f32>(r + o, 4) - a * <f64>load<f32>(q + o, 4);
    store<f32>(x + o, <f32>x0);
    store<f32>(r + o, <f32>r0);
    store<f32>(x + o, <f32>x1, 4);
    store<f32>(r + o, <f32>r1, 4);
    rr0 += r0 * r0;
    rr1 += r1 * r1;
    z += x0 * 0 + x1 * 0;
    o += 8;
    rest -= 2;
  }
  if (rest == 1) {
    const x0 = <f64>load<f32>(x + o) + a * <f64>load<f32>(p + o);
    const r0 = <f64>load<f32>(r + o) - a * <f64>load<f32>(q + o);
    store<f32>(x + o, <f32>x0);
    store<f32>(r + o, <f32>r0);
    rr0 += r0 * r0;
    z += x0 * 0;
  }
  store<f64>(out, rr0 + rr1);
  store<f64>(out, z, 8);
}

// ------------------------------------------------------------ updateDirection

// p <- z + beta p: updateDirection.
export function direction_f64(n: i32, z: usize, beta: f64, p: usize): void {
  const bv = f64x2.splat(beta);
  const end = (<usize>(n & ~1)) << 3;
  let o: usize = 0;
  for (; o < end; o += 16) v128.store(p + o, f64x2.add(v128.load(z + o), f64x2.mul(bv, v128.load(p + o))));
  if (n & 1) store<f64>(p + o, load<f64>(z + o) + beta * load<f64>(p + o));
}

export function direction_f32(n: i32, z: usize, beta: f64, p: usize): void {
  const bv = f64x2.splat(beta);
  const end = (<usize>(n & ~3)) << 2;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const zv = v128.load(z + o);
    const pv = v128.load(p + o);
    v128.store(p + o, narrow(f64x2.add(low(zv), f64x2.mul(bv, low(pv))), f64x2.add(high(zv), f64x2.mul(bv, high(pv)))));
  }
  const full = <usize>n << 2;
  for (; o < full; o += 4) store<f32>(p + o, <f32>(<f64>load<f32>(z + o) + beta * <f64>load<f32>(p + o)));
}

// ---------------------------------------------------------- curvatureAndNorms

// Returns p'q and sets out[0] = p'q, out[1] = x'p, out[2] = p'p, out[3] = x'x:
// curvatureAndNorms with c = 1. p'q in the four lanes of linop's dot; each
// of the others in one accumulator that adds, per group of four entries,
// (t0 + t1) + (t2 + t3), and the last 0-3 entries one by one.
@inline function pairSum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

export function curvature_f64(n: i32, p: usize, q: usize, x: usize, out: usize): f64 {
  let pqa = f64x2.splat(0);
  let pqb = f64x2.splat(0);
  let xp: f64 = 0;
  let pp: f64 = 0;
  let xx: f64 = 0;
  const end = (<usize>(n & ~3)) << 3;
  let o: usize = 0;
  for (; o < end; o += 32) {
    const pa = v128.load(p + o);
    const pb = v128.load(p + o, 16);
    const xa = v128.load(x + o);
    const xb = v128.load(x + o, 16);
    pqa = f64x2.add(pqa, f64x2.mul(pa, v128.load(q + o)));
    pqb = f64x2.add(pqb, f64x2.mul(pb, v128.load(q + o, 16)));
    xp += pairSum(f64x2.mul(xa, pa)) + pairSum(f64x2.mul(xb, pb));
    pp += pairSum(f64x2.mul(pa, pa)) + pairSum(f64x2.mul(pb, pb));
    xx += pairSum(f64x2.mul(xa, xa)) + pairSum(f64x2.mul(xb, xb));
  }
  let pq0 = f64x2.extract_lane(pqa, 0);
  let pq1 = f64x2.extract_lane(pqa, 1);
  let pq2 = f64x2.extract_lane(pqb, 0);
  const pq3 = f64x2.extract_lane(pqb, 1);
  const full = (<usize>n) << 3;
  for (let j = 0; o < full; o += 8, j++) {
    const pi = load<f64>(p + o);
    const xi = load<f64>(x + o);
    const t = pi * load<f64>(q + o);
    if (j == 0) pq0 += t;
    else if (j == 1) pq1 += t;
    else pq2 += t;
    xp += xi * pi;
    pp += pi * pi;
    xx += xi * xi;
  }
  const pq = pq0 + pq1 + (pq2 + pq3);
  store<f64>(out, pq);
  store<f64>(out, xp, 8);
  store<f64>(out, pp, 16);
  store<f64>(out, xx, 24);
  return pq;
}

export function curvature_f32(n: i32, p: usize, q: usize, x: usize, out: usize): f64 {
  let pqa = f64x2.splat(0);
  let pqb = f64x2.splat(0);
  let xp: f64 = 0;
  let pp: f64 = 0;
  let xx: f64 = 0;
  const end = (<usize>(n & ~3)) << 2;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const pv = v128.load(p + o);
    const qv = v128.load(q + o);
    const xv = v128.load(x + o);
    const pa = low(pv);
    const pb = high(pv);
    const xa = low(xv);
    const xb = high(xv);
    pqa = f64x2.add(pqa, f64x2.mul(pa, low(qv)));
    pqb = f64x2.add(pqb, f64x2.mul(pb, high(qv)));
    xp += pairSum(f64x2.mul(xa, pa)) + pairSum(f64x2.mul(xb, pb));
    pp += pairSum(f64x2.mul(pa, pa)) + pairSum(f64x2.mul(pb, pb));
    xx += pairSum(f64x2.mul(xa, xa)) + pairSum(f64x2.mul(xb, xb));
  }
  let pq0 = f64x2.extract_lane(pqa, 0);
  let pq1 = f64x2.extract_lane(pqa, 1);
  let pq2 = f64x2.extract_lane(pqb, 0);
  const pq3 = f64x2.extract_lane(pqb, 1);
  const full = (<usize>n) << 2;
  for (let j = 0; o < full; o += 4, j++) {
    const pi = <f64>load<f32>(p + o);
    const xi = <f64>load<f32>(x + o);
    const t = pi * <f64>load<f32>(q + o);
    if (j == 0) pq0 += t;
    else if (j == 1) pq1 += t;
    else pq2 += t;
    xp += xi * pi;
    pp += pi * pi;
    xx += xi * xi;
  }
  const pq = pq0 + pq1 + (pq2 + pq3);
  store<f64>(out, pq);
  store<f64>(out, xp, 8);
  store<f64>(out, pp, 16);
  store<f64>(out, xx, 24);
  return pq;
}
