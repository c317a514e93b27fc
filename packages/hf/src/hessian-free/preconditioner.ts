import { diagonal, type LinearOperator } from '@hessian-free/linop';

/** Martens' (2010, section 4.7) exponent xi. */
const PRECONDITIONER_EXPONENT = 0.75;

/** Floor of d_j + shift, so that M^{-1} stays finite in float32 where both are 0. */
const FLOOR = 1e-30;

/**
 * CG's `M` (which approximates the inverse of the system matrix) for
 * Martens' preconditioner P = (diag(F) + shift I)^xi: the diagonal operator
 * 1 / (d_j + shift)^xi, with d the diagonal of the empirical Fisher and
 * shift the damping added to the curvature (lambda + l2).
 */
export function martensPreconditioner(fisherDiagonal: Float32Array, shift: number): LinearOperator {
  const inverse = new Float32Array(fisherDiagonal.length);
  for (let j = 0; j < inverse.length; j++) {
    inverse[j] = 1 / Math.max(fisherDiagonal[j] + shift, FLOOR) ** PRECONDITIONER_EXPONENT;
  }
  return diagonal(inverse);
}
