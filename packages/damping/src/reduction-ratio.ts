/**
 * The reduction ratio of a step d (Martens 2010, section 4.1; Nocedal & Wright
 * eq. 4.4):
 *
 *     rho = (f(theta + d) - f(theta)) / (q(d) - q(0))
 *
 * the actual change of the objective over the change the quadratic model q
 * predicted. rho near 1: the model is trustworthy; small or negative: it is not.
 *
 * Conventions, chosen so that no input yields NaN or +Infinity (either would
 * let a damping rule relax after a bad step):
 * - a non-finite fOld, fNew or predictedChange gives -Infinity;
 * - f rose (fNew > fOld) gives -Infinity, whatever the model predicted: the
 *   step failed;
 * - otherwise, a prediction of no decrease (predictedChange >= 0) gives 0:
 *   the model's decrease cannot be compared with anything, so it earns no trust;
 *   so does an unchanged f (fNew === fOld, also for 0 and -0);
 * - otherwise rho = (fNew - fOld) / predictedChange, which is >= 0; a quotient
 *   that overflows (a subnormal prediction, say) is clamped to Number.MAX_VALUE.
 *
 * So rho is always -Infinity or a finite number >= 0 (never -0).
 *
 * @param fOld f(theta)
 * @param fNew f(theta + d)
 * @param predictedChange q(d) - q(0) (negative when the model predicts a decrease)
 *
 * @example
 * ```ts
 * import { reductionRatio } from '@hessian-free/damping';
 * // f went from 2.0 to 1.7 where the model predicted a change of -0.35.
 * const rho = reductionRatio(2.0, 1.7, -0.35); // 0.857...
 * reductionRatio(2.0, 2.1, -0.35); // -Infinity: f rose, the step failed
 * ```
 */
export function reductionRatio(fOld: number, fNew: number, predictedChange: number): number {
  if (!Number.isFinite(fOld) || !Number.isFinite(fNew) || !Number.isFinite(predictedChange)) return -Infinity;
  if (fNew > fOld) return -Infinity;
  if (predictedChange >= 0 || fNew === fOld) return 0; // fNew === fOld: -0 - 0 would give rho = -0
  return Math.min(Number.MAX_VALUE, (fOld - fNew) / -predictedChange);
}
