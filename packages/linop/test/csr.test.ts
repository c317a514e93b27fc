import { describe, expect, it } from 'vitest';
import { csr } from '@hessian-free/linop';
import { denseToCsr, expectMatchesMatrix, seededUniform, randomSparse } from './helpers.js';

describe('csr', () => {
  it('applies A and A\' like the dense matrix it was built from (tolerance TOL64)', () => {
    const rng = seededUniform(21);
    for (const [rows, cols, density] of [[1, 1, 1], [6, 6, 0.3], [10, 4, 0.5], [4, 12, 0.2], [30, 30, 0.1], [5, 5, 0], [0, 3, 0], [3, 0, 0]]) {
      const a = randomSparse(rng, rows, cols, density);
      const { indptr, indices, values } = denseToCsr(a, rows, cols);
      const A = csr(rows, cols, indptr, indices, values);
      expect(A.rows).toBe(rows);
      expect(A.cols).toBe(cols);
      expect(A.indptr).toBe(indptr);
      expect(A.indices).toBe(indices);
      expect(A.values).toBe(values);
      expectMatchesMatrix(A, a, rng);
    }
  });

  it('accepts Uint32Array indices, Float32Array values, unsorted columns and duplicates', () => {
    const rng = seededUniform(22);
    // Row 0: (0,2)=1 and (0,0)=2 unsorted; row 1 empty; row 2: (2,1) given as 0.5 + 0.25.
    const indptr = Uint32Array.from([0, 2, 2, 4]);
    const indices = Uint32Array.from([2, 0, 1, 1]);
    const values = Float32Array.from([1, 2, 0.5, 0.25]);
    const reference = [2, 0, 1, 0, 0, 0, 0, 0.75, 0];
    expectMatchesMatrix(csr(3, 3, indptr, indices, values), reference, rng);
  });

  it('gets every row length right, odd and even (the product runs two entries at a time), both precisions', () => {
    // Row i holds i mod 8 entries (0 to 7), so every remainder of the
    // two-at-a-time loop occurs, with Float64 and Float32 values, Int32 and
    // Uint32 indices, against the dense matrix (tolerance as in expectMatchesMatrix).
    const rng = seededUniform(23);
    const rows = 24;
    const cols = 9;
    const a = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < i % 8; c++) a[i * cols + ((i + 2 * c) % cols)] = 2 * rng() - 1;
    }
    const { indptr, indices, values } = denseToCsr(a, rows, cols);
    expectMatchesMatrix(csr(rows, cols, indptr, indices, values), a, rng);
    const values32 = Float32Array.from(values);
    const a32 = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let k = indptr[i]; k < indptr[i + 1]; k++) a32[i * cols + indices[k]] = values32[k];
    expectMatchesMatrix(csr(rows, cols, Uint32Array.from(indptr), Uint32Array.from(indices), values32), a32, rng);
  });

  it('carries declared tags', () => {
    const A = csr(2, 2, Int32Array.from([0, 1, 2]), Int32Array.from([0, 1]), Float64Array.from([1, 1]), { symmetric: true, positiveSemidefinite: true });
    expect(A.symmetric).toBe(true);
    expect(A.positiveSemidefinite).toBe(true);
    expect(csr(1, 1, Int32Array.from([0, 0]), new Int32Array(0), new Float64Array(0)).symmetric).toBe(false);
  });

  it('rejects inconsistent arrays, naming the argument', () => {
    const ip = (...v: number[]) => Int32Array.from(v);
    const vals = (n: number) => new Float64Array(n).fill(1);
    expect(() => csr(-2, 2, ip(0), ip(), vals(0))).toThrow(/csr: rows must be a non-negative integer, got -2/);
    expect(() => csr(2, Infinity, ip(0, 0, 0), ip(), vals(0))).toThrow(/csr: cols must be a non-negative integer, got Infinity/);
    expect(() => csr(2, 2, [0, 0, 0] as unknown as Int32Array, ip(), vals(0))).toThrow(/csr: indptr must be an Int32Array or Uint32Array, got Array/);
    expect(() => csr(2, 2, ip(0, 0, 0), new Float64Array(0) as unknown as Int32Array, vals(0))).toThrow(/csr: indices must be an Int32Array or Uint32Array, got Float64Array/);
    expect(() => csr(2, 2, ip(0, 0, 0), ip(), new Int32Array(0) as unknown as Float64Array)).toThrow(/csr: values must be a Float64Array or Float32Array, got Int32Array/);
    expect(() => csr(2, 2, ip(0, 1), ip(0), vals(1))).toThrow(/csr: indptr must have length rows \+ 1 = 3, got 2/);
    expect(() => csr(2, 2, ip(1, 1, 2), ip(0, 1), vals(2))).toThrow(/csr: indptr\[0\] must be 0, got 1/);
    expect(() => csr(4, 4, ip(0, 2, 3, 5, 4), ip(0, 1, 2, 3), vals(4))).toThrow(
      'csr: indptr must be non-decreasing, but indptr[3] = 5 > indptr[4] = 4',
    );
    expect(() => csr(2, 2, ip(0, 1, 2), ip(0, 1, 1), vals(3))).toThrow(/csr: indptr\[rows\] = indptr\[2\] = 2 must equal indices.length = 3/);
    expect(() => csr(2, 2, ip(0, 1, 2), ip(0, 1), vals(3))).toThrow(/csr: values must have the same length as indices \(2\), got 3/);
    expect(() => csr(2, 2, ip(0, 1, 2), ip(0, 2), vals(2))).toThrow(/csr: indices\[1\] = 2 is out of range for 2 columns/);
    expect(() => csr(2, 2, ip(0, 1, 2), ip(-1, 0), vals(2))).toThrow(/csr: indices\[0\] = -1 is out of range/);
    expect(() => csr(2, 3, ip(0, 0, 0), ip(), vals(0), { symmetric: true })).toThrow(/csr: options.symmetric requires a square operator, got 2x3/);
  });

  it('rejects bad vectors and aliasing at apply without writing y', () => {
    const A = csr(2, 3, Int32Array.from([0, 2, 3]), Int32Array.from([0, 2, 1]), Float64Array.from([1, 2, 3]));
    const y = Float64Array.from([7, 7]);
    expect(() => A.apply(new Float64Array(2), y)).toThrow(/csr.apply: x must have length 3, got 2/);
    expect(() => A.apply(new Float32Array(3), new Float32Array(1))).toThrow(/csr.apply: y must have length 2, got 1/);
    expect(Array.from(y)).toEqual([7, 7]);
    const v = Float32Array.from([7, 7, 7]);
    expect(() => A.applyTranspose(new Float64Array(3), v)).toThrow(/csr.applyTranspose: x must have length 2, got 3/);
    expect(Array.from(v)).toEqual([7, 7, 7]);
    const buf = Float64Array.from([1, 2, 3, 4]);
    expect(() => A.apply(buf.subarray(0, 3), buf.subarray(2, 4))).toThrow(/csr.apply: y must not share memory with csr.apply: x/);
    expect(Array.from(buf)).toEqual([1, 2, 3, 4]);
  });

  it('computes the 2D Poisson stencil on a small grid', () => {
    // 5-point Laplacian on an m x m grid; the product with all ones is the
    // number of missing neighbours of each node (closed form).
    const m = 4;
    const n = m * m;
    const indptr = new Int32Array(n + 1);
    const indices: number[] = [];
    const values: number[] = [];
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        const i = r * m + c;
        for (const [dr, dc, v] of [[-1, 0, -1], [0, -1, -1], [0, 0, 4], [0, 1, -1], [1, 0, -1]]) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < m && cc >= 0 && cc < m) {
            indices.push(rr * m + cc);
            values.push(v);
          }
        }
        indptr[i + 1] = indices.length;
      }
    }
    const A = csr(n, n, indptr, Int32Array.from(indices), Float64Array.from(values), { symmetric: true, positiveSemidefinite: true });
    const y = new Float64Array(n);
    A.apply(new Float64Array(n).fill(1), y);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        const missing = Number(r === 0) + Number(r === m - 1) + Number(c === 0) + Number(c === m - 1);
        expect(y[r * m + c]).toBe(missing);
      }
    }
  });
});
