import type { LinearOperator } from '@hessian-free/linop';
import { expect } from 'vitest';
import { dot, materialize, randoms, relativeError, type Matrix } from './reference.js';

/**
 * Operators against float64 references: max entry error relative to the
 * largest reference entry. The products run in float32 (unit roundoff 6e-8)
 * through a few chained matMuls and reductions over tens of terms, and the
 * finite-difference references are accurate to about 1e-7 relative; 1e-3
 * leaves a wide margin over the ~1e-5 errors seen in practice while still
 * catching any wrong term (those are O(1) relative).
 */
export const OPERATOR_TOL = 1e-3;

export function expectMatches(op: LinearOperator, reference: Matrix, tol = OPERATOR_TOL): void {
  expect(relativeError(materialize(op), reference)).toBeLessThan(tol);
}

function norm(v: ArrayLike<number>): number {
  return Math.sqrt(dot(v, v));
}

function applied(op: LinearOperator, v: Float32Array): Float32Array {
  const y = new Float32Array(op.rows);
  op.apply(v, y);
  return y;
}

/**
 * u'(Av) = v'(Au) on random vectors, up to float32 roundoff in the two inner
 * products and the products themselves: 1e-4 of |u||Av| + |v||Au|.
 */
export function expectSymmetric(op: LinearOperator, seed: number): void {
  for (let trial = 0; trial < 3; trial++) {
    const u = Float32Array.from(randoms(op.cols, seed + 2 * trial));
    const v = Float32Array.from(randoms(op.cols, seed + 2 * trial + 1));
    const Av = applied(op, v);
    const Au = applied(op, u);
    const scale = norm(u) * norm(Av) + norm(v) * norm(Au);
    expect(Math.abs(dot(u, Av) - dot(v, Au))).toBeLessThanOrEqual(1e-4 * scale);
  }
  expect(op.symmetric).toBe(true);
}

/**
 * v'Av >= 0 on random vectors, allowing float32 roundoff below zero for
 * directions in the (numerical) null space: -1e-5 |v||Av|.
 */
export function expectPsdOnRandomVectors(op: LinearOperator, seed: number): void {
  for (let trial = 0; trial < 5; trial++) {
    const v = Float32Array.from(randoms(op.cols, seed + trial));
    const Av = applied(op, v);
    expect(dot(v, Av)).toBeGreaterThanOrEqual(-1e-5 * norm(v) * norm(Av));
  }
  expect(op.positiveSemidefinite).toBe(true);
}
