/** Armijo constant c, shrink factor and try limit of Martens' line search (2010, section 4.6). */
export const ARMIJO_C = 1e-2;
export const ARMIJO_SHRINK = 0.8;
export const ARMIJO_MAX_TRIES = 60;

export interface ArmijoResult {
  /** The accepted step length, or 0 when none of the tries was acceptable. */
  readonly alpha: number;
  /** f at the accepted point (f0 when rejected). */
  readonly value: number;
  readonly tries: number;
}

/**
 * Backtracking line search on f(alpha) = objective(theta + alpha p): the
 * largest alpha in {1, 0.8, 0.8^2, ...} (at most 60 tries) with
 * f(alpha) <= f0 + c alpha slope, slope = g'p < 0. `valueAtOne` spares the
 * first evaluation when it is already known (from CG backtracking).
 */
export function armijo(f0: number, slope: number, f: (alpha: number) => number, valueAtOne?: number): ArmijoResult {
  let alpha = 1;
  for (let tries = 1; tries <= ARMIJO_MAX_TRIES; tries++, alpha *= ARMIJO_SHRINK) {
    const value = tries === 1 && valueAtOne !== undefined ? valueAtOne : f(alpha);
    if (value <= f0 + ARMIJO_C * alpha * slope) return { alpha, value, tries };
  }
  return { alpha: 0, value: f0, tries: ARMIJO_MAX_TRIES };
}
