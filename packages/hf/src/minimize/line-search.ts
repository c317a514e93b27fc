import { armijoRule } from '@hessian-free/damping';
import type { Evaluator } from './evaluator.js';

/**
 * Nocedal & Wright's Armijo constants (Algorithm 3.1, c = 1e-4 as in their
 * section 3.1, halving the step), and 60 halvings at most: 2^-60 ~ 1e-18,
 * below which a Newton step has no information left.
 */
const NEWTON_ARMIJO = armijoRule({ c: 1e-4, shrink: 0.5, maxTries: 61 });

/** The accepted step length t and f there; null when no acceptable point was found. */
export type LineSearchResult = { readonly step: number; readonly value: number } | null;

/**
 * Backtracking line search (Nocedal & Wright, Algorithm 3.1): from t = 1,
 * halve t until f(x + t d) <= f(x) + c t g'd + noise, where noise is the
 * rounding error of f (the relaxed Armijo condition of Berahas, Byrd &
 * Nocedal 2019; it matters only once the decrease sinks below that error, as
 * it does near a minimizer when f is computed in float32). A point where f or
 * its gradient is not finite counts as f = +Infinity and is backtracked from.
 * On success `trial` and `gTrial` hold the new point and the gradient there;
 * the search fails when x + t d no longer differs from x.
 *
 * `slope` = g'd must be negative (d a descent direction).
 */
export function backtrack(
  ev: Evaluator,
  x: Float64Array,
  f: number,
  d: Float64Array,
  slope: number,
  trial: Float64Array,
  gTrial: Float64Array,
): LineSearchResult {
  const tolerance = ev.noise(f);
  let t = 1;
  for (let tries = 1; ; tries++) {
    let moved = false;
    for (let i = 0; i < x.length; i++) {
      trial[i] = x[i] + t * d[i];
      if (trial[i] !== x[i]) moved = true;
    }
    if (!moved) return null;
    // With a combined callback the gradient comes with the value, so take it.
    const ft = ev.combined ? ev.valueAndGradient(trial, gTrial) : ev.value(trial);
    let decision = NEWTON_ARMIJO.decide({ f0: f, slope, step: t, value: ft, tries, tolerance });
    if (decision.kind === 'accept' && !ev.combined && !ev.gradient(trial, gTrial)) {
      decision = NEWTON_ARMIJO.decide({ f0: f, slope, step: t, value: Infinity, tries, tolerance });
    }
    if (decision.kind === 'accept') return { step: t, value: ft };
    if (decision.kind === 'give-up') return null;
    t = decision.step;
  }
}
