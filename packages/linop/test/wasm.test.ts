import { afterEach, describe, expect, it } from 'vitest';
import { csr, diagonal, dot, loadWasmKernels, wasmKernels } from '@hessian-free/linop';
import type { CsrOperator, Vector, WasmKernels } from '@hessian-free/linop';
import { stencilPattern } from '../src/wasm/csr-layout.js';
import { Heap } from '../src/wasm/heap.js';
import { seededUniform } from './helpers.js';

/**
 * The WebAssembly kernels against the JavaScript ones. Each kernel sums in
 * the order of its JavaScript counterpart, so the results must be the same
 * bits (Object.is, which also tells +0 from -0), not merely close.
 */

// (Also when the suite runs with HESSIAN_FREE_KERNELS=js: these tests are about the kernels themselves.)
const switchedOff = process.env.HESSIAN_FREE_KERNELS;
delete process.env.HESSIAN_FREE_KERNELS;
const kernelsOrNull = wasmKernels();
if (switchedOff !== undefined) process.env.HESSIAN_FREE_KERNELS = switchedOff;
if (kernelsOrNull === null) throw new Error('WebAssembly SIMD kernels are unavailable in this Node: the tests below need them');
const kernels: WasmKernels = kernelsOrNull;

type FloatType = Float64ArrayConstructor | Float32ArrayConstructor;

/** A random rows x cols CSR matrix whose rows have 0 to maxLength entries (unsorted, with duplicates). */
function randomCsr(seed: number, rows: number, cols: number, maxLength: number, valueType: FloatType, indexType: Int32ArrayConstructor | Uint32ArrayConstructor): CsrOperator {
  const rng = seededUniform(seed);
  const indptr = new indexType(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const length = Math.floor(rng() * (maxLength + 1));
    for (let k = 0; k < length; k++) {
      indices.push(Math.floor(rng() * cols));
      // Some exact zeros and negative zeros, whose signs the sums must keep as JavaScript does.
      const u = rng();
      values.push(u < 0.05 ? 0 : u < 0.1 ? -0 : 4 * rng() - 2);
    }
    indptr[i + 1] = indices.length;
  }
  return csr(rows, cols, indptr, indexType.from(indices), valueType.from(values));
}

function randomInto(v: Vector, seed: number): void {
  const rng = seededUniform(seed);
  for (let i = 0; i < v.length; i++) v[i] = rng() < 0.05 ? -0 : 2 * rng() - 1;
}

function expectSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect({ index: i, value: actual[i] }).toEqual({ index: i, value: expected[i] });
  }
}

describe('the CSR product in WebAssembly', () => {
  const cases: [string, FloatType, FloatType, Int32ArrayConstructor | Uint32ArrayConstructor][] = [
    ['float64 values, float64 vectors', Float64Array, Float64Array, Int32Array],
    ['float32 values, float64 vectors', Float32Array, Float64Array, Uint32Array],
    ['float64 values, float32 vectors', Float64Array, Float32Array, Int32Array],
    ['float32 values, float32 vectors', Float32Array, Float32Array, Uint32Array],
  ];
  it.each(cases)('%s: apply and applyDot are A.apply and dot, bit for bit, for 0 to 13 rows of 0 to 12 entries', (_, valueType, vectorType, indexType) => {
    for (let rows = 0; rows <= 13; rows++) {
      for (const maxLength of [0, 3, 5, 8, 12]) {
        const A = randomCsr(100 * rows + maxLength, rows, rows, maxLength, valueType, indexType);
        const product = kernels.product(A);
        expect(product).not.toBeNull();
        const lease = kernels.vectors(vectorType, rows, 3);
        expect(lease).not.toBeNull();
        const [x, y, y2] = lease!.vectors;
        randomInto(x, rows + 7);
        const expected = new vectorType(rows);
        A.apply(x.slice(), expected);
        product!.apply(x, y);
        expectSameBits(y, expected);
        const xy = product!.applyDot(x, y2);
        expectSameBits(y2, expected);
        expect(Object.is(xy, dot(x.slice(), expected))).toBe(true);
        lease!.release();
      }
    }
  });

  it('rows longer than the unrolled ones (up to 40 entries), on a 300 x 200 matrix', () => {
    const A = randomCsr(5, 300, 200, 40, Float64Array, Int32Array);
    // The copy first: the memory may have to grow for it, which it does only while no vectors are out.
    const product = kernels.product(A)!;
    const lease = kernels.vectors(Float64Array, 300, 2)!;
    const [x, y] = lease.vectors;
    const x200 = x.subarray(0, 200);
    randomInto(x200, 9);
    product.apply(x200, y);
    const expected = new Float64Array(300);
    A.apply(x200.slice(), expected);
    expectSameBits(y, expected);
    lease.release();
  });

  it.each([
    ['within 4095 of the diagonal (2-byte row-relative offsets)', 0],
    ['farther (4-byte offsets)', 5000],
  ] as const)('columns %s: the same bits, both precisions, square and rectangular', (_, far) => {
    for (const [rows, cols] of [[40, 40 + far], [41 + far, 23], [37 + far, 37 + far]]) {
      const rng = seededUniform(rows + cols);
      const indptr = new Int32Array(rows + 1);
      const indices: number[] = [];
      for (let i = 0; i < rows; i++) {
        const length = Math.floor(rng() * 9);
        // Near the diagonal, or anywhere when far is set.
        for (let k = 0; k < length; k++) indices.push(far > 0 ? Math.floor(rng() * cols) : Math.min(cols - 1, Math.max(0, i - 20 + Math.floor(rng() * 41))));
        indptr[i + 1] = indices.length;
      }
      for (const [valueType, vectorType] of [[Float64Array, Float64Array], [Float32Array, Float32Array], [Float64Array, Float32Array]] as const) {
        const A = csr(rows, cols, indptr, Int32Array.from(indices), valueType.from(Float64Array.from(indices, () => 2 * rng() - 1)));
        const product = kernels.product(A)!;
        const lease = kernels.vectors(vectorType, Math.max(rows, cols), 2)!;
        const x = lease.vectors[0].subarray(0, cols);
        const y = lease.vectors[1].subarray(0, rows);
        randomInto(x, rows);
        const expected = new vectorType(rows);
        A.apply(x.slice(), expected);
        product.apply(x, y);
        expectSameBits(y, expected);
        if (rows === cols) {
          expect(Object.is(product.applyDot(x, y), dot(x.slice(), expected))).toBe(true);
          expectSameBits(y, expected);
        }
        lease.release();
      }
    }
  });

  it('copies the arrays once per operator; other operators have no WebAssembly product', () => {
    const A = randomCsr(1, 10, 10, 5, Float64Array, Int32Array);
    expect(kernels.product(A)).toBe(kernels.product(A));
    expect(kernels.product(diagonal(Float64Array.of(1, 2)))).toBeNull();
    expect(kernels.product({ rows: 1, cols: 1, apply: () => {} })).toBeNull();
  });

  it('works on its copy: a later change of the values array is not seen (documented)', () => {
    const values = Float64Array.of(2, 3);
    const A = csr(2, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 1), values);
    const product = kernels.product(A)!;
    values[0] = 100;
    const lease = kernels.vectors(Float64Array, 2, 2)!;
    const [x, y] = lease.vectors;
    x.set([1, 1]);
    product.apply(x, y);
    expect(Array.from(y)).toEqual([2, 3]);
    lease.release();
  });
});

describe('the stencil layout (rows that share a pattern of columns, stored by diagonals)', () => {
  /**
   * An m x m grid operator with the given stencil (offsets (dy, dx) in
   * order), entries dropped where they leave the grid: the boundary rows are
   * shorter and keep the CSR form. Random values.
   */
  function grid(m: number, stencil: readonly (readonly [number, number])[], seed: number, valueType: FloatType, cols = m * m): CsrOperator {
    const rng = seededUniform(seed);
    const indptr = new Int32Array(m * m + 1);
    const indices: number[] = [];
    for (let gy = 0; gy < m; gy++) {
      for (let gx = 0; gx < m; gx++) {
        for (const [dy, dx] of stencil) {
          const y = gy + dy;
          const x = gx + dx;
          if (y >= 0 && y < m && x >= 0 && x < m && y * m + x < cols) indices.push(y * m + x);
        }
        indptr[gy * m + gx + 1] = indices.length;
      }
    }
    return csr(m * m, cols, indptr, Int32Array.from(indices), valueType.from(Float64Array.from(indices, () => (rng() < 0.03 ? -0 : 2 * rng() - 1))));
  }
  const fivePoint = [[-1, 0], [0, -1], [0, 0], [0, 1], [1, 0]] as const;
  const stencils = {
    'the 5-point Laplacian': fivePoint,
    'a tridiagonal-like 3-entry pattern in no particular order': [[0, 1], [0, 0], [0, -1]] as const,
    'a diagonal': [[0, 0]] as const,
    'the 9-point stencil': [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 0], [0, 1], [1, -1], [1, 0], [1, 1]] as const,
    'a 5 x 5 box (25 entries, beyond the unrolled row lengths)': Array.from({ length: 25 }, (_, k) => [Math.floor(k / 5) - 2, (k % 5) - 2] as const),
  };

  it.each(Object.entries(stencils))('%s: laid out by diagonals; apply and applyDot give the bits of A.apply and dot', (_, stencil) => {
    for (const m of [3, 6, 7, 9, 13, 20]) {
      for (const [valueType, vectorType] of [[Float64Array, Float64Array], [Float32Array, Float64Array], [Float64Array, Float32Array], [Float32Array, Float32Array]] as const) {
        const A = grid(m, stencil, m, valueType);
        // The layout is chosen when at least half of the rows have the whole stencil.
        let full = 0;
        for (let i = 0; i < A.rows; i++) if (A.indptr[i + 1] - A.indptr[i] === stencil.length) full++;
        expect(stencilPattern(A.rows, A.indptr, A.indices) !== null, `m = ${m}`).toBe(A.rows >= 8 && 2 * full >= A.rows);
        const product = kernels.product(A)!;
        const lease = kernels.vectors(vectorType, A.rows, 3)!;
        const [x, y, y2] = lease.vectors;
        randomInto(x, m);
        const expected = new vectorType(A.rows);
        A.apply(x.slice(), expected);
        product.apply(x, y);
        expectSameBits(y, expected);
        expect(Object.is(product.applyDot(x, y2), dot(x.slice(), expected))).toBe(true);
        expectSameBits(y2, expected);
        lease.release();
      }
    }
  });

  it('pattern rows in runs of every length and alignment between rows in CSR form, some with far columns (4-byte offsets)', () => {
    const rng = seededUniform(77);
    for (const far of [false, true]) {
      const n = 97;
      const indptr = new Int32Array(n + 1);
      const indices: number[] = [];
      for (let i = 0; i < n; i++) {
        if (i > 1 && i < n - 2 && rng() < 0.7) indices.push(i - 2, i, i + 1, i + 2); // the pattern (-2, 0, 1, 2)
        else {
          const length = Math.floor(rng() * 6);
          for (let k = 0; k < length; k++) indices.push(far && rng() < 0.3 ? Math.floor(rng() * n) : Math.min(n - 1, Math.max(0, i + Math.floor(rng() * 7) - 3)));
        }
        indptr[i + 1] = indices.length;
      }
      const A = csr(n, n, indptr, Int32Array.from(indices), Float64Array.from(indices, () => 2 * rng() - 1));
      expect(Array.from(stencilPattern(n, A.indptr, A.indices) ?? [])).toEqual([-2, 0, 1, 2]);
      const product = kernels.product(A)!;
      const lease = kernels.vectors(Float64Array, n, 2)!;
      const [x, y] = lease.vectors;
      randomInto(x, 5);
      const expected = new Float64Array(n);
      A.apply(x.slice(), expected);
      expect(Object.is(product.applyDot(x, y), dot(x.slice(), expected))).toBe(true);
      expectSameBits(y, expected);
      lease.release();
    }
  });

  it('rectangular: more columns than rows', () => {
    const A = grid(8, fivePoint, 3, Float64Array, 64 + 10);
    const product = kernels.product(A)!;
    const lease = kernels.vectors(Float64Array, 74, 2)!;
    const [x, y] = lease.vectors;
    randomInto(x, 3);
    const expected = new Float64Array(64);
    A.apply(x.slice(), expected);
    product.apply(x, y.subarray(0, 64));
    expectSameBits(y.subarray(0, 64), expected);
    lease.release();
  });

  it('no stencil layout when fewer than half of the rows share a pattern', () => {
    const A = randomCsr(9, 50, 50, 8, Float64Array, Int32Array);
    expect(stencilPattern(A.rows, A.indptr, A.indices)).toBeNull();
  });
});

describe('dot in WebAssembly', () => {
  it.each([Float64Array, Float32Array])('%o: the bits of linop dot for lengths 0 to 40', (type) => {
    for (let n = 0; n <= 40; n++) {
      const lease = kernels.vectors(type, n, 2)!;
      const [x, y] = lease.vectors;
      randomInto(x, n);
      randomInto(y, n + 100);
      expect(Object.is(kernels.dot(x, y), dot(x.slice(), y.slice()))).toBe(true);
      lease.release();
    }
  });
});

describe('the kernels memory', () => {
  it('hands out 64-byte aligned vectors of the asked type and length, views of one memory', () => {
    const lease = kernels.vectors(Float32Array, 5, 3)!;
    expect(lease.vectors).toHaveLength(3);
    for (const v of lease.vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(5);
      expect(v.byteOffset % 64).toBe(0);
      expect(v.buffer).toBe(kernels.memory.buffer);
      expect(kernels.owns(v)).toBe(true);
    }
    expect(kernels.owns(new Float32Array(5))).toBe(false);
    lease.release();
    lease.release(); // a second release does nothing
  });

  it('reuses released memory, and grows only while no vectors are out (so that no view detaches)', () => {
    const n = 1 << 16;
    const first = kernels.vectors(Float64Array, n, 4)!;
    const at = first.vectors[0].byteOffset;
    first.release();
    const again = kernels.vectors(Float64Array, n, 4)!;
    expect(again.vectors[0].byteOffset).toBe(at);
    const size = kernels.memory.buffer.byteLength;
    // More than the memory has: refused while `again` is out, rather than detaching its views.
    expect(kernels.vectors(Float64Array, size / 8, 1)).toBeNull();
    expect(again.vectors[0].length).toBe(n);
    again.release();
    const big = kernels.vectors(Float64Array, size / 8, 1);
    expect(big).not.toBeNull();
    expect(kernels.memory.buffer.byteLength).toBeGreaterThan(size);
    big!.release();
  });

  it('the scratch slots follow the memory when it grows', () => {
    const s = kernels.scratch();
    expect(s.byteOffset).toBe(kernels.scratchAddress);
    const lease = kernels.vectors(Float64Array, kernels.memory.buffer.byteLength / 8 + 1, 1)!;
    expect(kernels.scratch().buffer).toBe(kernels.memory.buffer);
    lease.release();
  });
});

describe('the allocator', () => {
  it('never hands out overlapping blocks, reuses and merges what is returned (random sequences)', () => {
    const heap = new Heap(new WebAssembly.Memory({ initial: 1 }));
    const rng = seededUniform(2024);
    const live = new Map<number, number>(); // start -> size asked
    for (let step = 0; step < 3000; step++) {
      if (live.size > 0 && rng() < 0.45) {
        const starts = [...live.keys()];
        const start = starts[Math.floor(rng() * starts.length)];
        heap.release(start);
        live.delete(start);
      } else {
        const bytes = 1 + Math.floor(rng() * (rng() < 0.1 ? 300000 : 5000));
        const start = heap.allocate(bytes, false);
        expect(start).toBeGreaterThanOrEqual(1024);
        expect(start % 64).toBe(0);
        expect(start + bytes).toBeLessThanOrEqual(heap.memory.buffer.byteLength);
        for (const [other, size] of live) expect(start + bytes <= other || other + size <= start).toBe(true);
        live.set(start, bytes);
      }
    }
    for (const start of live.keys()) heap.release(start);
    expect(heap.usedBytes).toBe(0);
    // Everything merged back: one block as large as the memory allows starts at the bottom again.
    const whole = heap.allocate(heap.memory.buffer.byteLength - 1024, false);
    expect(whole).toBe(1024);
  });
});

describe('switching the kernels off', () => {
  afterEach(() => {
    if (switchedOff !== undefined) process.env.HESSIAN_FREE_KERNELS = switchedOff;
    else delete process.env.HESSIAN_FREE_KERNELS;
  });

  it('HESSIAN_FREE_KERNELS=js: wasmKernels() and loadWasmKernels() give null', async () => {
    process.env.HESSIAN_FREE_KERNELS = 'js';
    expect(wasmKernels()).toBeNull();
    expect(await loadWasmKernels()).toBeNull();
    delete process.env.HESSIAN_FREE_KERNELS;
    expect(wasmKernels()).toBe(kernels);
    expect(await loadWasmKernels()).toBe(kernels);
  });
});
