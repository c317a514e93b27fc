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

// ---------------------------------------------------------------- stencils

// A matrix most of whose rows have the same pattern: the same number L of
// entries, at the same column offsets o_0 .. o_(L-1) from the diagonal, in
// the same order (the 5-point Laplacian away from the boundary: -m, -1, 0,
// 1, m). Those rows are laid out by diagonals (src/wasm/kernels.ts): in
// groups of four rows, the L values of slot t for the four rows side by
// side, group after group; their products need no indices and no gathers,
// only loads of x at fixed offsets, so two rows go into the two lanes of
// an f64x2. The other rows (the boundary) keep their CSR form: their row
// numbers in increasing order (with `rows` after the last), their own
// indptr, offsets (u32: 8 j) and values.
//
// Each row is summed as csrMatVec sums it: s0 over the entries at even
// positions in the row, s1 over the odd ones, each from 0 in the row's
// order, then s0 + s1. For a pattern row the positions are the slots, so
// s0 takes slots 0, 2, 4, ... and s1 slots 1, 3, ...: the same bits.

// The sum of a row kept in CSR form (not inlined: such rows are few).
function csrRow<V, X>(vp: usize, ip: usize, len: i32, x: usize): f64 {
  return rowSum<V, X, u32>(vp, ip, len, x);
}

// Two values of type T at p as float64 lanes.
@inline function two<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p);
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

// Entries 0, 1 and entries 2, 3 of four values of type T at p, as float64
// lanes: for float32, one 16-byte load widened twice (the compiler merges
// the two loads of the same address).
@inline function lowPair<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p);
  return f64x2.promote_low_f32x4(v128.load(p));
}
@inline function highPair<T>(p: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(p, 16);
  const w = v128.load(p);
  return f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1));
}

// x_(i + o_t) for pattern slot t, from xi = the address of x_i.
@inline function xSlot<X>(xi: usize, pattern: usize, t: i32): usize {
  const d = <isize>load<i32>(pattern + (<usize>t << 2)); // 8 o_t
  return sizeof<X>() == 8 ? xi + d : xi + (d >> 1);
}

// dot's accumulators (d0, d1) and (d2, d3) as two f64x2: adds t to lane
// i mod 4 (for the rows that do not come in aligned groups of four).
@inline function addLane(da: v128, db: v128, i: i32, t: f64, which: i32): v128 {
  const lane = i & 3;
  if (which == 0) {
    if (lane == 0) return f64x2.replace_lane(da, 0, f64x2.extract_lane(da, 0) + t);
    if (lane == 1) return f64x2.replace_lane(da, 1, f64x2.extract_lane(da, 1) + t);
    return da;
  }
  if (lane == 2) return f64x2.replace_lane(db, 0, f64x2.extract_lane(db, 0) + t);
  if (lane == 3) return f64x2.replace_lane(db, 1, f64x2.extract_lane(db, 1) + t);
  return db;
}

// y <- A x (and x'y with dot, A square) for a matrix in stencil form; see
// csrProduct for the sums.
@inline function stencilProduct<V, X>(
  rows: i32,
  L: i32,
  groups: usize,
  pattern: usize,
  generic: usize,
  indptr: usize,
  offsets: usize,
  values: usize,
  x: usize,
  y: usize,
  dot: bool,
): f64 {
  const s = sizeof<X>();
  const v = sizeof<V>();
  const groupBytes = (<usize>L) * 4 * v;
  const zero = f64x2.splat(0);
  let da = zero;
  let db = zero;
  let i = 0;
  let g: usize = 0;
  let next = load<i32>(generic);
  while (i < rows) {
    if (i == next) {
      const start = load<i32>(indptr + (g << 2));
      const len = load<i32>(indptr + (g << 2) + 4) - start;
      const yi = <X>csrRow<V, X>(values + (<usize>start) * v, offsets + (<usize>start) * 4, len, x);
      store<X>(y + (<usize>i) * s, yi);
      if (dot) {
        const t = <f64>load<X>(x + (<usize>i) * s) * <f64>yi;
        da = addLane(da, db, i, t, 0);
        db = addLane(da, db, i, t, 1);
      }
      g++;
      next = load<i32>(generic + (g << 2));
      i++;
      continue;
    }
    // Pattern rows i .. next - 1: groups of four where i is a multiple of
    // four, pairs where it is even, single rows else (and at the ends).
    while (i < next) {
      if ((i & 3) == 0 && i + 4 <= next) {
        const vp = groups + (<usize>(i >> 2)) * groupBytes;
        const xi = x + (<usize>i) * s;
        let a0 = zero;
        let a1 = zero;
        let b0 = zero;
        let b1 = zero;
        for (let t = 0; t < L; t += 2) {
          const vt = vp + (<usize>t) * 4 * v;
          const xt = xSlot<X>(xi, pattern, t);
          a0 = f64x2.add(a0, f64x2.mul(lowPair<V>(vt), lowPair<X>(xt)));
          b0 = f64x2.add(b0, f64x2.mul(highPair<V>(vt), highPair<X>(xt)));
        }
        for (let t = 1; t < L; t += 2) {
          const vt = vp + (<usize>t) * 4 * v;
          const xt = xSlot<X>(xi, pattern, t);
          a1 = f64x2.add(a1, f64x2.mul(lowPair<V>(vt), lowPair<X>(xt)));
          b1 = f64x2.add(b1, f64x2.mul(highPair<V>(vt), highPair<X>(xt)));
        }
        let ya = f64x2.add(a0, a1);
        let yb = f64x2.add(b0, b1);
        const yp = y + (<usize>i) * s;
        if (sizeof<X>() == 8) {
          v128.store(yp, ya);
          v128.store(yp + 16, yb);
        } else {
          const y4 = i32x4.shuffle(f32x4.demote_f64x2_zero(ya), f32x4.demote_f64x2_zero(yb), 0, 1, 4, 5);
          v128.store(yp, y4);
          // The dot takes y as stored, rounded to float32.
          ya = f64x2.promote_low_f32x4(y4);
          yb = f64x2.promote_low_f32x4(i32x4.shuffle(y4, y4, 2, 3, 0, 1));
        }
        if (dot) {
          da = f64x2.add(da, f64x2.mul(two<X>(xi), ya));
          db = f64x2.add(db, f64x2.mul(two<X>(xi + 2 * s), yb));
        }
        i += 4;
        continue;
      }
      if ((i & 1) == 0 && i + 2 <= next) {
        // Two rows (an even i): lanes i mod 4, i mod 4 + 1 of the dot.
        const vp = groups + (<usize>(i >> 2)) * groupBytes + (<usize>(i & 3)) * v;
        const xi = x + (<usize>i) * s;
        let a0 = zero;
        let a1 = zero;
        for (let t = 0; t < L; t += 2) a0 = f64x2.add(a0, f64x2.mul(two<V>(vp + (<usize>t) * 4 * v), two<X>(xSlot<X>(xi, pattern, t))));
        for (let t = 1; t < L; t += 2) a1 = f64x2.add(a1, f64x2.mul(two<V>(vp + (<usize>t) * 4 * v), two<X>(xSlot<X>(xi, pattern, t))));
        let ya = f64x2.add(a0, a1);
        const yp = y + (<usize>i) * s;
        if (sizeof<X>() == 8) v128.store(yp, ya);
        else {
          const y2 = f32x4.demote_f64x2_zero(ya);
          v128.store64_lane(yp, y2, 0);
          ya = f64x2.promote_low_f32x4(y2);
        }
        if (dot) {
          const t = f64x2.mul(two<X>(xi), ya);
          if (i & 2) db = f64x2.add(db, t);
          else da = f64x2.add(da, t);
        }
        i += 2;
        continue;
      }
      // One row (an odd i, or the last of a run): lane i mod 4 of the dot.
      const vp = groups + (<usize>(i >> 2)) * groupBytes + (<usize>(i & 3)) * v;
      const xi = x + (<usize>i) * s;
      let s0: f64 = 0;
      let s1: f64 = 0;
      for (let t = 0; t < L; t += 2) s0 += <f64>load<V>(vp + (<usize>t) * 4 * v) * <f64>load<X>(xSlot<X>(xi, pattern, t));
      for (let t = 1; t < L; t += 2) s1 += <f64>load<V>(vp + (<usize>t) * 4 * v) * <f64>load<X>(xSlot<X>(xi, pattern, t));
      const yi = <X>(s0 + s1);
      store<X>(y + (<usize>i) * s, yi);
      if (dot) {
        const t = <f64>load<X>(xi) * <f64>yi;
        da = addLane(da, db, i, t, 0);
        db = addLane(da, db, i, t, 1);
      }
      i++;
    }
  }
  return f64x2.extract_lane(da, 0) + f64x2.extract_lane(da, 1) + (f64x2.extract_lane(db, 0) + f64x2.extract_lane(db, 1));
}

// stencil_<values>_<vectors>(rows, L, groups, pattern, generic, indptr,
// offsets, values, x, y, dot): y <- A x, and x'y when dot is 1.
export function stencil_f64_f64(rows: i32, L: i32, groups: usize, pattern: usize, generic: usize, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return stencilProduct<f64, f64>(rows, L, groups, pattern, generic, indptr, offsets, values, x, y, dot);
}
export function stencil_f32_f64(rows: i32, L: i32, groups: usize, pattern: usize, generic: usize, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return stencilProduct<f32, f64>(rows, L, groups, pattern, generic, indptr, offsets, values, x, y, dot);
}
export function stencil_f64_f32(rows: i32, L: i32, groups: usize, pattern: usize, generic: usize, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return stencilProduct<f64, f32>(rows, L, groups, pattern, generic, indptr, offsets, values, x, y, dot);
}
export function stencil_f32_f32(rows: i32, L: i32, groups: usize, pattern: usize, generic: usize, indptr: usize, offsets: usize, values: usize, x: usize, y: usize, dot: bool): f64 {
  return stencilProduct<f32, f32>(rows, L, groups, pattern, generic, indptr, offsets, values, x, y, dot);
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
