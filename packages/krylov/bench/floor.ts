// The memory-traffic floor of one CG iteration (AssemblyScript, compiled by
// poisson-cg.mjs at start-up): the passes of textbook CG over the same
// arrays, in the same order, as pure streams of 16-byte SIMD loads and
// stores with one integer operation per load and no gather, so that their time is
// what the memory system needs to move the bytes.
//
//   product:   read indptr, the column offsets and the values of A, read p,
//              write q (one CSR product; p'q needs nothing more)
//   update:    read x, p, r, q, write x, r (x += a p, r -= a q, r'r)
//   direction: read r, p, write p (p = r + beta p)
//
// cg's own iteration moves these bytes, less 2 bytes per entry of A for a
// banded matrix (whose columns linop keeps as 2-byte offsets).

// `shift` is log2 of the bytes of an entry: 3 for float64 data, 2 for
// float32 (values and vectors alike). The loads are combined with integer additions and exclusive ors, never
// floating-point ones (the bits of an index read as a float64 would be a
// subnormal, whose arithmetic is slow on x86).

// Blocks of 64 rows: their indptr entries, offsets and values, then q = p
// xor the block's sum (so that nothing can be skipped).
export function product(rows: i32, indptr: usize, offsets: usize, values: usize, p: usize, q: usize, shift: i32): i64 {
  let acc = i64x2.splat(0);
  let done = 0;
  while (done < rows) {
    const count = min(64, rows - done);
    const from = load<i32>(indptr + (<usize>done << 2));
    const to = load<i32>(indptr + (<usize>(done + count) << 2));
    let s = acc;
    for (let o: usize = <usize>done << 2, e = <usize>(done + count) << 2; o < e; o += 16) s = i64x2.add(s, v128.load(indptr + o));
    for (let o: usize = <usize>from << 2, e = <usize>to << 2; o < e; o += 16) s = i64x2.add(s, v128.load(offsets + o));
    for (let o: usize = <usize>from << shift, e = <usize>to << shift; o < e; o += 16) s = i64x2.add(s, v128.load(values + o));
    for (let o: usize = <usize>done << shift, e = <usize>(done + count) << shift; o < e; o += 16) v128.store(q + o, v128.xor(v128.load(p + o), s));
    acc = s;
    done += count;
  }
  return i64x2.extract_lane(acc, 0);
}

export function update(n: i32, x: usize, p: usize, r: usize, q: usize, shift: i32): void {
  const e = <usize>n << shift;
  for (let o: usize = 0; o < e; o += 16) {
    v128.store(x + o, v128.xor(v128.load(x + o), v128.load(p + o)));
    v128.store(r + o, v128.xor(v128.load(r + o), v128.load(q + o)));
  }
}

export function direction(n: i32, r: usize, p: usize, shift: i32): void {
  const e = <usize>n << shift;
  for (let o: usize = 0; o < e; o += 16) v128.store(p + o, v128.xor(v128.load(r + o), v128.load(p + o)));
}
