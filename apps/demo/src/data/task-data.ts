// The data each task trains on, loaded once by the command line so that every
// optimizer sees exactly the same examples.
import type { TaskName } from '../tasks.js';
import type { AdditionData } from './addition.js';
import { generatedTaskData } from './generated.js';
import { loadMnist } from './mnist.js';
import type { Digits } from './mnist-shape.js';
import type { SpiralData } from './spirals.js';

/** The training and test data of a task, tagged by their kind. */
export type TaskData =
  | { readonly kind: 'mnist'; readonly train: Digits; readonly test: Digits }
  | { readonly kind: 'addition'; readonly train: AdditionData; readonly test: AdditionData }
  | { readonly kind: 'spirals'; readonly train: SpiralData; readonly test: SpiralData };

/** How many training and test examples to load, and the seed of their choice or generation. */
export interface DataSizes {
  readonly train: number;
  readonly test: number;
  readonly seed: number;
}

/** MNIST for the autoencoder and the classifier; generated examples for rnn-addition and spirals. */
export function loadTaskData(task: TaskName, sizes: DataSizes): TaskData {
  if (task === 'rnn-addition' || task === 'spirals') return generatedTaskData(task, sizes);
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
