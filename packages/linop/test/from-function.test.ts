import { describe, expect, it } from 'vitest';
import { fromFunction } from '@hessian-free/linop';
import type { Vector } from '@hessian-free/linop';
import { expectMatchesMatrix, matVec, seededUniform, randomArray, transposed } from './helpers.js';

describe('fromFunction', () => {
  const rng = seededUniform(41);
  const rows = 4;
  const cols = 3;
  const a = randomArray(rng, rows * cols);
  const at = transposed(a, rows, cols);
  const apply = (x: Vector, y: Vector) => y.set(matVec(a, rows, cols, x));
  const applyTranspose = (x: Vector, y: Vector) => y.set(matVec(at, cols, rows, x));

  it('wraps a product and an optional transpose', () => {
    const A = fromFunction(rows, cols, apply, { applyTranspose });
    expect(A).toMatchObject({ rows, cols, symmetric: false, positiveSemidefinite: false });
    expectMatchesMatrix(A, a, rng);
    expect(fromFunction(rows, cols, apply).applyTranspose).toBeUndefined();
  });

  it('uses apply as the transpose of a symmetric operator', () => {
    const s = Float64Array.from([2, 1, 1, 3]);
    const S = fromFunction(2, 2, (x, y) => y.set(matVec(s, 2, 2, x)), { symmetric: true, positiveSemidefinite: true });
    expect(S).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(S.applyTranspose).toBeDefined();
    expectMatchesMatrix(S, s, rng);
  });

  it('checks lengths and aliasing before calling the function', () => {
    let calls = 0;
    const A = fromFunction(rows, cols, () => void calls++, {
      applyTranspose: () => void calls++,
    });
    const y = new Float64Array(rows).fill(7);
    expect(() => A.apply(new Float64Array(cols + 1), y)).toThrow(/fromFunction.apply: x must have length 3, got 4/);
    expect(() => A.apply(new Float64Array(cols), new Float64Array(1))).toThrow(/fromFunction.apply: y must have length 4, got 1/);
    expect(() => A.applyTranspose!(new Float64Array(cols), new Float64Array(cols))).toThrow(/fromFunction.applyTranspose: x must have length 4, got 3/);
    const buf = new Float64Array(4);
    const B = fromFunction(2, 2, () => void calls++);
    expect(() => B.apply(buf.subarray(0, 2), buf.subarray(1, 3))).toThrow(/fromFunction.apply: y must not share memory/);
    expect(calls).toBe(0);
    expect(Array.from(y)).toEqual([7, 7, 7, 7]);
  });

  it('rejects bad construction arguments', () => {
    expect(() => fromFunction(-1, 2, apply)).toThrow(/fromFunction: rows must be a non-negative integer/);
    expect(() => fromFunction(2, 1.5, apply)).toThrow(/fromFunction: cols must be a non-negative integer, got 1.5/);
    expect(() => fromFunction(2, 2, 'nope' as unknown as typeof apply)).toThrow(/fromFunction: apply must be a function, got the string "nope"/);
    expect(() => fromFunction(2, 2, apply, { applyTranspose: 3 as unknown as typeof apply })).toThrow(/fromFunction: options.applyTranspose must be a function, got 3$/);
    expect(() => fromFunction(2, 3, apply, { symmetric: true })).toThrow(/fromFunction: options.symmetric requires a square operator, got 2x3/);
    expect(() => fromFunction(2, 2, apply, null as unknown as undefined)).toThrow(/fromFunction: options must be an object when given, got null/);
  });
});
