import type { LinearOperator, Vector } from './types.js';

/** Internal helpers shared by the operator factories and the combinators. */

export type Product = (x: Vector, y: Vector) => void;

/**
 * Assembles an operator from its parts. A symmetric operator is its own
 * transpose, so it gets `applyTranspose = apply` when none is given; an
 * operator without a transpose has no `applyTranspose` key at all.
 */
export function makeOperator(
  rows: number,
  cols: number,
  symmetric: boolean,
  positiveSemidefinite: boolean,
  apply: Product,
  applyTranspose: Product | undefined,
): LinearOperator {
  const transposed = applyTranspose ?? (symmetric ? apply : undefined);
  if (transposed === undefined) return { rows, cols, symmetric, positiveSemidefinite, apply };
  return { rows, cols, symmetric, positiveSemidefinite, apply, applyTranspose: transposed };
}

/** Whether A' x can be computed: A knows its transpose, or A = A'. */
export function hasTranspose(A: LinearOperator): boolean {
  return A.applyTranspose !== undefined || A.symmetric === true;
}

/** y <- A' x; only call when `hasTranspose(A)`. */
export function applyTransposeOf(A: LinearOperator, x: Vector, y: Vector): void {
  if (A.applyTranspose !== undefined) A.applyTranspose(x, y);
  else A.apply(x, y);
}

/** "3x4", for error messages. */
export function shapeOf(A: LinearOperator): string {
  return `${A.rows}x${A.cols}`;
}
