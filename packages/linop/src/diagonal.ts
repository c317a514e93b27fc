import type { LinearOperator, Vector } from './types.js';
import { checkFloatArray, checkNoAlias, checkVector } from './validate.js';

/** diag(d), symmetric, and positive semidefinite when every d_i >= 0. */
export interface DiagonalOperator extends LinearOperator {
  /** A float64 copy of the diagonal taken at construction. */
  readonly diagonal: Float64Array;
  readonly symmetric: true;
  readonly positiveSemidefinite: boolean;
  applyTranspose(x: Vector, y: Vector): void;
}

/** The square operator diag(d). `d` is copied, so the tags stay true. */
export function diagonal(d: Vector): DiagonalOperator {
  checkFloatArray('diagonal: d', d);
  const copy = Float64Array.from(d);
  let nonnegative = true;
  for (let i = 0; i < copy.length; i++) if (!(copy[i] >= 0)) nonnegative = false;
  return new Diagonal(copy, nonnegative);
}

class Diagonal implements DiagonalOperator {
  readonly rows: number;
  readonly cols: number;
  readonly symmetric = true as const;

  constructor(
    readonly diagonal: Float64Array,
    readonly positiveSemidefinite: boolean,
  ) {
    this.rows = diagonal.length;
    this.cols = diagonal.length;
  }

  apply(x: Vector, y: Vector): void {
    const n = this.rows;
    const d = this.diagonal;
    checkVector('diagonal.apply: x', x, n);
    checkVector('diagonal.apply: y', y, n);
    checkNoAlias('diagonal.apply: x', x, 'diagonal.apply: y', y);
    for (let i = 0; i < n; i++) y[i] = d[i] * x[i];
  }

  applyTranspose(x: Vector, y: Vector): void {
    this.apply(x, y);
  }
}
