import { reductionRatio } from '@hessian-free/damping';

/**
 * The reduction ratio rho = (f(x) - f(x + s)) / (m(0) - m(s)) of a trust-region
 * step (damping's `reductionRatio`), except when both reductions are within
 * the rounding error of f: their quotient is then noise, and the step counts
 * as good as the model says, rho = 1 (Conn, Gould & Toint 2000, section
 * 17.4.2). Without this a float32 f could not converge once its decrease
 * sinks below its rounding. A trial value above `fBest + noise` (fBest the
 * lowest f so far) gets no such allowance, so that noise-sized rises cannot
 * add up to a climb.
 *
 * @param predicted m(0) - m(s) >= 0
 * @param noise the rounding error of f (see `Evaluator.noise`)
 */
export function trustRatio(f: number, fTrial: number, predicted: number, noise: number, fBest = f): number {
  if (Math.abs(f - fTrial) <= noise && Math.abs(predicted) <= noise && fTrial <= fBest + noise) return 1;
  return reductionRatio(f, fTrial, -predicted);
}
