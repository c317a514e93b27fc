import { checkDimension } from './checks.js';
import { makeOperator } from './operator.js';
import type { LinearOperator, Vector } from './types.js';

/** The n x n identity. */
export interface IdentityOperator extends LinearOperator {
  /** Always. */
  readonly symmetric: true;
  /** Always. */
  readonly positiveSemidefinite: true;
  /** y <- x, the same as `apply`. */
  applyTranspose(x: Vector, y: Vector): void;
}

/**
 * The n x n identity: apply copies x into y.
 *
 * @example
 * ```ts
 * import { identity } from '@hessian-free/linop';
 * const I = identity(3);
 * const y = new Float32Array(3);
 * I.apply(Float64Array.from([1, 2, 3]), y); // y = [1, 2, 3], converted to float32
 * ```
 */
export function identity(n: number): IdentityOperator {
  checkDimension('identity: n', n);
  return makeOperator({
    name: 'identity',
    rows: n,
    cols: n,
    symmetric: true,
    positiveSemidefinite: true,
    apply: (x, y) => y.set(x),
  });
}
