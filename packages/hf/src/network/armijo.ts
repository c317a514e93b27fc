/** Armijo constant c, shrink factor and try limit of Martens' line search (2010, section 4.6 and his code). */
export const ARMIJO_C = 1e-2;
export const ARMIJO_SHRINK = 0.8;
export const ARMIJO_MAX_TRIES = 60;

export interface ArmijoResult {
  /** The accepted step length, or 0 when none of the tries was acceptable. */
  readonly alpha: number;
  /** f at the accepted point (f0 when rejected). */
  readonly value: number;
  /** Objective evaluations made (the known value at alpha = 1 counts as one). */
  readonly tries: number;
}

/**
 * Backtracking line search on f(alpha) = objective(theta + alpha p): the
 * largest alpha in {1, 0.8, 0.8^2, ...} (at most 60 tries) with
 * f(alpha) <= f0 + c alpha slope, where slope = g'p < 0, and f(alpha) < f0
 * (strict decrease, which the bound alone stops guaranteeing once c alpha
 * slope rounds away against f0). A NaN value fails the test. `valueAtOne`
 * spares the first evaluation when it is known (from CG backtracking).
 */
export function armijo(f0: number, slope: number, f: (alpha: number) => number, valueAtOne?: number): ArmijoResult {
  let alpha = 1;
  for (let tries = 1; tries <= ARMIJO_MAX_TRIES; tries++, alpha *= ARMIJO_SHRINK) {
    const value = tries === 1 && valueAtOne !== undefined ? valueAtOne : f(alpha);
    // value < f0 as well: when c alpha slope is below half an ulp of f0 the
    // Armijo bound rounds to f0 itself, and an unchanged f (typically an
    // unchanged float32 theta) would pass as a decrease.
    if (value <= f0 + ARMIJO_C * alpha * slope && value < f0) return { alpha, value, tries };
  }
  return { alpha: 0, value: f0, tries: ARMIJO_MAX_TRIES };
}
