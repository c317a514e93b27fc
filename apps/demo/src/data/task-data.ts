// The data each task trains on, loaded once by the command line so that every
// optimizer sees exactly the same examples.
import type { TaskName } from '../tasks.js';
import { generatedTaskData } from './generated.js';
import { loadMnist } from './mnist.js';
import type { Digits } from './mnist-shape.js';
import { isSequenceTask, SEQUENCE_TASKS } from './sequences/index.js';
import type { SequenceData } from './sequences/layout.js';
import type { SpiralData } from './spirals.js';

/** The training and test data of a task, tagged by their kind. */
export type TaskData =
  | { readonly kind: 'mnist'; readonly train: Digits; readonly test: Digits }
  | { readonly kind: 'sequence'; readonly train: SequenceData; readonly test: SequenceData }
  | { readonly kind: 'spirals'; readonly train: SpiralData; readonly test: SpiralData };

/** How many training and test examples to load, and the seed of their choice or generation. */
export interface DataSizes {
  readonly train: number;
  readonly test: number;
  readonly seed: number;
  /** Sequence tasks: T, the shortest sequence (default DEFAULT_SEQUENCE_LENGTH); the others ignore it. */
  readonly length?: number | undefined;
}

/** MNIST for the autoencoder and the classifier; generated examples for the sequence tasks and the spirals. */
export function loadTaskData(task: TaskName, sizes: DataSizes): TaskData {
  if (task === 'spirals' || isSequenceTask(task)) return generatedTaskData(task, sizes);
  return { kind: 'mnist', ...loadMnist(sizes) };
}

/** One line saying what was loaded, for the log. */
export function describeTaskData(data: TaskData): string {
  if (data.kind === 'sequence') {
    const { train, test } = data;
    return `${SEQUENCE_TASKS[train.task as keyof typeof SEQUENCE_TASKS]?.title ?? train.task}: ${train.count} training / ${test.count} test sequences of length ${train.length} (T) to ${train.steps}`;
  }
  if (data.kind === 'spirals') {
    return `two spirals: ${data.train.count} training / ${data.test.count} test points`;
  }
  return `MNIST: ${data.train.count} training / ${data.test.count} test digits (seeded random split of the 10,000 in the mnist package)`;
}
