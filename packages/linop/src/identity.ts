import type { LinearOperator, Vector } from './types.js';
import { checkDimension, checkNoAlias, checkVector } from './validate.js';

/** The n x n identity. */
export interface IdentityOperator extends LinearOperator {
  readonly symmetric: true;
  readonly positiveSemidefinite: true;
  applyTranspose(x: Vector, y: Vector): void;
}

/** The n x n identity: apply copies x into y. */
export function identity(n: number): IdentityOperator {
  checkDimension('identity: n', n);
  return new Identity(n);
}

class Identity implements IdentityOperator {
  readonly cols: number;
  readonly symmetric = true as const;
  readonly positiveSemidefinite = true as const;

  constructor(readonly rows: number) {
    this.cols = rows;
  }

  apply(x: Vector, y: Vector): void {
    checkVector('identity.apply: x', x, this.cols);
    checkVector('identity.apply: y', y, this.rows);
    checkNoAlias('identity.apply: x', x, 'identity.apply: y', y);
    y.set(x);
  }

  applyTranspose(x: Vector, y: Vector): void {
    this.apply(x, y);
  }
}
