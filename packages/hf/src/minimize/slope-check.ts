/**
 * Whether f's change along a ray x + t u agrees with the slope the gradient
 * gives, g'u: the check behind `line_search_failed` for derivatives that do
 * not match f.
 *
 * A line search (or a trust region shrinking along -g) tries shorter and
 * shorter steps t from the same x and sees D(t) = f(x + t u) - f(x) =
 * s t + b t^2 + O(t^3), where s is f's true slope along u. Two tries t1 < t2
 * eliminate the t^2 term (Richardson extrapolation to t -> 0):
 *
 *     s ~ (t2^2 D(t1) - t1^2 D(t2)) / (t1 t2 (t2 - t1))
 *
 * Each D is known to within f's rounding error e, so the estimate is good to
 * e (t1^2 + t2^2) / (t1 t2 (t2 - t1)); it is used only when that is at most
 * a tenth of |g'u|, and only once two successive estimates (from three
 * tries) agree to a tenth of |g'u|, which rules out a large O(t^3) term.
 * Such an estimate above g'u / 2 (f falls at less than half the rate the
 * gradient says, or rises) means the gradient does not match f: u is not the
 * descent direction the gradient makes it. With matching derivatives the
 * estimate is g'u to within those tenths, so a correct gradient is never
 * called wrong; when the tries are too noisy to tell, nothing is concluded.
 */
export class SlopeCheck {
  private readonly tries: { t: number; change: number }[] = [];
  private previous = NaN;
  /** The last reliable estimate of f's slope along u (NaN before there is one). */
  estimate = NaN;

  /**
   * @param slope the gradient's slope along u, g'u (negative)
   * @param noise the rounding error of f (see `Evaluator.noise`)
   */
  constructor(
    readonly slope: number,
    private readonly noise: number,
  ) {}

  /**
   * Records a try, f(x + t u) - f(x) = change (t decreasing from try to try),
   * and returns true once f's slope along u is known to disagree with g'u.
   */
  add(t: number, change: number): boolean {
    if (!Number.isFinite(change)) {
      // f is not defined there: start again from the tries that follow.
      this.tries.length = 0;
      this.previous = NaN;
      return false;
    }
    const last = this.tries.at(-1);
    this.tries.push({ t, change });
    if (last === undefined || !(t < last.t)) return false;
    const t1 = t;
    const t2 = last.t;
    const error = (this.noise * (t1 * t1 + t2 * t2)) / (t1 * t2 * (t2 - t1));
    const size = Math.abs(this.slope);
    if (!(error <= 0.1 * size)) {
      this.previous = NaN;
      return false;
    }
    const estimate = (t2 * t2 * change - t1 * t1 * last.change) / (t1 * t2 * (t2 - t1));
    const agreed = Math.abs(estimate - this.previous) <= 0.1 * size;
    this.previous = estimate;
    if (!agreed) return false;
    this.estimate = estimate;
    return estimate > this.slope / 2;
  }
}
