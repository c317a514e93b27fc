import { checkFloatArray } from './checks.js';
import { makeOperator } from './operator.js';
import type { LinearOperator, Vector } from './types.js';

/** diag(d), symmetric, and positive semidefinite when every d_i >= 0. */
export interface DiagonalOperator extends LinearOperator {
  /** A float64 copy of the diagonal taken at construction. */
  readonly diagonal: Float64Array;
  /** Always: a diagonal matrix is its own transpose. */
  readonly symmetric: true;
  /** Whether every d_i >= 0 (NaN entries make it false). */
  readonly positiveSemidefinite: boolean;
  /** y <- A' x, the same as `apply`. */
  applyTranspose(x: Vector, y: Vector): void;
}

/**
 * The square operator diag(d). `d` is copied, so the tags stay true.
 *
 * @example
 * ```ts
 * import { diagonal } from '@hessian-free/linop';
 * const D = diagonal(Float64Array.from([1, 2, 3]));
 * const y = new Float64Array(3);
 * D.apply(Float64Array.from([1, 1, 1]), y); // y = [1, 2, 3]
 * D.positiveSemidefinite; // true: every entry is >= 0
 * ```
 */
export function diagonal(d: Vector): DiagonalOperator {
  checkFloatArray('diagonal: d', d);
  const copy = Float64Array.from(d);
  const n = copy.length;
  return makeOperator({
    name: 'diagonal',
    rows: n,
    cols: n,
    diagonal: copy,
    symmetric: true,
    positiveSemidefinite: copy.every((di) => di >= 0),
    apply: (x, y) => {
      for (let i = 0; i < n; i++) y[i] = copy[i] * x[i];
    },
  });
}
