import type { LambdaSchedule, LambdaState } from './lambda-schedule.js';
import { checkFinite, checkFraction, checkKind, checkKnownOptions, checkNonNegative, checkNumber, checkRecord } from './checks.js';

/** Options of `levenbergMarquardt`; the defaults are Martens' (2010). */
export interface LevenbergMarquardtOptions {
  /** lambda before the first step; default 1 (problem-dependent: Martens 2010 tunes it per task). */
  initialLambda?: number;
  /** rho below this (strictly) means the model was too trusted: boost; default 1/4. */
  low?: number;
  /** rho above this (strictly) means the model can be trusted more: drop; default 3/4. */
  high?: number;
  /** Factor applied when rho < low; > 1; default 3/2. */
  boost?: number;
  /** Factor applied when rho > high; in (0, 1); default 2/3. */
  drop?: number;
  /** Clamp of lambda from below; default 0. */
  minLambda?: number;
  /** Clamp of lambda from above; default 1e300 (finite, so states stay JSON). */
  maxLambda?: number;
}

/** Levenberg-Marquardt's state: its lambda. */
export interface LevenbergMarquardtState extends LambdaState {
  readonly kind: 'levenberg-marquardt';
}

/** The option names `levenbergMarquardt` knows; any other key is an error. */
const OPTIONS: readonly (keyof LevenbergMarquardtOptions)[] = ['initialLambda', 'low', 'high', 'boost', 'drop', 'minLambda', 'maxLambda'];

/**
 * Levenberg-Marquardt adaptation of lambda from the reduction ratio, with
 * Martens' (2010, section 4.1) constants as defaults:
 * rho < 1/4 -> lambda * 3/2; rho > 3/4 -> lambda * 2/3; otherwise unchanged;
 * then clamped to [minLambda, maxLambda]. Both comparisons are strict, so rho
 * exactly 1/4 or 3/4 leaves lambda alone. A NaN rho counts as a failed step
 * (boost); `reductionRatio` never returns one. An unknown option name, a
 * state that `restore` would refuse (another kind, a lambda that is NaN or
 * outside [minLambda, maxLambda]) and a rho that is not a number are errors
 * that name the argument.
 *
 * @example
 * ```ts
 * import { levenbergMarquardt, reductionRatio } from '@hessian-free/damping';
 * const lm = levenbergMarquardt({ initialLambda: 10 });
 * let state = lm.initial(); // { kind: 'levenberg-marquardt', lambda: 10 }
 * state = lm.update(state, reductionRatio(2.0, 1.7, -0.35)); // rho 0.857 > 3/4: lambda 10 * 2/3
 * state = lm.restore(JSON.parse(JSON.stringify(state))); // a saved state, checked
 * ```
 */
export function levenbergMarquardt(options: LevenbergMarquardtOptions = {}): LambdaSchedule<LevenbergMarquardtState> {
  const where = 'levenbergMarquardt';
  checkRecord(`${where}: options`, options);
  checkKnownOptions(where, options, OPTIONS);
  const low = options.low ?? 0.25;
  const high = options.high ?? 0.75;
  const boost = options.boost ?? 1.5;
  const drop = options.drop ?? 2 / 3;
  const minLambda = options.minLambda ?? 0;
  const maxLambda = options.maxLambda ?? 1e300;
  const initialLambda = options.initialLambda ?? 1;
  checkFinite(`${where}: low`, low);
  checkFinite(`${where}: high`, high);
  if (!(low >= 0 && low < high && high <= 1)) {
    throw new RangeError(`${where}: low and high must satisfy 0 <= low < high <= 1, got low = ${low}, high = ${high}`);
  }
  checkFinite(`${where}: boost`, boost);
  if (!(boost > 1)) throw new RangeError(`${where}: boost must be > 1, got ${boost}`);
  checkFraction(`${where}: drop`, drop);
  checkNonNegative(`${where}: minLambda`, minLambda);
  checkNonNegative(`${where}: maxLambda`, maxLambda);
  if (minLambda > maxLambda) {
    throw new RangeError(`${where}: minLambda must be <= maxLambda, got ${minLambda} > ${maxLambda}`);
  }
  checkNonNegative(`${where}: initialLambda`, initialLambda);
  if (initialLambda < minLambda || initialLambda > maxLambda) {
    throw new RangeError(`${where}: initialLambda must lie in [minLambda, maxLambda] = [${minLambda}, ${maxLambda}], got ${initialLambda}`);
  }
  const clamp = (lambda: number) => Math.min(maxLambda, Math.max(minLambda, lambda));
  const state = (lambda: number): LevenbergMarquardtState => ({ kind: 'levenberg-marquardt', lambda });
  /** The lambda of a state this schedule could have made, or a named error. */
  const checkedLambda = (name: string, json: unknown): number => {
    checkRecord(`${name}: state`, json);
    checkKind(`${name}: state.kind`, json.kind, 'levenberg-marquardt');
    const { lambda } = json;
    checkNonNegative(`${name}: state.lambda`, lambda);
    if (lambda < minLambda || lambda > maxLambda) {
      throw new RangeError(`${name}: state.lambda must lie in [minLambda, maxLambda] = [${minLambda}, ${maxLambda}], got ${lambda}`);
    }
    return lambda;
  };

  return {
    kind: 'levenberg-marquardt',
    initial: () => state(initialLambda),
    update(current, rho) {
      const lambda = checkedLambda(`${where}.update`, current);
      checkNumber(`${where}.update: rho`, rho);
      if (rho > high) return state(clamp(lambda * drop));
      if (rho >= low) return state(lambda);
      return state(clamp(lambda * boost)); // rho < low, -Infinity or NaN
    },
    restore: (json) => state(checkedLambda(`${where}.restore`, json)),
  };
}
