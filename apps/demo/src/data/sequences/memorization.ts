// The noiseless memorization problem (Hochreiter & Schmidhuber 1997,
// experiment 2; the 5-bit version of Martens & Sutskever 2011, section 5):
// the sequence opens with 5 random bits, one per step, then blanks, then a
// "go" signal 6 steps before the end; in the last 5 steps (blank inputs) the
// network must output the 5 bits in order. Four input channels, one-hot per
// step: bit 0, bit 1, blank, go. Each output is a logistic unit (the
// probability of a 1) trained with cross-entropy; only the 5 recall steps
// have targets (the "only predict the memory bits" variant of Sutskever's
// released generator). Solved when fewer than 1% of the recalled bits of
// held-out sequences are wrong (our threshold; chance is 50%).
import { bitErrorRate, type SequenceTask } from './task.js';

/** Bits to remember. */
export const MEMORIZATION_BITS = 5;

const BIT = 0; // channels BIT + b: bit b
const BLANK = 2;
const GO = 3;

/** The 5-bit noiseless memorization problem. */
export const MEMORIZATION: SequenceTask = {
  name: 'rnn-memorization',
  title: '5-bit noiseless memorization',
  summary: 'RNN on noiseless memorization: recall 5 bits after T steps',
  source: 'Hochreiter & Schmidhuber (1997), experiment 2; Martens & Sutskever (2011), section 5',
  channels: 4,
  readoutSteps: MEMORIZATION_BITS,
  head: 'logistic',
  loss: 'cross-entropy of the 5 recalled bits in nats, summed over the bits, averaged over sequences',
  lossLevels: [2, 0.5, 0.1],
  // 5 bits, at least one blank, the go signal, 5 recall steps.
  minLength: 2 * MEMORIZATION_BITS + 2,
  write: (rng, L, _T, input, target) => {
    const K = MEMORIZATION_BITS;
    const go = L - K - 1;
    for (let k = 0; k < K; k++) {
      const bit = rng.uniform() < 0.5 ? 1 : 0;
      input(k, BIT + bit, 1);
      target(k, bit);
    }
    for (let t = K; t < L; t++) input(t, t === go ? GO : BLANK, 1);
  },
  success: {
    name: 'bit error rate',
    threshold: 0.01,
    source: 'fewer than 1% of the recalled bits of held-out sequences wrong (our threshold; chance is 50%)',
    statistic: bitErrorRate,
  },
};
