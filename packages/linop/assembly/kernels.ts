// linop's WebAssembly SIMD kernels (AssemblyScript; compiled by
// scripts/build-wasm.mjs into src/wasm/kernels.generated.ts).
//
// Every kernel works on memory that the caller laid out: the arguments are
// byte addresses in the shared memory (imported as env.memory; krylov's
// module imports the same one) and lengths. Nothing is allocated and nothing
// is checked here: src/wasm/ checks, allocates and copies.
//
// Each kernel sums in exactly the order of its TypeScript counterpart in
// src/ (named in its comment), in float64 whatever the storage precision, so
// the two give the same bits; test/wasm.test.ts holds them to that.
//
// Naming: <kernel>_<values>_<vectors> or <kernel>_<vectors>, with f64 for
// Float64Array and f32 for Float32Array data.

// ---------------------------------------------------------------- CSR product

// The matrix as laid out by src/wasm/kernels.ts: indptr (i32, rows + 1),
// the columns of the entries as byte offsets (O), and the values (V). The
// offsets come in one of two forms, chosen per matrix:
// - O = i16: 8 (j - i), the byte offset of x_j from x_i in a float64 vector,
//   when every |j - i| <= 4095 (banded matrices: stencils, most FEM meshes
//   after a bandwidth-reducing ordering). Two bytes an entry instead of four:
//   a sixth less memory traffic for a 5-point stencil's product.
// - O = u32: 8 j, the byte offset of x_j in a float64 vector.
// Float32 vectors take half of either (j - i or j times 4).

// The address of x_j for entry o of a row: offsets from ip; xr is the
// address of x_i (row-relative offsets) or of x_0 (absolute ones).
@inline function xAt<X, O>(xr: usize, ip: usize, o: usize): f64 {
  if (sizeof<O>() == 2) {
    const d = <isize>load<i16>(ip + (o << 1));
    if (sizeof<X>() == 8) return load<f64>(xr + d);
    return <f64>load<f32>(xr + (d >> 1));
  }
  const offset = <usize>load<u32>(ip + (o << 2));
  if (sizeof<X>() == 8) return load<f64>(xr + offset);
  return <f64>load<f32>(xr + (offset >> 1));
}

// (values[o] x_j(o), values[o + 1] x_j(o + 1)) as float64 lanes.
@inline function pair<V, X, O>(vp: usize, ip: usize, xr: usize, o: usize): v128 {
  const v = sizeof<V>() == 8 ? v128.load(vp + (o << 3)) : f64x2.promote_low_f32x4(v128.load64_zero(vp + (o << 2)));
  return f64x2.mul(v, f64x2.replace_lane(f64x2.splat(xAt<X, O>(xr, ip, o)), 1, xAt<X, O>(xr, ip, o + 1)));
}

// values[o] x_j(o).
@inline function single<V, X, O>(vp: usize, ip: usize, xr: usize, o: usize): f64 {
  return <f64>load<V>(vp + o * sizeof<V>()) * xAt<X, O>(xr, ip, o);
}

// s0 + s1 from the lanes (s0, s1), and (s0 + t) + s1 for a row of odd length.
@inline function even(acc: v128): f64 {
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}
@inline function odd(acc: v128, t: f64): f64 {
  return f64x2.extract_lane(acc, 0) + t + f64x2.extract_lane(acc, 1);
}

// The sum of a row of len entries in csrMatVec's order (csr-kernel.ts): two
// accumulators s0 (even positions in the row) and s1 (odd positions), each
// started at 0, then s0 + s1. Here (s0, s1) are the two lanes of one f64x2
// that takes the entries pair by pair. Rows of up to 7 entries (stencils,
// graphs) are unrolled: loop control costs about as much as the arithmetic
// of such short rows.
@inline function rowSum<V, X, O>(vp: usize, ip: usize, len: i32, xr: usize): f64 {
  const z = f64x2.splat(0);
  switch (len) {
    case 0:
      return 0;
    case 1:
      return 0 + single<V, X, O>(vp, ip, xr, 0) + 0;
    case 2:
      return even(f64x2.add(z, pair<V, X, O>(vp, ip, xr, 0)));
    case 3:
      return odd(f64x2.add(z, pair<V, X, O>(vp, ip, xr, 0)), single<V, X, O>(vp, ip, xr, 2));
    case 4:
      return even(f64x2.add(f64x2.add(z, pair<V, X, O>(vp, ip, xr, 0)), pair<V, X, O>(vp, ip, xr, 2)));
    case 5:
      return odd(f64x2.add(f64x2.add(z, pair<V, X, O>(vp, ip, xr, 0)), pair<V, X, O>(vp, ip, xr, 2)), single<V, X, O>(vp, ip, xr, 4));
    case 6:
      return even(
        f64x2.add(f64x2.add(f64x2.add(z, pair<V, X, O>(vp, ip, xr, 0)), pair<V, X, O>(vp, ip, xr, 2)), pair<V, X, O>(vp, ip, xr, 4)),
      );
    case 7:
      return odd(
        f64x2.add(f64x2.add(f64x2.add(z, pair<V, X, O>(vp, ip, xr, 0)), pair<V, X, O>(vp, ip, xr, 2)), pair<V, X, O>(vp, ip, xr, 4)),
        single<V, X, O>(vp, ip, xr, 6),
      );
    default: {
      let acc = z;
      let o: usize = 0;
      const pairs = <usize>(len & ~1);
      for (; o < pairs; o += 2) acc = f64x2.add(acc, pair<V, X, O>(vp, ip, xr, o));
      return len & 1 ? odd(acc, single<V, X, O>(vp, ip, xr, o)) : even(acc);
    }
  }
}

// y <- A x for the rows x n CSR matrix (indptr, offsets, values), summed as
// csrMatVec sums it. With `dot` (A square) also returns x'y, summed as
// linop's dot sums it (four accumulators, over i = 0, 1, 2, 3 mod 4, then
// (s0 + s1) + (s2 + s3)) of the stored y (rounded to float32 for float32
// vectors): A.apply then dot(x, y), in one pass. Rows go four at a time, so
// that the accumulators are the lanes (s0, s1) and (s2, s3) of two f64x2.
@inline function csrProduct<V, X, O>(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  const s = sizeof<X>();
  // The step of xr from row to row: one entry for row-relative offsets.
  const xStep: usize = sizeof<O>() == 2 ? s : 0;
  let ip = offsets;
  let vp = values;
  let xr = x;
  let start = load<i32>(indptr);
  let pp = indptr + 4;
  let yp = y;
  let da = f64x2.splat(0);
  let db = f64x2.splat(0);
  const yEnd4 = y + (<usize>(rows & ~3)) * s;
  for (; yp < yEnd4; yp += 4 * s, pp += 16) {
    let end = load<i32>(pp);
    let len = end - start;
    start = end;
    const y0 = <X>rowSum<V, X, O>(vp, ip, len, xr);
    ip += (<usize>len) * sizeof<O>();
    vp += (<usize>len) * sizeof<V>();
    xr += xStep;
    end = load<i32>(pp + 4);
    len = end - start;
    start = end;
    const y1 = <X>rowSum<V, X, O>(vp, ip, len, xr);
    ip += (<usize>len) * sizeof<O>();
    vp += (<usize>len) * sizeof<V>();
    xr += xStep;
    end = load<i32>(pp + 8);
    len = end - start;
    start = end;
    const y2 = <X>rowSum<V, X, O>(vp, ip, len, xr);
    ip += (<usize>len) * sizeof<O>();
    vp += (<usize>len) * sizeof<V>();
    xr += xStep;
    end = load<i32>(pp + 12);
    len = end - start;
    start = end;
    const y3 = <X>rowSum<V, X, O>(vp, ip, len, xr);
    ip += (<usize>len) * sizeof<O>();
    vp += (<usize>len) * sizeof<V>();
    xr += xStep;
    store<X>(yp, y0);
    store<X>(yp + s, y1);
    store<X>(yp + 2 * s, y2);
    store<X>(yp + 3 * s, y3);
    if (dot) {
      const xp = x + (yp - y);
      const x01 = f64x2.replace_lane(f64x2.splat(<f64>load<X>(xp)), 1, <f64>load<X>(xp + s));
      const x23 = f64x2.replace_lane(f64x2.splat(<f64>load<X>(xp + 2 * s)), 1, <f64>load<X>(xp + 3 * s));
      da = f64x2.add(da, f64x2.mul(x01, f64x2.replace_lane(f64x2.splat(<f64>y0), 1, <f64>y1)));
      db = f64x2.add(db, f64x2.mul(x23, f64x2.replace_lane(f64x2.splat(<f64>y2), 1, <f64>y3)));
    }
  }
  let d0 = f64x2.extract_lane(da, 0);
  let d1 = f64x2.extract_lane(da, 1);
  let d2 = f64x2.extract_lane(db, 0);
  const d3 = f64x2.extract_lane(db, 1);
  // The last 0-3 rows, into the accumulators of their indices mod 4.
  const yEnd = y + (<usize>rows) * s;
  for (let lane = 0; yp < yEnd; yp += s, pp += 4, lane++) {
    const end = load<i32>(pp);
    const len = end - start;
    start = end;
    const yi = <X>rowSum<V, X, O>(vp, ip, len, xr);
    ip += (<usize>len) * sizeof<O>();
    vp += (<usize>len) * sizeof<V>();
    xr += xStep;
    store<X>(yp, yi);
    if (dot) {
      const t = <f64>load<X>(x + (yp - y)) * <f64>yi;
      if (lane == 0) d0 += t;
      else if (lane == 1) d1 += t;
      else d2 += t;
    }
  }
  return d0 + d1 + (d2 + d3);
}

// csr_<values>_<vectors>_<offsets>(rows, indptr, offsets, values, x, y, dot):
// y <- A x, and x'y when dot is 1 (else 0 is returned).
export function csr_f64_f64_u32(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f64, f64, u32>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f32_f64_u32(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f32, f64, u32>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f64_f32_u32(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f64, f32, u32>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f32_f32_u32(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f32, f32, u32>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f64_f64_i16(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f64, f64, i16>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f32_f64_i16(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f32, f64, i16>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f64_f32_i16(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f64, f32, i16>(rows, indptr, offsets, values, x, y, dot);
}
export function csr_f32_f32_i16(rows: i32, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return csrProduct<f32, f32, i16>(rows, indptr, offsets, values, x, y, dot);
}

// ---------------------------------------------------------------- BLAS-1

// x'y as linop's dot (blas.ts): lanes (s0, s1) and (s2, s3) of two f64x2
// accumulators over i = 0, 1, 2, 3 mod 4, the last 0-3 entries into the
// lanes of their indices, then (s0 + s1) + (s2 + s3).
export function dot_f64(n: i32, x: usize, y: usize): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  const end = (<usize>(n & ~3)) << 3;
  let o: usize = 0;
  for (; o < end; o += 32) {
    a = f64x2.add(a, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    b = f64x2.add(b, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  let s0 = f64x2.extract_lane(a, 0);
  let s1 = f64x2.extract_lane(a, 1);
  let s2 = f64x2.extract_lane(b, 0);
  const s3 = f64x2.extract_lane(b, 1);
  const rest = n & 3;
  if (rest > 0) s0 += load<f64>(x + o) * load<f64>(y + o);
  if (rest > 1) s1 += load<f64>(x + o, 8) * load<f64>(y + o, 8);
  if (rest > 2) s2 += load<f64>(x + o, 16) * load<f64>(y + o, 16);
  return s0 + s1 + (s2 + s3);
}

// dot_f64 for float32 vectors: each group of four floats is widened to two
// f64x2 (entries i, i+1 and i+2, i+3), so the lanes are those of dot_f64.
export function dot_f32(n: i32, x: usize, y: usize): f64 {
  let a = f64x2.splat(0);
  let b = f64x2.splat(0);
  const end = (<usize>(n & ~3)) << 2;
  let o: usize = 0;
  for (; o < end; o += 16) {
    const xv = v128.load(x + o);
    const yv = v128.load(y + o);
    a = f64x2.add(a, f64x2.mul(f64x2.promote_low_f32x4(xv), f64x2.promote_low_f32x4(yv)));
    b = f64x2.add(b, f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(xv, xv, 2, 3, 0, 1)), f64x2.promote_low_f32x4(i32x4.shuffle(yv, yv, 2, 3, 0, 1))));
  }
  let s0 = f64x2.extract_lane(a, 0);
  let s1 = f64x2.extract_lane(a, 1);
  let s2 = f64x2.extract_lane(b, 0);
  const s3 = f64x2.extract_lane(b, 1);
  const rest = n & 3;
  if (rest > 0) s0 += <f64>load<f32>(x + o) * <f64>load<f32>(y + o);
  if (rest > 1) s1 += <f64>load<f32>(x + o, 4) * <f64>load<f32>(y + o, 4);
  if (rest > 2) s2 += <f64>load<f32>(x + o, 8) * <f64>load<f32>(y + o, 8);
  return s0 + s1 + (s2 + s3);
}
