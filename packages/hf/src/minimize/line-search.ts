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

/** Doublings of the step at most in `forwardTrack` (2^60 ~ 1e18: f is then as good as unbounded along d). */
const MAX_DOUBLINGS = 60;

/**
 * Forward tracking along a direction of non-positive curvature, as Newton-MR
 * does (Liu & Roosta 2023, its line search for "NPC" directions): f may
 * keep falling far beyond t = 1 along such a direction, where the quadratic
 * model is unbounded below, so once `backtrack` accepted the full step,
 * t doubles while f(x + 2t d) <= f(x) + c 2t g'd (the same Armijo rule,
 * without the rounding allowance) and f(x + 2t d) < f(x + t d); at most 60
 * doublings. `trial` and `gTrial` come in holding the accepted point at step
 * `step` (where f is `value`) and leave holding the point of the returned
 * step; `scratch` and `gScratch` are work space of the same length. Without a combined
 * callback only the returned point's gradient is computed (a non-finite one
 * falls back to the next shorter accepted step).
 */
export function forwardTrack(
  ev: Evaluator,
  x: Float64Array,
  f: number,
  d: Float64Array,
  slope: number,
  accepted: { readonly step: number; readonly value: number },
  trial: Float64Array,
  gTrial: Float64Array,
  scratch: Float64Array,
  gScratch: Float64Array,
): { readonly step: number; readonly value: number } {
  const longer: { step: number; value: number }[] = [];
  let best = accepted;
  for (let k = 0; k < MAX_DOUBLINGS; k++) {
    const t = 2 * best.step;
    for (let i = 0; i < x.length; i++) scratch[i] = x[i] + t * d[i];
    const value = ev.combined ? ev.valueAndGradient(scratch, gScratch) : ev.value(scratch);
    const armijo = NEWTON_ARMIJO.decide({ f0: f, slope, step: t, value, tries: 1 });
    if (!(value < best.value) || armijo.kind !== 'accept') break;
    best = { step: t, value };
    if (ev.combined) {
      trial.set(scratch);
      gTrial.set(gScratch);
    } else longer.push(best);
  }
  if (ev.combined) return best;
  // Callbacks without valueAndGradient: the gradient of the longest accepted step only.
  for (let k = longer.length - 1; k >= 0; k--) {
    const { step } = longer[k];
    for (let i = 0; i < x.length; i++) scratch[i] = x[i] + step * d[i];
    if (ev.gradient(scratch, gTrial)) {
      trial.set(scratch);
      return longer[k];
    }
  }
  // Every longer step had a non-finite gradient: the accepted one, whose gradient gTrial held.
  if (longer.length > 0) {
    for (let i = 0; i < x.length; i++) trial[i] = x[i] + accepted.step * d[i];
    ev.gradient(trial, gTrial);
  }
  return accepted;
}
