// The multiplication problem (Hochreiter & Schmidhuber 1997, experiment 5;
// Martens & Sutskever 2011, section 5): the addition problem's sequences
// (values uniform in [0, 1), two marked, marked-pair.ts), with the product of
// the marked values as the target. Solved like addition: mean absolute error
// on held-out sequences below 0.04.
import { MARKED_PAIR_MIN_LENGTH, markedPairWriter } from './marked-pair.js';
import { meanAbsoluteError, type SequenceTask } from './task.js';

/** The multiplication problem. */
export const MULTIPLICATION: SequenceTask = {
  name: 'rnn-multiplication',
  title: 'multiplication problem',
  summary: 'RNN on the multiplication problem: the product of two marked values',
  source: 'Hochreiter & Schmidhuber (1997), experiment 5; Martens & Sutskever (2011), section 5',
  channels: 2,
  readoutSteps: 1,
  head: 'linear',
  loss: 'squared error of the product, averaged over sequences',
  lossLevels: [0.03, 0.01, 0.001],
  minLength: MARKED_PAIR_MIN_LENGTH,
  write: markedPairWriter((rng) => rng.uniform(), (a, b) => a * b),
  success: {
    name: 'mean absolute error',
    threshold: 0.04,
    source: 'an absolute error below 0.04 (Hochreiter & Schmidhuber 1997), on the mean over held-out sequences',
    statistic: meanAbsoluteError,
  },
};
