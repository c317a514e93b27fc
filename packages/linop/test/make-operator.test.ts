import { describe, expect, it } from 'vitest';
import { makeOperator } from '@hessian-free/linop';
import type { Product, Vector } from '@hessian-free/linop';

describe('makeOperator', () => {
  // [[1, 2, 3], [4, 5, 6]] and its transpose, as plain kernels.
  const times: Product = (x, y) => {
    y[0] = x[0] + 2 * x[1] + 3 * x[2];
    y[1] = 4 * x[0] + 5 * x[1] + 6 * x[2];
  };
  const timesTransposed: Product = (x, y) => {
    y[0] = x[0] + 4 * x[1];
    y[1] = 2 * x[0] + 5 * x[1];
    y[2] = 3 * x[0] + 6 * x[1];
  };

  it('assembles a frozen operator with its fields, tags and checked kernels', () => {
    const data = new Float64Array(6);
    const A = makeOperator({ name: 'm', rows: 2, cols: 3, data, apply: times, applyTranspose: timesTransposed });
    expect(A).toMatchObject({ rows: 2, cols: 3, symmetric: false, positiveSemidefinite: false });
    expect(A.data).toBe(data);
    expect('name' in A).toBe(false);
    expect(Object.isFrozen(A)).toBe(true);
    const y = new Float32Array(2);
    A.apply(Float64Array.from([1, 1, 1]), y);
    expect(Array.from(y)).toEqual([6, 15]);
    const z = new Float64Array(3);
    A.applyTranspose(Float64Array.from([1, 1]), z);
    expect(Array.from(z)).toEqual([5, 7, 9]);
  });

  it('gives a symmetric operator apply as its transpose, and no key to a non-symmetric one without it', () => {
    const copy: Product = (x, y) => y.set(x);
    const S = makeOperator({ name: 's', rows: 2, cols: 2, symmetric: true, positiveSemidefinite: true, apply: copy });
    expect(S.applyTranspose).toBe(S.apply);
    expect(S).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    const N = makeOperator({ name: 'n', rows: 2, cols: 2, apply: copy, applyTranspose: undefined });
    expect('applyTranspose' in N).toBe(false);
  });

  it('checks type, length and aliasing before the kernel runs, naming the operator and the product', () => {
    let calls = 0;
    const count: Product = () => void calls++;
    const A = makeOperator({ name: 'mine', rows: 2, cols: 3, apply: count, applyTranspose: count });
    const y = Float64Array.from([7, 7]);
    expect(() => A.apply(new Float64Array(2), y)).toThrow(/^mine.apply: x must have length 3, got 2$/);
    expect(() => A.apply(new Float64Array(3), new Float32Array(3))).toThrow(/^mine.apply: y must have length 2, got 3$/);
    expect(() => A.apply([1, 2, 3] as unknown as Vector, y)).toThrow(TypeError);
    expect(() => A.apply([1, 2, 3] as unknown as Vector, y)).toThrow(/^mine.apply: x must be a Float64Array or Float32Array, got Array$/);
    expect(() => A.applyTranspose(new Float64Array(3), new Float64Array(3))).toThrow(/^mine.applyTranspose: x must have length 2, got 3$/);
    const buffer = new Float64Array(5);
    expect(() => A.apply(buffer.subarray(0, 3), buffer.subarray(2, 4))).toThrow(/^mine.apply: y must not share memory with mine.apply: x$/);
    A.apply(buffer.subarray(0, 3), buffer.subarray(3, 5)); // disjoint views of one buffer are fine
    expect(calls).toBe(1);
    expect(Array.from(y)).toEqual([7, 7]);
  });

  it('rejects malformed parts at construction', () => {
    const copy: Product = (x, y) => y.set(x);
    expect(() => makeOperator(null as unknown as { name: string; rows: number; cols: number; apply: Product })).toThrow(/^makeOperator: parts must be an object, got null$/);
    expect(() => makeOperator({ name: 3 as unknown as string, rows: 1, cols: 1, apply: copy })).toThrow(/^makeOperator: parts.name must be a string, got 3$/);
    expect(() => makeOperator({ name: 'm', rows: -1, cols: 1, apply: copy })).toThrow(/^m: parts.rows must be a non-negative integer, got -1$/);
    expect(() => makeOperator({ name: 'm', rows: 1, cols: 1.5, apply: copy })).toThrow(/^m: parts.cols must be a non-negative integer, got 1.5$/);
    expect(() => makeOperator({ name: 'm', rows: 1, cols: 1, apply: 'f' as unknown as Product })).toThrow(/^m: parts.apply must be a function, got the string "f"$/);
    expect(() => makeOperator({ name: 'm', rows: 1, cols: 1, apply: copy, applyTranspose: {} as Product })).toThrow(/^m: parts.applyTranspose must be a function, got Object$/);
    expect(() => makeOperator({ name: 'm', rows: 2, cols: 3, symmetric: true, apply: copy })).toThrow(/^m: parts.symmetric requires a square operator, got 2x3$/);
    expect(() => makeOperator({ name: 'm', rows: 1, cols: 1, symmetric: 1 as unknown as boolean, apply: copy })).toThrow(/^m: parts.symmetric must be a boolean, got 1$/);
  });
});
