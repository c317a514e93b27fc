import type { LambdaSchedule, LambdaState } from './lambda-schedule.js';
import { checkKind, checkKnownOptions, checkNonNegative, checkNumber, checkRecord } from './checks.js';

/** Options of `tikhonov`. */
export interface TikhonovOptions {
  /** The fixed damping strength, finite and >= 0. */
  lambda: number;
}

/** Tikhonov's state: its constant lambda. */
export interface TikhonovState extends LambdaState {
  readonly kind: 'tikhonov';
}

/**
 * Constant damping: lambda stays what it was set to, whatever rho says.
 * `update` and `restore` accept only a state with that very lambda (another
 * one could not have come from this schedule); an unknown option name, a
 * state of another kind and a rho that is not a number are errors that name
 * the argument.
 *
 * @example
 * ```ts
 * import { tikhonov } from '@hessian-free/damping';
 * const t = tikhonov({ lambda: 0.1 });
 * const state = t.update(t.initial(), -Infinity); // still { kind: 'tikhonov', lambda: 0.1 }
 * ```
 */
export function tikhonov(options: TikhonovOptions): LambdaSchedule<TikhonovState> {
  checkRecord('tikhonov: options', options);
  checkKnownOptions('tikhonov', options, ['lambda']);
  const { lambda } = options;
  checkNonNegative('tikhonov: lambda', lambda);
  /** A state this schedule could have made (its kind, its lambda), or a named error. */
  const check = (name: string, json: unknown): void => {
    checkRecord(`${name}: state`, json);
    checkKind(`${name}: state.kind`, json.kind, 'tikhonov');
    checkNonNegative(`${name}: state.lambda`, json.lambda);
    if (json.lambda !== lambda) throw new RangeError(`${name}: state.lambda must be the schedule's lambda ${lambda}, got ${json.lambda}`);
  };
  const state = (): TikhonovState => ({ kind: 'tikhonov', lambda });
  return {
    kind: 'tikhonov',
    initial: state,
    update(current, rho) {
      check('tikhonov.update', current);
      checkNumber('tikhonov.update: rho', rho);
      return state();
    },
    restore(json) {
      check('tikhonov.restore', json);
      return state();
    },
  };
}
