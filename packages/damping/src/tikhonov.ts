import type { LambdaSchedule, LambdaState } from './lambda-schedule.js';
import { checkKind, checkNonNegative, checkRecord } from './validate.js';

export interface TikhonovOptions {
  /** The fixed damping strength, finite and >= 0. */
  lambda: number;
}

export interface TikhonovState extends LambdaState {
  readonly kind: 'tikhonov';
}

/** Constant damping: lambda stays what it was set to, whatever rho says. */
export function tikhonov(options: TikhonovOptions): LambdaSchedule<TikhonovState> {
  const lambda = checkNonNegative('tikhonov', 'lambda', checkRecord('tikhonov', 'options', options).lambda);
  return {
    kind: 'tikhonov',
    initial: () => ({ kind: 'tikhonov', lambda }),
    update: (state) => ({ kind: 'tikhonov', lambda: state.lambda }),
    restore(json) {
      const state = checkRecord('tikhonov.restore', 'state', json);
      checkKind('tikhonov.restore', state, 'tikhonov');
      return { kind: 'tikhonov', lambda: checkNonNegative('tikhonov.restore', 'state.lambda', state.lambda) };
    },
  };
}
