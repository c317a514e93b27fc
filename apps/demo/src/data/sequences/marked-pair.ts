// The marked-pair layout of the addition, multiplication and XOR problems
// (Hochreiter & Schmidhuber 1997, experiments 4 and 5, as Martens & Sutskever
// 2011 use them; the positions follow Sutskever's released generator for
// those experiments, expressed as fractions of T): two input channels, a
// value and a marker. Every step carries a random value; the marker is 1 at
// two steps, -1 at the first and the last step (the start and end signals of
// Hochreiter & Schmidhuber), 0 elsewhere. The first marked step is drawn from
// the first 10% of T (after the start step), the second from the rest of the
// first half, so at least T/2 steps separate the second from the end and the
// first lies at least 0.9 T before it. The target, read at the last step, is
// a function of the two marked values.
import type { Rng } from '@hessian-free/hf';
import { randomInt } from '../../random.js';
import type { SequenceWriter } from './task.js';

/** The smallest T of the marked-pair tasks: both marker ranges non-empty, the first within T/10. */
export const MARKED_PAIR_MIN_LENGTH = 10;

/** Half-open ranges [start, end) of the steps that the two markers are drawn from. */
export interface MarkerRanges {
  readonly first: readonly [number, number];
  readonly second: readonly [number, number];
}

/**
 * Where the markers go for minimal length T (steps counted from 0, the start
 * step): the first uniformly in [1, floor(T/10)), the second uniformly in
 * [floor(T/10), floor(T/2)); for T < 20 the first is step 1 and the second
 * starts at step 2. T = 100 gives [1, 10) and [10, 50).
 */
export function markerRanges(length: number): MarkerRanges {
  if (!Number.isInteger(length) || length < MARKED_PAIR_MIN_LENGTH) {
    throw new RangeError(`length must be an integer >= ${MARKED_PAIR_MIN_LENGTH}, got ${length}`);
  }
  const split = Math.max(2, Math.floor(length / 10));
  return { first: [1, split], second: [split, Math.floor(length / 2)] };
}

/**
 * The writer of a marked-pair task: `value(rng)` draws each step's value,
 * `target(a, b)` maps the two marked values (as the float32 numbers the
 * network sees) to the target. Draws, in order: the L values, the first
 * marker's step, the second's.
 */
export function markedPairWriter(value: (rng: Rng) => number, target: (a: number, b: number) => number): SequenceWriter {
  return (rng, L, T, input, output) => {
    const values = new Float32Array(L);
    for (let t = 0; t < L; t++) {
      values[t] = value(rng);
      input(t, 0, values[t]);
    }
    const { first, second } = markerRanges(T); // by T, not by the drawn length
    const a = randomInt(rng, first[0], first[1]);
    const b = randomInt(rng, second[0], second[1]);
    input(0, 1, -1);
    input(L - 1, 1, -1);
    input(a, 1, 1);
    input(b, 1, 1);
    output(0, target(values[a], values[b]));
  };
}
