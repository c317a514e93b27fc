import { describe, expect, it } from 'vitest';
import { diagonal, identity } from '@hessian-free/linop';
import { expectMatchesMatrix, seededUniform, randomArray } from './helpers.js';

function diagMatrix(d: ArrayLike<number>): Float64Array {
  const n = d.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = d[i];
  return a;
}

describe('diagonal', () => {
  it('applies diag(d) in both precisions (products are exact in float64)', () => {
    const rng = seededUniform(31);
    for (const n of [0, 1, 8]) {
      const d = randomArray(rng, n);
      const D = diagonal(d);
      expect(D.rows).toBe(n);
      expect(D.cols).toBe(n);
      expectMatchesMatrix(D, diagMatrix(d), rng);
      expectMatchesMatrix(diagonal(Float32Array.from(d)), diagMatrix(Float32Array.from(d)), rng);
    }
  });

  it('is symmetric, and PSD exactly when every entry is >= 0', () => {
    expect(diagonal(Float64Array.from([0, 1, 2]))).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(diagonal(Float64Array.from([1, -1e-300]))).toMatchObject({ symmetric: true, positiveSemidefinite: false });
    expect(diagonal(Float64Array.from([1, NaN])).positiveSemidefinite).toBe(false);
  });

  it('copies d, so later changes to d do not change the operator or its tags', () => {
    const d = Float64Array.from([1, 2]);
    const D = diagonal(d);
    d[0] = -5;
    const y = new Float64Array(2);
    D.apply(Float64Array.from([1, 1]), y);
    expect(Array.from(y)).toEqual([1, 2]);
    expect(D.positiveSemidefinite).toBe(true);
    expect(Array.from(D.diagonal)).toEqual([1, 2]);
  });

  it('rejects a bad d and bad vectors, naming them, without writing y', () => {
    expect(() => diagonal([1, 2] as unknown as Float64Array)).toThrow(/diagonal: d must be a Float64Array or Float32Array, got Array/);
    const D = diagonal(Float64Array.from([1, 2]));
    const y = Float64Array.from([7, 7]);
    expect(() => D.apply(new Float64Array(3), y)).toThrow(/diagonal.apply: x must have length 2, got 3/);
    expect(() => D.apply(y, y)).toThrow(/diagonal.apply: y must not share memory/);
    expect(Array.from(y)).toEqual([7, 7]);
  });
});

describe('identity', () => {
  it('copies x into y and is its own transpose', () => {
    const rng = seededUniform(32);
    for (const n of [0, 1, 6]) {
      const I = identity(n);
      expect(I).toMatchObject({ rows: n, cols: n, symmetric: true, positiveSemidefinite: true });
      expectMatchesMatrix(I, diagMatrix(new Float64Array(n).fill(1)), rng);
    }
  });

  it('rejects bad sizes and vectors', () => {
    expect(() => identity(-3)).toThrow(/identity: n must be a non-negative integer, got -3/);
    expect(() => identity(NaN)).toThrow(/identity: n must be a non-negative integer, got NaN/);
    const y = Float64Array.from([7, 7]);
    expect(() => identity(2).apply(new Float32Array(1), y)).toThrow(/identity.apply: x must have length 2, got 1/);
    expect(Array.from(y)).toEqual([7, 7]);
  });
});
