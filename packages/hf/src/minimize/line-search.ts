import { armijoRule } from '@hessian-free/damping';
import type { Evaluator } from './evaluator.js';
import { SlopeCheck } from './slope-check.js';

/**
 * Nocedal & Wright's Armijo constants (Algorithm 3.1, c = 1e-4 as in their
 * section 3.1, halving the step), and 60 halvings at most: 2^-60 ~ 1e-18,
 * below which a Newton step has no information left.
 */
const NEWTON_ARMIJO = armijoRule({ c: 1e-4, shrink: 0.5, maxTries: 61 });

/**
 * The line search's outcome: the accepted step length t and f there, or why
 * no step was found: `resolution` (x + t d no longer differs from x, or the
 * tries ran out) or `mismatch` (the changes of f at the rejected tries show
 * that d is not the descent direction the gradient makes it: the derivatives
 * do not match f; `slope` is f's slope along d as they show it).
 */
export type LineSearchResult =
  | { readonly kind: 'accepted'; readonly step: number; readonly value: number }
  | { readonly kind: 'resolution' }
  | { readonly kind: 'mismatch'; readonly step: number; readonly slope: number };

/**
 * Backtracking line search (Nocedal & Wright, Algorithm 3.1): from t = 1,
 * halve t until f(x + t d) <= f(x) + c t g'd + noise, where noise is the
 * rounding error of f (the relaxed Armijo condition of Berahas, Byrd &
 * Nocedal 2019; it matters only once the decrease sinks below that error, as
 * it does near a minimizer when f is computed in float32). A point where f or
 * its gradient is not finite counts as f = +Infinity and is backtracked from.
 * On success `trial` and `gTrial` hold the new point and the gradient there.
 *
 * The search fails (`resolution`) when x + t d no longer differs from x, and
 * (`mismatch`) as soon as the changes of f at the rejected tries, extrapolated
 * to t -> 0, give f a slope along d above g'd / 2 (`SlopeCheck`): d is then
 * not the descent direction the gradient says, and shortening the step
 * further would only end in a noise-sized step that the relaxed condition
 * lets through although f rises.
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
  const check = new SlopeCheck(slope, tolerance);
  let t = 1;
  for (let tries = 1; ; tries++) {
    let moved = false;
    for (let i = 0; i < x.length; i++) {
      trial[i] = x[i] + t * d[i];
      if (trial[i] !== x[i]) moved = true;
    }
    if (!moved) return { kind: 'resolution' };
    // With a combined callback the gradient comes with the value, so take it.
    const ft = ev.combined ? ev.valueAndGradient(trial, gTrial) : ev.value(trial);
    let decision = NEWTON_ARMIJO.decide({ f0: f, slope, step: t, value: ft, tries, tolerance });
    if (decision.kind === 'accept' && !ev.combined && !ev.gradient(trial, gTrial)) {
      decision = NEWTON_ARMIJO.decide({ f0: f, slope, step: t, value: Infinity, tries, tolerance });
    }
    if (decision.kind === 'accept') return { kind: 'accepted', step: t, value: ft };
    if (check.add(t, ft - f)) return { kind: 'mismatch', step: t, slope: check.estimate };
    if (decision.kind === 'give-up') return { kind: 'resolution' };
    t = decision.step;
  }
}
