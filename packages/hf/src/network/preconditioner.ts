import { diagonal, type LinearOperator } from '@hessian-free/linop';

/** Martens' (2010, section 4.7) exponent xi. */
export const PRECONDITIONER_EXPONENT = 0.75;

/**
 * M^{-1} for CG with Martens' preconditioner M = (diag(F) + (lambda + l2) I)^xi:
 * a diagonal operator applying 1 / (d_j + shift)^xi, where d is the diagonal of
 * the empirical Fisher and shift the damping added to the curvature.
 */
export function martensPreconditioner(fisherDiagonal: Float32Array, shift: number): LinearOperator {
  const inverse = new Float32Array(fisherDiagonal.length);
  for (let j = 0; j < inverse.length; j++) {
    inverse[j] = 1 / (fisherDiagonal[j] + shift) ** PRECONDITIONER_EXPONENT;
  }
  return diagonal(inverse);
}
