// The addition problem (Hochreiter & Schmidhuber 1997, experiment 4; Martens
// & Sutskever 2011, section 5): values uniform in [0, 1), two of them
// marked (marked-pair.ts); the target at the last step is their sum. Solved
// when the mean absolute error on held-out sequences is below 0.04 (the
// per-sequence tolerance of Hochreiter & Schmidhuber, applied to the mean as
// issue 13 asks).
import { MARKED_PAIR_MIN_LENGTH, markedPairWriter } from './marked-pair.js';
import { meanAbsoluteError, type SequenceTask } from './task.js';

/** Mean absolute error below which the problem counts as solved. */
export const ADDITION_SUCCESS_MAE = 0.04;

/** The addition problem. */
export const ADDITION: SequenceTask = {
  name: 'rnn-addition',
  title: 'addition problem',
  summary: 'RNN on the addition problem: the sum of two marked values (Martens & Sutskever 2011)',
  source: 'Hochreiter & Schmidhuber (1997), experiment 4; Martens & Sutskever (2011), section 5',
  channels: 2,
  readoutSteps: 1,
  head: 'linear',
  loss: 'squared error of the sum, averaged over sequences',
  lossLevels: [0.1, 0.01, 0.001],
  minLength: MARKED_PAIR_MIN_LENGTH,
  // The sum of the float32 values the network sees, rounded once (to float32) when stored.
  write: markedPairWriter((rng) => rng.uniform(), (a, b) => a + b),
  success: {
    name: 'mean absolute error',
    threshold: ADDITION_SUCCESS_MAE,
    source: 'an absolute error below 0.04 (Hochreiter & Schmidhuber 1997), on the mean over held-out sequences (issue 13)',
    statistic: meanAbsoluteError,
  },
};
