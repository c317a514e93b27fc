import { armijoRule } from '@hessian-free/damping';

/**
 * Martens' line search (2010, section 4.6 and his code): Armijo's rule with
 * c = 1e-2, alpha shrunk by 0.8, at most 60 tries, and a strict decrease
 * (f(alpha) < f0, which the bound alone stops guaranteeing in float32 once
 * c alpha slope rounds away against f0).
 */
const MARTENS_ARMIJO = armijoRule({ c: 1e-2, shrink: 0.8, maxTries: 60, strictDecrease: true });

/** What Martens' line search found. */
export interface ArmijoResult {
  /** The accepted step length, or 0 when none of the tries was acceptable. */
  readonly alpha: number;
  /** f at the accepted point (f0 when rejected). */
  readonly value: number;
  /** Objective evaluations made (the known value at alpha = 1 counts as one). */
  readonly tries: number;
}

/**
 * Backtracking line search on f(alpha) = objective(theta + alpha p) with
 * Martens' constants: the largest alpha in {1, 0.8, 0.8^2, ...} (at most 60
 * tries) with f(alpha) <= f0 + c alpha slope, where slope = g'p < 0, and
 * f(alpha) < f0. A NaN value fails the test. `valueAtOne` spares the first
 * evaluation when it is known (from CG backtracking).
 */
export function armijo(f0: number, slope: number, f: (alpha: number) => number, valueAtOne?: number): ArmijoResult {
  let alpha = 1;
  for (let tries = 1; ; tries++) {
    const value = tries === 1 && valueAtOne !== undefined ? valueAtOne : f(alpha);
    const decision = MARTENS_ARMIJO.decide({ f0, slope, step: alpha, value, tries });
    if (decision.kind === 'accept') return { alpha, value, tries };
    if (decision.kind === 'give-up') return { alpha: 0, value: f0, tries };
    alpha = decision.step;
  }
}
