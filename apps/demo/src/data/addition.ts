// The "addition" problem of Hochreiter & Schmidhuber (1997) in the form used
// by Martens & Sutskever (2011) to test RNN training on long-range
// dependencies: a sequence of random values, two of them marked; the network
// must output the sum of the two marked values at the end.
import { seededRng } from '@hessian-free/hf';
import { checkSeed } from '../checks.js';
import { randomInt } from '../random.js';

/** Mean absolute error below which the problem counts as solved (M&S 2011). */
export const ADDITION_SUCCESS_MAE = 0.04;

/** N sequences of length T. */
export interface AdditionData {
  readonly count: number;
  readonly length: number;
  /**
   * [N, T, 2] row-major: channel 0 is a value uniform in [0, 1], channel 1 the
   * marker (1 at exactly two positions, 0 elsewhere).
   */
  readonly inputs: Float32Array;
  /** [N, 1]: the sum of the two marked values, the target at the last step. */
  readonly targets: Float32Array;
}

/** Half-open ranges [start, end) of positions for the two markers. */
export interface MarkerRanges {
  readonly first: readonly [number, number];
  readonly second: readonly [number, number];
}

/**
 * Where the markers go in a sequence of length T: the first uniformly among
 * the first 10% of positions (p < T/10), the second uniformly among the last
 * 50% (p >= T/2). Needs T >= 2 so that both ranges are non-empty.
 */
export function markerRanges(length: number): MarkerRanges {
  if (!Number.isInteger(length) || length < 2) throw new RangeError(`length must be an integer >= 2, got ${length}`);
  return { first: [0, Math.ceil(length / 10)], second: [Math.ceil(length / 2), length] };
}

/** `count` addition sequences of length `length`, reproducible from `seed`. */
export function additionProblem(count: number, length: number, seed: number): AdditionData {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  checkSeed('additionProblem: seed', seed);
  const { first, second } = markerRanges(length);
  const rng = seededRng(seed);
  const inputs = new Float32Array(count * length * 2);
  const targets = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const base = n * length * 2;
    for (let t = 0; t < length; t++) inputs[base + 2 * t] = rng.uniform();
    const a = randomInt(rng, first[0], first[1]);
    const b = randomInt(rng, second[0], second[1]);
    inputs[base + 2 * a + 1] = 1;
    inputs[base + 2 * b + 1] = 1;
    // The sum of the float32 values the network sees, rounded once.
    targets[n] = inputs[base + 2 * a] + inputs[base + 2 * b];
  }
  return { count, length, inputs, targets };
}

/** Mean absolute error of predictions [N] against targets [N]. */
export function meanAbsoluteError(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  if (predictions.length !== targets.length) {
    throw new RangeError(`predictions has ${predictions.length} entries, targets ${targets.length}`);
  }
  if (targets.length === 0) throw new RangeError('no targets');
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += Math.abs(predictions[i] - targets[i]);
  return sum / targets.length;
}

/** The success criterion: mean absolute error below 0.04. */
export function solvesAddition(predictions: ArrayLike<number>, targets: ArrayLike<number>): boolean {
  return meanAbsoluteError(predictions, targets) < ADDITION_SUCCESS_MAE;
}
