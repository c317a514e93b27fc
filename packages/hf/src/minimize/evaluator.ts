import type { EvaluationCounts, MinimizeCallbacks } from './types.js';

/**
 * The objective as the algorithms see it: counts every call, and turns a
 * non-finite value or gradient into f = +Infinity, so that a step into a
 * region where f is undefined is simply a bad step (N&W 3.1: backtrack).
 */
export class Evaluator {
  readonly counts: EvaluationCounts = { value: 0, gradient: 0, hessianVector: 0 };
  /**
   * Whether f returned -Infinity somewhere: it fell below every finite
   * number (overflowed), so it is unbounded below as far as floating point
   * can tell. The value is still handed on as +Infinity (a rejected point),
   * and the optimizer stops with status `unbounded`.
   */
  fellWithoutBound = false;

  /**
   * @param roundoff the relative precision in which f is computed (2^-52
   * for float64 callbacks, 2^-23 for a float32 TensorFlow.js function).
   */
  constructor(
    private readonly f: MinimizeCallbacks,
    private readonly roundoff: number,
  ) {}

  /** f(x), or +Infinity if it is not finite. */
  value(x: Float64Array): number {
    this.counts.value++;
    return this.finite(this.f.value(x));
  }

  /** Only when `combined`: writes the gradient into g and returns f(x); +Infinity if either is not finite. */
  valueAndGradient(x: Float64Array, g: Float64Array): number {
    this.counts.value++;
    this.counts.gradient++;
    const v = this.finite(this.f.valueAndGradient!(x, g));
    return allFinite(g) ? v : Infinity;
  }

  /** Writes the gradient into g; false if it is not finite. */
  gradient(x: Float64Array, g: Float64Array): boolean {
    this.counts.gradient++;
    this.f.gradient(x, g);
    return allFinite(g);
  }

  /**
   * How much two computed values of f near `f` can differ by rounding alone:
   * a few units of `roundoff` relative to f (decreases below this are noise).
   */
  noise(f: number): number {
    return 10 * this.roundoff * Math.abs(f);
  }

  /** Whether the user supplied a combined callback (then trial points get their gradient for free). */
  get combined(): boolean {
    return this.f.valueAndGradient !== undefined;
  }

  /** v itself if it is a finite number, else +Infinity; notes a -Infinity in `fellWithoutBound`. */
  private finite(v: number): number {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v === -Infinity) this.fellWithoutBound = true;
    return Infinity;
  }

  /** Writes H(x) v into out. */
  hessianVector(x: Float64Array, v: Float64Array, out: Float64Array): void {
    this.counts.hessianVector++;
    this.f.hessianVector(x, v, out);
  }
}


function allFinite(g: Float64Array): boolean {
  for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return false;
  return true;
}
