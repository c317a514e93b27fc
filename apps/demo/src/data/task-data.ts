// The data each task trains on, loaded once by the command line so that every
// optimizer sees exactly the same examples.
import { ADDITION_LENGTH, type TaskName } from '../tasks.js';
import { deriveSeed } from '../random.js';
import { additionProblem, type AdditionData } from './addition.js';
import { loadMnist } from './mnist.js';
import type { Digits } from './mnist-shape.js';
import { twoSpirals, type SpiralData } from './spirals.js';

export type TaskData =
  | { readonly kind: 'mnist'; readonly train: Digits; readonly test: Digits }
  | { readonly kind: 'addition'; readonly train: AdditionData; readonly test: AdditionData }
  | { readonly kind: 'spirals'; readonly train: SpiralData; readonly test: SpiralData };

export interface DataSizes {
  readonly train: number;
  readonly test: number;
  readonly seed: number;
}

/** MNIST for the autoencoder and the classifier; fresh sequences for rnn-addition. */
export function loadTaskData(task: TaskName, sizes: DataSizes): TaskData {
  if (task === 'rnn-addition') {
    return {
      kind: 'addition',
      train: additionProblem(sizes.train, ADDITION_LENGTH, deriveSeed(sizes.seed, 1)),
      test: additionProblem(sizes.test, ADDITION_LENGTH, deriveSeed(sizes.seed, 2)),
    };
  }
  if (task === 'spirals') {
    return {
      kind: 'spirals',
      train: twoSpirals(sizes.train, deriveSeed(sizes.seed, 1)),
      test: twoSpirals(sizes.test, deriveSeed(sizes.seed, 2)),
    };
  }
  return { kind: 'mnist', ...loadMnist(sizes) };
}

/** One line saying what was loaded, for the log. */
export function describeTaskData(data: TaskData): string {
  if (data.kind === 'addition') {
    return `addition problem: ${data.train.count} training / ${data.test.count} test sequences of length ${data.train.length}`;
  }
  if (data.kind === 'spirals') {
    return `two spirals: ${data.train.count} training / ${data.test.count} test points`;
  }
  return `MNIST: ${data.train.count} training / ${data.test.count} test digits (seeded random split of the 10,000 in the mnist package)`;
}
