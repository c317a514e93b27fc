import { lanczos } from '@hessian-free/krylov';
import type { LinearOperator } from '@hessian-free/linop';

/** What `curvatureCheck` found: the extreme Ritz values of the Hessian, and whether f curves downward. */
export interface CurvatureFinding {
  /** The smallest Ritz value (a Rayleigh quotient v'Hv / v'v of the Hessian, so >= its lowest eigenvalue). */
  readonly smallest: number;
  /** The largest Ritz value. */
  readonly largest: number;
  /** Lanczos steps taken (Hessian-vector products). */
  readonly steps: number;
  /** smallest < -sqrt(roundoff) max(|smallest|, |largest|): negative beyond the rounding of the products. */
  readonly negative: boolean;
}

/**
 * Looks for negative curvature of the Hessian H at a point where the
 * gradient test passed: `steps` Lanczos steps (one Hessian-vector product
 * each) from a seeded random start (krylov's `lanczos`, seed 1, so the same
 * run gives the same answer). The smallest Ritz value is a Rayleigh
 * quotient of H, so a negative one proves a direction along which f curves
 * downward: the point is a saddle point or a maximum, not a minimum. It
 * counts as negative only below -sqrt(roundoff) times the largest Ritz
 * value in size, well beyond the rounding of the products (float32 ones for
 * a TensorFlow.js f). Lanczos finds the extreme eigenvalues first, so a
 * negative eigenvalue well separated from the rest shows in a few steps; one
 * buried in the spectrum may not, and a point whose Hessian is only
 * semidefinite (x^3 at 0) passes. Returns null when no step could be taken
 * (a non-finite product).
 */
export function curvatureCheck(H: LinearOperator, steps: number, roundoff: number): CurvatureFinding | null {
  const result = lanczos(H, steps, { seed: 1 });
  if (result.iterations === 0) return null;
  const { smallest, largest } = result;
  const scale = Math.max(Math.abs(smallest), Math.abs(largest));
  return { smallest, largest, steps: result.iterations, negative: smallest < -Math.sqrt(roundoff) * scale };
}
