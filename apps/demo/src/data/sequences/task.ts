// What a sequence task is: a generator of sequences (one file per task, see
// addition.ts), its output head and loss, and its success criterion. This
// module and the task files import nothing that loads TensorFlow.js (only
// types), so that the command line can list the tasks and check --length at
// once; the seeded generator comes in from the caller.
import type { Rng } from '@hessian-free/hf';

/**
 * The network's output head and the loss it is trained with: 'linear' outputs
 * with squared error (real-valued targets), 'logistic' outputs with sigmoid
 * cross-entropy (bits).
 */
export type SequenceHead = 'linear' | 'logistic';

/**
 * When a run counts as solved: `statistic` of the predictions on held-out
 * sequences below `threshold`.
 */
export interface SuccessCriterion {
  /** What the statistic is, for tables and the report ("mean absolute error"). */
  readonly name: string;
  /** Solved when the statistic is below this. */
  readonly threshold: number;
  /** Where the threshold comes from. */
  readonly source: string;
  /**
   * The statistic of predictions (the head's output: the linear output, or
   * the probability of a 1 for a logistic head) against targets, both [N,
   * readoutSteps] row-major.
   */
  statistic(predictions: ArrayLike<number>, targets: ArrayLike<number>): number;
}

/**
 * Writes one sequence of `steps` steps (drawn by the caller from T..1.1 T,
 * T = `length`): `input(t, channel, value)` sets a feature of time step t
 * (0 <= t < steps, in the sequence's own time) and `target(k, value)` the
 * target of readout step k (0 <= k < readoutSteps). Features not set are 0.
 */
export type SequenceWriter = (
  rng: Rng,
  steps: number,
  length: number,
  input: (t: number, channel: number, value: number) => void,
  target: (k: number, value: number) => void,
) => void;

/** A sequence task: everything the demo needs to know about it, in one object. */
export interface SequenceTask {
  /** The name on the command line (`--task`). */
  readonly name: string;
  /** What the data are, in a few words ("addition problem"). */
  readonly title: string;
  /** One line for --help. */
  readonly summary: string;
  /** The definition's source. */
  readonly source: string;
  /** Input features per time step (the generated data add one more: the in-sequence channel). */
  readonly channels: number;
  /** The outputs are read at the last `readoutSteps` steps of each sequence, one output per step. */
  readonly readoutSteps: number;
  readonly head: SequenceHead;
  /** What the reported loss is (the TaskSpec.loss of the task). */
  readonly loss: string;
  /** Loss levels for the time-to-reach columns, from easy to hard. */
  readonly lossLevels: readonly number[];
  /** The smallest T the layout allows. */
  readonly minLength: number;
  /** Draws one sequence of `length` steps. */
  readonly write: SequenceWriter;
  readonly success: SuccessCriterion;
}

/** Mean absolute error of predictions against targets (same length, not empty). */
export function meanAbsoluteError(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  checkSameLength(predictions, targets);
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += Math.abs(predictions[i] - targets[i]);
  return sum / targets.length;
}

/**
 * The fraction of wrong bits: a probability above 1/2 predicts a 1, at or
 * below it a 0; targets are 0 or 1 (a target above 1/2 counts as a 1).
 */
export function bitErrorRate(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  checkSameLength(predictions, targets);
  let wrong = 0;
  for (let i = 0; i < targets.length; i++) if (predictions[i] > 0.5 !== targets[i] > 0.5) wrong++;
  return wrong / targets.length;
}

function checkSameLength(predictions: ArrayLike<number>, targets: ArrayLike<number>): void {
  if (predictions.length !== targets.length) {
    throw new RangeError(`predictions has ${predictions.length} entries, targets ${targets.length}`);
  }
  if (targets.length === 0) throw new RangeError('no targets');
}
