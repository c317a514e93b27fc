import { checkBoolean, checkFraction, checkKnownOptions, checkPositiveInteger, checkRecord } from './checks.js';

/** The constants of a backtracking line search with Armijo's sufficient-decrease rule. */
export interface ArmijoOptions {
  /** Sufficient-decrease constant c, in (0, 1): Nocedal & Wright suggest 1e-4, Martens (2010) uses 1e-2. */
  readonly c: number;
  /** Factor in (0, 1) that shortens a rejected step, t <- shrink t: 0.5 in Nocedal & Wright, 0.8 in Martens' code. */
  readonly shrink: number;
  /** Evaluations of f (tries) before the search gives up, an integer >= 1. */
  readonly maxTries: number;
  /**
   * Also demand f(t) < f0 (default false). Once c t slope falls below half
   * an ulp of f0, the bound f0 + c t slope rounds to f0 itself, and an
   * unchanged f (say, float32 parameters that did not move) would pass as a
   * decrease; this rules that out.
   */
  readonly strictDecrease?: boolean;
}

/** One evaluated try of the search along x + t d. */
export interface ArmijoTrial {
  /** f(x), where the search starts. */
  readonly f0: number;
  /** The directional derivative g'd at x, negative for a descent direction d. */
  readonly slope: number;
  /** The step length t tried (the first try is t = 1, later ones come from `decide`). */
  readonly step: number;
  /** f(x + t d); NaN, or anything failing the test, rejects the try. */
  readonly value: number;
  /** Tries made so far, this one included (1 for the first). */
  readonly tries: number;
  /**
   * The rounding error of f, added to f0 in the bound (default 0): the
   * relaxed Armijo rule of Berahas, Byrd & Nocedal (2019), which matters only
   * once the decrease sinks below that error, as it does near a minimizer
   * when f is computed in float32.
   */
  readonly tolerance?: number;
}

/** What to do after a try: keep its step, try the shorter `step`, or give up (every try failed). */
export type ArmijoDecision =
  | { readonly kind: 'accept' }
  | { readonly kind: 'shorten'; readonly step: number }
  | { readonly kind: 'give-up' };

/** A checked set of Armijo constants and the decision it makes after each try. */
export interface ArmijoRule {
  /** The sufficient-decrease constant. */
  readonly c: number;
  /** The factor that shortens a rejected step. */
  readonly shrink: number;
  /** Tries before giving up. */
  readonly maxTries: number;
  /** Whether f must also drop strictly below f0. */
  readonly strictDecrease: boolean;
  /**
   * Accept when f(x + t d) <= (f0 + tolerance) + c t slope (and, with
   * `strictDecrease`, f(x + t d) < f0); otherwise shorten to shrink t, or
   * give up after `maxTries` tries. Pure, and it does no checks: it runs
   * inside the caller's loop, and every input (NaN too) has a defined answer.
   */
  decide(trial: ArmijoTrial): ArmijoDecision;
}

/**
 * Backtracking line search with Armijo's sufficient-decrease rule (Nocedal &
 * Wright, Algorithm 3.1): from t = 1, shorten t by `shrink` until
 * f(x + t d) <= f(x) + c t g'd. This is the decision alone, so that the
 * caller owns the loop and the evaluations of f (synchronous or not, in any
 * precision): evaluate f at the step, ask `decide`, and go on as it says.
 * The constants are the caller's; there are no defaults, because the two
 * standard choices differ (Nocedal & Wright: c = 1e-4, shrink 1/2; Martens
 * 2010: c = 1e-2, shrink 0.8). An unknown option name is an error.
 *
 * @example
 * ```ts
 * import { armijoRule } from '@hessian-free/damping';
 * // Minimize f(t) = (t - 0.3)^2 along slope -0.6 from f0 = 0.09.
 * const rule = armijoRule({ c: 1e-2, shrink: 0.8, maxTries: 60 });
 * const f = (t: number) => (t - 0.3) ** 2;
 * let step = 1;
 * for (let tries = 1; ; tries++) {
 *   const decision = rule.decide({ f0: 0.09, slope: -0.6, step, value: f(step), tries });
 *   if (decision.kind !== 'shorten') break; // 'accept': take step; 'give-up': stay
 *   step = decision.step;
 * }
 * // step is 0.8^3 = 0.512, the first length in 1, 0.8, 0.64, ... that decreases f enough.
 * ```
 */
export function armijoRule(options: ArmijoOptions): ArmijoRule {
  const where = 'armijoRule';
  checkRecord(`${where}: options`, options);
  checkKnownOptions(where, options, ['c', 'shrink', 'maxTries', 'strictDecrease']);
  const { c, shrink, maxTries } = options;
  const strictDecrease = options.strictDecrease ?? false;
  checkFraction(`${where}: c`, c);
  checkFraction(`${where}: shrink`, shrink);
  checkPositiveInteger(`${where}: maxTries`, maxTries);
  checkBoolean(`${where}: strictDecrease`, strictDecrease);
  const accept: ArmijoDecision = { kind: 'accept' };
  const giveUp: ArmijoDecision = { kind: 'give-up' };
  return {
    c,
    shrink,
    maxTries,
    strictDecrease,
    decide({ f0, slope, step, value, tries, tolerance = 0 }) {
      // A NaN anywhere fails the comparison: the try is rejected.
      if (value <= f0 + tolerance + c * step * slope && (!strictDecrease || value < f0)) return accept;
      return tries >= maxTries ? giveUp : { kind: 'shorten', step: step * shrink };
    },
  };
}
