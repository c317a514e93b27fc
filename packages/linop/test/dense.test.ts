import { describe, expect, it } from 'vitest';
import { dense } from '@hessian-free/linop';
import { expectMatchesMatrix, seededUniform, randomArray } from './helpers.js';

describe('dense', () => {
  it('applies A and A\' for random shapes (tolerance TOL64: float64 rounding of short sums)', () => {
    const rng = seededUniform(11);
    for (const [rows, cols] of [[1, 1], [5, 5], [7, 3], [3, 9], [20, 20], [0, 4], [4, 0]]) {
      const a = randomArray(rng, rows * cols);
      const A = dense(rows, cols, a);
      expect(A.rows).toBe(rows);
      expect(A.cols).toBe(cols);
      expect(A.data).toBe(a);
      expectMatchesMatrix(A, a, rng);
    }
  });

  it('accepts Float32Array data', () => {
    const rng = seededUniform(12);
    const a = Float32Array.from(randomArray(rng, 6 * 4));
    expectMatchesMatrix(dense(6, 4, a), a, rng);
  });

  it('carries declared tags and has no tags by default', () => {
    const A = dense(2, 2, Float64Array.from([2, 1, 1, 2]), { symmetric: true, positiveSemidefinite: true });
    expect(A.symmetric).toBe(true);
    expect(A.positiveSemidefinite).toBe(true);
    const B = dense(2, 3, new Float64Array(6));
    expect(B.symmetric).toBe(false);
    expect(B.positiveSemidefinite).toBe(false);
  });

  it('rejects bad construction arguments, naming them', () => {
    expect(() => dense(-1, 2, new Float64Array(0))).toThrow(/dense: rows must be a non-negative integer, got -1/);
    expect(() => dense(2, NaN, new Float64Array(0))).toThrow(/dense: cols must be a non-negative integer, got NaN/);
    expect(() => dense(2, Infinity, new Float64Array(0))).toThrow(/dense: cols/);
    expect(() => dense(2.5, 2, new Float64Array(5))).toThrow(/dense: rows/);
    expect(() => dense(2, 3, new Float64Array(5))).toThrow(/dense: data must have length rows \* cols = 2 \* 3 = 6, got 5/);
    expect(() => dense(2, 2, [1, 2, 3, 4] as unknown as Float64Array)).toThrow(/dense: data must be a Float64Array or Float32Array, got Array/);
    expect(() => dense(2, 3, new Float64Array(6), { symmetric: true })).toThrow(/dense: options.symmetric requires a square operator, got 2x3/);
    expect(() => dense(2, 3, new Float64Array(6), { positiveSemidefinite: true })).toThrow(/dense: options.positiveSemidefinite requires a square operator/);
    expect(() => dense(2, 2, new Float64Array(4), { symmetric: 1 as unknown as boolean })).toThrow(/dense: options.symmetric must be a boolean/);
  });

  it('rejects bad vectors at apply and applyTranspose without writing y', () => {
    const A = dense(2, 3, Float64Array.from([1, 2, 3, 4, 5, 6]));
    const y = Float64Array.from([7, 7]);
    expect(() => A.apply(new Float64Array(2), y)).toThrow(/dense.apply: x must have length 3, got 2/);
    expect(() => A.apply(new Float64Array(3), new Float64Array(3))).toThrow(/dense.apply: y must have length 2, got 3/);
    expect(() => A.apply([1, 2, 3] as unknown as Float64Array, y)).toThrow(/dense.apply: x must be a Float64Array or Float32Array/);
    expect(Array.from(y)).toEqual([7, 7]);
    const v = Float64Array.from([7, 7, 7]);
    expect(() => A.applyTranspose(new Float64Array(3), v)).toThrow(/dense.applyTranspose: x must have length 2, got 3/);
    expect(Array.from(v)).toEqual([7, 7, 7]);
  });

  it('rejects aliased x and y without writing', () => {
    const A = dense(2, 2, Float64Array.from([1, 2, 3, 4]));
    const buf = Float64Array.from([1, 2, 3]);
    expect(() => A.apply(buf.subarray(0, 2), buf.subarray(1, 3))).toThrow(/dense.apply: y must not share memory with dense.apply: x/);
    expect(() => A.applyTranspose(buf.subarray(0, 2), buf.subarray(0, 2))).toThrow(/must not share memory/);
    expect(Array.from(buf)).toEqual([1, 2, 3]);
    // Disjoint views of one buffer are fine.
    const big = Float64Array.from([1, 1, 0, 0]);
    A.apply(big.subarray(0, 2), big.subarray(2, 4));
    expect(Array.from(big)).toEqual([1, 1, 3, 7]);
  });
});
