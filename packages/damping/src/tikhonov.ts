import type { LambdaSchedule, LambdaState } from './lambda-schedule.js';
import { checkKind, checkNonNegative, checkRecord } from './checks.js';

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
  const { lambda } = options;
  checkNonNegative('tikhonov: lambda', lambda);
  return {
    kind: 'tikhonov',
    initial: () => ({ kind: 'tikhonov', lambda }),
    update: (state) => ({ kind: 'tikhonov', lambda: state.lambda }),
    restore(json) {
      checkRecord('tikhonov.restore: state', json);
      checkKind('tikhonov.restore: state.kind', json.kind, 'tikhonov');
      checkNonNegative('tikhonov.restore: state.lambda', json.lambda);
      return { kind: 'tikhonov', lambda: json.lambda };
    },
  };
}
