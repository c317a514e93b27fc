import { describe, expect, it } from 'vitest';
import { add, blockDiagonal, compose, csr, dense, diagonal, fromFunction, identity, scale, shift, toDense, transpose } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { TOL64, denseToCsr, expectClose, expectMatchesMatrix, matMul, matVec, seededUniform, randomArray, randomSparse, randomSpd, transposed } from './helpers.js';

const rng = seededUniform(51);

/** A dense operator together with its reference entries. */
function randomDense(rows: number, cols: number): { A: LinearOperator; a: Float64Array } {
  const a = randomArray(rng, rows * cols);
  return { A: dense(rows, cols, a), a };
}

/** An operator that knows only its product (no transpose, no tags). */
function productOnly(rows: number, cols: number, a: Float64Array): LinearOperator {
  return fromFunction(rows, cols, (x: Vector, y: Vector) => y.set(matVec(a, rows, cols, x)));
}

/** A raw symmetric operator with no applyTranspose: combinators must use apply for A'. */
function bareSymmetric(n: number, s: Float64Array): LinearOperator {
  return { rows: n, cols: n, symmetric: true, apply: (x, y) => y.set(matVec(s, n, n, x)) };
}

function expectUnwritten(y: Vector, value = 7): void {
  for (let i = 0; i < y.length; i++) expect(y[i]).toBe(value);
}

describe('add', () => {
  it('equals the entrywise sum across operator kinds (TOL64; a Float32Array y is rounded once)', () => {
    const rows = 6;
    const cols = 5;
    const { A, a } = randomDense(rows, cols);
    const b = randomSparse(rng, rows, cols, 0.4);
    const { indptr, indices, values } = denseToCsr(b, rows, cols);
    const B = csr(rows, cols, indptr, indices, values);
    const { A: C, a: c } = randomDense(rows, cols);
    const sum = a.map((v, k) => v + b[k] + c[k]);
    const S = add(A, B, C);
    expect(S.applyTranspose).toBeDefined();
    expectMatchesMatrix(S, sum, rng);
  });

  it('satisfies (A + B) x = A x + B x', () => {
    const { A } = randomDense(4, 7);
    const { A: B } = randomDense(4, 7);
    const x = randomArray(rng, 7);
    const ax = new Float64Array(4);
    const bx = new Float64Array(4);
    const sx = new Float64Array(4);
    A.apply(x, ax);
    B.apply(x, bx);
    add(A, B).apply(x, sx);
    // One extra rounding of the final addition: 1 ulp of numbers below ~7.
    expectClose(sx, ax.map((v, i) => v + bx[i]), TOL64);
  });

  it('propagates tags and the transpose', () => {
    const s1 = randomSpd(rng, 4);
    const s2 = randomSpd(rng, 4);
    const P1 = dense(4, 4, s1, { symmetric: true, positiveSemidefinite: true });
    const P2 = dense(4, 4, s2, { symmetric: true, positiveSemidefinite: true });
    const S = dense(4, 4, s1, { symmetric: true });
    const { A: N } = randomDense(4, 4);
    expect(add(P1, P2)).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(add(P1, S)).toMatchObject({ symmetric: true, positiveSemidefinite: false });
    expect(add(P1, N)).toMatchObject({ symmetric: false, positiveSemidefinite: false });
    expect(add(P1, identity(4), diagonal(Float64Array.from([0, 1, 2, 3])))).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(add(N, productOnly(4, 4, s1)).applyTranspose).toBeUndefined();
    // A bare symmetric term lends apply as its transpose.
    const mixed = add(N, bareSymmetric(4, s2));
    expect(mixed.applyTranspose).toBeDefined();
    expectMatchesMatrix(mixed, toDense(N).map((v, k) => v + s2[k]), rng);
  });

  it('rejects shape mismatches and bad vectors, naming them, without writing y', () => {
    const A = dense(2, 3, new Float64Array(6));
    expect(() => add(A, dense(3, 2, new Float64Array(6)))).toThrow(/add: B has shape 3x2, but A has shape 2x3/);
    expect(() => add(A, A, dense(2, 2, new Float64Array(4)))).toThrow(/add: more\[0\] has shape 2x2, but A has shape 2x3/);
    expect(() => add(A, 3 as unknown as LinearOperator)).toThrow(/add: B must be a LinearOperator/);
    expect(() => add(A, { rows: -1, cols: 3, apply() {} })).toThrow(/add: B.rows must be a non-negative integer, got -1/);
    const y = Float64Array.from([7, 7]);
    expect(() => add(A, A).apply(new Float64Array(2), y)).toThrow(/add.apply: x must have length 3, got 2/);
    expect(() => add(A, A).apply(Float64Array.from([7, 7, 7]), new Float64Array(3))).toThrow(/add.apply: y must have length 2, got 3/);
    expectUnwritten(y);
  });
});

describe('scale', () => {
  it('equals alpha times the entries', () => {
    const { A, a } = randomDense(5, 3);
    // Multiplication by -2.5 after a float64 sum: one extra rounding, within TOL64.
    expectMatchesMatrix(scale(-2.5, A), a.map((v) => -2.5 * v), rng, 3 * TOL64);
  });

  it('keeps symmetry, and PSD only for alpha >= 0', () => {
    const P = dense(3, 3, randomSpd(rng, 3), { symmetric: true, positiveSemidefinite: true });
    expect(scale(2, P)).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(scale(0, P)).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(scale(-1, P)).toMatchObject({ symmetric: true, positiveSemidefinite: false });
    expect(scale(2, productOnly(3, 3, new Float64Array(9))).applyTranspose).toBeUndefined();
  });

  it('rejects a non-finite alpha and bad vectors without writing y', () => {
    const A = identity(2);
    expect(() => scale(NaN, A)).toThrow(/scale: alpha must be a finite number, got NaN/);
    expect(() => scale(Infinity, A)).toThrow(/scale: alpha must be a finite number, got Infinity/);
    expect(() => scale(1, null as unknown as LinearOperator)).toThrow(/scale: A must be a LinearOperator/);
    const y = Float64Array.from([7, 7]);
    expect(() => scale(2, A).apply(new Float64Array(3), y)).toThrow(/scale.apply: x must have length 2, got 3/);
    expectUnwritten(y);
  });
});

describe('compose', () => {
  it('equals the matrix product A B, and (A B)\' = B\' A\'', () => {
    const { A, a } = randomDense(3, 4);
    const b = randomSparse(rng, 4, 6, 0.5);
    const { indptr, indices, values } = denseToCsr(b, 4, 6);
    const AB = compose(A, csr(4, 6, indptr, indices, values));
    expect(AB).toMatchObject({ rows: 3, cols: 6, symmetric: false, positiveSemidefinite: false });
    // Two chained sums of <= 4 terms in [-1, 1]: error well below TOL64.
    expectMatchesMatrix(AB, matMul(a, b, 3, 4, 6), rng);
  });

  it('satisfies (A B) x = A (B x)', () => {
    const { A } = randomDense(5, 3);
    const { A: B } = randomDense(3, 4);
    const x = randomArray(rng, 4);
    const bx = new Float64Array(3);
    const abx = new Float64Array(5);
    const y = new Float32Array(5);
    B.apply(x, bx);
    A.apply(bx, abx);
    compose(A, B).apply(x, y);
    // Same float64 computation, then one rounding to float32.
    expectClose(y, abx, 0, 2 ** -24);
  });

  it('drops tags, except for the Gram forms M\'M, MM\' and S S', () => {
    const P = dense(3, 3, randomSpd(rng, 3), { symmetric: true, positiveSemidefinite: true });
    const Q = dense(3, 3, randomSpd(rng, 3), { symmetric: true, positiveSemidefinite: true });
    expect(compose(P, Q)).toMatchObject({ symmetric: false, positiveSemidefinite: false });
    const { A: J, a: j } = randomDense(4, 3);
    const JtJ = compose(transpose(J), J);
    const JJt = compose(J, transpose(J));
    expect(JtJ).toMatchObject({ rows: 3, cols: 3, symmetric: true, positiveSemidefinite: true });
    expect(JJt).toMatchObject({ rows: 4, cols: 4, symmetric: true, positiveSemidefinite: true });
    expectMatchesMatrix(JtJ, matMul(transposed(j, 4, 3), j, 3, 4, 3), rng);
    expectMatchesMatrix(JJt, matMul(j, transposed(j, 4, 3), 4, 3, 4), rng);
    const S = dense(3, 3, Float64Array.from([1, 2, 0, 2, -1, 3, 0, 3, 0]), { symmetric: true });
    expect(compose(S, S)).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(compose(productOnly(3, 3, new Float64Array(9)), P).applyTranspose).toBeUndefined();
  });

  it('rejects disagreeing inner dimensions and bad vectors without writing y', () => {
    const A = dense(2, 3, new Float64Array(6));
    const B = dense(4, 5, new Float64Array(20));
    expect(() => compose(A, B)).toThrow(/compose: A.cols = 3 must equal B.rows = 4 \(A is 2x3, B is 4x5\)/);
    expect(() => compose(A, undefined as unknown as LinearOperator)).toThrow(/compose: B must be a LinearOperator/);
    const y = Float64Array.from([7, 7]);
    const AC = compose(A, dense(3, 5, new Float64Array(15)));
    expect(() => AC.apply(new Float64Array(3), y)).toThrow(/compose.apply: x must have length 5, got 3/);
    expectUnwritten(y);
    const v = new Float64Array(5).fill(7);
    expect(() => AC.applyTranspose!(new Float64Array(3), v)).toThrow(/compose.applyTranspose: x must have length 2, got 3/);
    expectUnwritten(v);
  });
});

describe('shift', () => {
  it('equals A + sigma I', () => {
    const { A, a } = randomDense(5, 5);
    const sigma = 0.75;
    const ref = a.slice();
    for (let i = 0; i < 5; i++) ref[i * 5 + i] += sigma;
    // One extra rounded addition per entry: within TOL64.
    expectMatchesMatrix(shift(A, sigma), ref, rng);
  });

  it('keeps symmetry, and PSD only for sigma >= 0', () => {
    const P = dense(3, 3, randomSpd(rng, 3), { symmetric: true, positiveSemidefinite: true });
    expect(shift(P, 1e-3)).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(shift(P, -1e-3)).toMatchObject({ symmetric: true, positiveSemidefinite: false });
    expect(shift(dense(3, 3, new Float64Array(9)), 1)).toMatchObject({ symmetric: false, positiveSemidefinite: false });
    expect(shift(productOnly(2, 2, new Float64Array(4)), 1).applyTranspose).toBeUndefined();
  });

  it('rejects a non-square A, a bad sigma and bad vectors without writing y', () => {
    expect(() => shift(dense(2, 3, new Float64Array(6)), 1)).toThrow(/shift: A must be square, got 2x3/);
    expect(() => shift(identity(2), Number.NaN)).toThrow(/shift: sigma must be a finite number, got NaN/);
    expect(() => shift(identity(2), '1' as unknown as number)).toThrow(/shift: sigma must be a finite number, got the string "1"/);
    const y = Float64Array.from([7, 7]);
    expect(() => shift(identity(2), 1).apply(new Float64Array(1), y)).toThrow(/shift.apply: x must have length 2, got 1/);
    expectUnwritten(y);
  });
});

describe('transpose', () => {
  it('equals the explicit transpose', () => {
    const { A, a } = randomDense(3, 5);
    const T = transpose(A);
    expect(T).toMatchObject({ rows: 5, cols: 3 });
    expectMatchesMatrix(T, transposed(a, 3, 5), rng);
  });

  it('returns a symmetric A itself and undoes itself', () => {
    const S = dense(2, 2, Float64Array.from([1, 2, 2, 1]), { symmetric: true });
    expect(transpose(S)).toBe(S);
    const s = Float64Array.from([1, 2, 2, 1]);
    expect(transpose(bareSymmetric(2, s))).toMatchObject({ symmetric: true });
    const { A } = randomDense(2, 3);
    expect(transpose(transpose(A))).toBe(A);
  });

  it('keeps positive semidefiniteness of a nonsymmetric A (same quadratic form)', () => {
    // [[1, 1], [-1, 1]]: x'Ax = x1^2 + x2^2 >= 0, not symmetric.
    const A = dense(2, 2, Float64Array.from([1, 1, -1, 1]), { positiveSemidefinite: true });
    expect(transpose(A)).toMatchObject({ symmetric: false, positiveSemidefinite: true });
  });

  it('rejects an operator without a transpose, and bad vectors without writing y', () => {
    expect(() => transpose(productOnly(2, 3, new Float64Array(6)))).toThrow(/transpose: A must have applyTranspose or be tagged symmetric/);
    expect(() => transpose({} as LinearOperator)).toThrow(/transpose: A must be a LinearOperator/);
    const y = Float64Array.from([7, 7, 7]);
    expect(() => transpose(dense(2, 3, new Float64Array(6))).apply(new Float64Array(3), y)).toThrow(/transpose.apply: x must have length 2, got 3/);
    expectUnwritten(y);
  });
});

describe('blockDiagonal', () => {
  it('equals the assembled block-diagonal matrix, with non-square blocks', () => {
    const shapes = [[2, 3], [1, 1], [4, 2], [0, 2], [3, 0]];
    const parts = shapes.map(([r, c]) => ({ r, c, ...randomDense(r, c) }));
    const rows = shapes.reduce((s, [r]) => s + r, 0);
    const cols = shapes.reduce((s, [, c]) => s + c, 0);
    const ref = new Float64Array(rows * cols);
    let r0 = 0;
    let c0 = 0;
    for (const { r, c, a } of parts) {
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) ref[(r0 + i) * cols + c0 + j] = a[i * c + j];
      r0 += r;
      c0 += c;
    }
    const D = blockDiagonal(parts.map((p) => p.A));
    expect(D).toMatchObject({ rows, cols });
    expectMatchesMatrix(D, ref, rng);
  });

  it('keeps tags only if every block has them', () => {
    const P = dense(2, 2, randomSpd(rng, 2), { symmetric: true, positiveSemidefinite: true });
    const S = dense(2, 2, Float64Array.from([0, 1, 1, 0]), { symmetric: true });
    expect(blockDiagonal([P, identity(3), diagonal(Float64Array.from([2]))])).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    expect(blockDiagonal([P, S])).toMatchObject({ symmetric: true, positiveSemidefinite: false });
    expect(blockDiagonal([P, dense(2, 2, new Float64Array(4))])).toMatchObject({ symmetric: false, positiveSemidefinite: false });
    expect(blockDiagonal([P, productOnly(1, 1, new Float64Array(1))]).applyTranspose).toBeUndefined();
  });

  it('rejects a bad block list and bad vectors without writing y', () => {
    expect(() => blockDiagonal([])).toThrow(/blockDiagonal: blocks must be a non-empty array/);
    expect(() => blockDiagonal(identity(2) as unknown as LinearOperator[])).toThrow(/blockDiagonal: blocks must be a non-empty array/);
    expect(() => blockDiagonal([identity(2), 'x' as unknown as LinearOperator])).toThrow(/blockDiagonal: blocks\[1\] must be a LinearOperator/);
    const y = new Float64Array(3).fill(7);
    expect(() => blockDiagonal([identity(1), identity(2)]).apply(new Float64Array(2), y)).toThrow(/blockDiagonal.apply: x must have length 3, got 2/);
    expectUnwritten(y);
  });
});

describe('toDense', () => {
  it('round-trips dense and CSR operators exactly (each entry is one product with 1)', () => {
    const { A, a } = randomDense(4, 6);
    expect(Array.from(toDense(A))).toEqual(Array.from(a));
    const b = randomSparse(rng, 5, 3, 0.5);
    const { indptr, indices, values } = denseToCsr(b, 5, 3);
    expect(Array.from(toDense(csr(5, 3, indptr, indices, values)))).toEqual(Array.from(b));
    expect(toDense(dense(0, 3, new Float64Array(0))).length).toBe(0);
  });

  it('materializes a damped Gauss-Newton matrix J\'J + lambda I', () => {
    const { A: J, a: j } = randomDense(6, 4);
    const lambda = 0.1;
    const G = shift(compose(transpose(J), J), lambda);
    const ref = matMul(transposed(j, 6, 4), j, 4, 6, 4);
    for (let i = 0; i < 4; i++) ref[i * 4 + i] += lambda;
    expect(G).toMatchObject({ symmetric: true, positiveSemidefinite: true });
    // Sums of 6 products plus one shift: well within TOL64.
    expectClose(toDense(G), ref, TOL64);
  });

  it('rejects a non-operator', () => {
    expect(() => toDense([1, 2] as unknown as LinearOperator)).toThrow(/toDense: A must be a LinearOperator/);
  });
});
