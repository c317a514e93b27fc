// The XOR problem (Martens & Sutskever 2011, section 5): the marked-pair
// sequences of the addition problem (marked-pair.ts) with random bits as the
// values (0 or 1, each with probability 1/2); the target at the last step is
// the XOR of the two marked bits, predicted by a logistic output trained with
// cross-entropy. A sequence is right when the predicted probability of a 1 is
// on the target's side of 1/2 (the zero-one loss of Sutskever's released
// generator); solved when fewer than 1% of the held-out sequences are wrong
// (our threshold: chance is 50%).
import { MARKED_PAIR_MIN_LENGTH, markedPairWriter } from './marked-pair.js';
import { bitErrorRate, type SequenceTask } from './task.js';

/** The XOR problem. */
export const XOR: SequenceTask = {
  name: 'rnn-xor',
  title: 'XOR problem',
  summary: 'RNN on the XOR problem: the XOR of two marked bits',
  source: 'Martens & Sutskever (2011), section 5',
  channels: 2,
  readoutSteps: 1,
  head: 'logistic',
  loss: 'cross-entropy of the XOR bit in nats, averaged over sequences',
  lossLevels: [0.6, 0.3, 0.1],
  minLength: MARKED_PAIR_MIN_LENGTH,
  write: markedPairWriter((rng) => (rng.uniform() < 0.5 ? 1 : 0), (a, b) => (a !== b ? 1 : 0)),
  success: {
    name: 'error rate',
    threshold: 0.01,
    source: 'fewer than 1% of held-out sequences wrong (our threshold; chance is 50%)',
    statistic: bitErrorRate,
  },
};
