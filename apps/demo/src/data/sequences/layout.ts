// The layout every sequence task shares: N sequences of T to 1.1 T steps
// (the length drawn per sequence, Martens & Sutskever 2011 after Hochreiter &
// Schmidhuber 1997), stored as one [N, floor(1.1 T), channels + 1] array in
// which each sequence ends at the last step and is padded with zeros at the
// front. The extra last channel is 1 on the sequence's own steps and 0 in the
// padding: the networks (trainers/recurrent.ts) keep their state at 0 there,
// so a padded sequence gives exactly what it gives alone, and every output is
// read at the same final steps of the array.
import type { Rng } from '@hessian-free/hf';
import { describe } from '../../checks.js';
import { randomInt } from '../../random.js';
import type { SequenceTask } from './task.js';

/** The longest T a sequence task takes (its sequences then have up to 1,100 steps). */
export const MAX_SEQUENCE_LENGTH = 1000;

/** N sequences of one task, padded at the front to the same number of steps. */
export interface SequenceData {
  /** The task's name (SequenceTask.name). */
  readonly task: string;
  readonly count: number;
  /** T, the shortest length: every sequence has T to maxSteps(T) steps. */
  readonly length: number;
  /** Steps per row of `inputs`: maxSteps(T). */
  readonly steps: number;
  /** Features per step: the task's channels, then the in-sequence channel. */
  readonly channels: number;
  /** [count, steps, channels] row-major; sequence n occupies the last lengths[n] steps. */
  readonly inputs: Float32Array;
  /** Each sequence's number of steps. */
  readonly lengths: Int32Array;
  /** Outputs per sequence: one per readout step. */
  readonly readoutSteps: number;
  /** [count, readoutSteps] row-major. */
  readonly targets: Float32Array;
}

/** The most steps a sequence of minimal length T has: floor(1.1 T), in integers (1.1 * T rounds). */
export function maxSteps(length: number): number {
  return Math.floor((11 * length) / 10);
}

/**
 * `count` sequences of `task` with lengths drawn uniformly from T..floor(1.1 T)
 * (T = `length`). Draws per sequence, in this order: the length, then
 * whatever the task's writer draws.
 */
export function generateSequences(name: string, task: SequenceTask, count: number, length: number, rng: Rng): SequenceData {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new RangeError(`${name}: count must be a non-negative integer, got ${describe(count)}`);
  }
  checkSequenceLength(`${name}: length`, task, length);
  const steps = maxSteps(length);
  const channels = task.channels + 1;
  const K = task.readoutSteps;
  const inputs = new Float32Array(count * steps * channels);
  const targets = new Float32Array(count * K);
  const lengths = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const L = randomInt(rng, length, steps + 1);
    lengths[n] = L;
    const first = (n * steps + steps - L) * channels; // where the sequence's step 0 begins
    for (let t = 0; t < L; t++) inputs[first + t * channels + task.channels] = 1;
    task.write(
      rng,
      L,
      length,
      (t, channel, value) => {
        if (!(t >= 0 && t < L && channel >= 0 && channel < task.channels)) {
          throw new RangeError(`${task.name}: input (${t}, ${channel}) is outside the sequence of ${L} steps and ${task.channels} channels`);
        }
        inputs[first + t * channels + channel] = value;
      },
      (k, value) => {
        if (!(k >= 0 && k < K)) throw new RangeError(`${task.name}: target ${k} is outside the ${K} readout steps`);
        targets[n * K + k] = value;
      },
    );
  }
  return { task: task.name, count, length, steps, channels, inputs, lengths, readoutSteps: K, targets };
}

/** Throws unless `length` is an integer T from the task's minimum to MAX_SEQUENCE_LENGTH. */
export function checkSequenceLength(name: string, task: SequenceTask, length: unknown): asserts length is number {
  const expected = `an integer from ${task.minLength} to ${MAX_SEQUENCE_LENGTH}`;
  if (typeof length !== 'number') throw new TypeError(`${name} must be ${expected}, got ${describe(length)}`);
  if (!Number.isInteger(length) || length < task.minLength || length > MAX_SEQUENCE_LENGTH) {
    throw new RangeError(`${name} must be ${expected}, got ${length}`);
  }
}
