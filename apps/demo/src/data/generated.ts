// The data of the tasks whose examples are generated from the seed rather than
// loaded (the addition sequences, the spirals). Browser-safe: the command line
// (task-data.ts) and the page (web/data.ts) both make their data here, so a
// seed gives the same examples in both.
import { ADDITION_LENGTH } from '../tasks.js';
import { deriveSeed } from '../random.js';
import { additionProblem } from './addition.js';
import { twoSpirals } from './spirals.js';
import type { DataSizes, TaskData } from './task-data.js';

/** The tasks whose data is generated from the seed. */
export type GeneratedTask = 'rnn-addition' | 'spirals';

/**
 * Training and test data of a generated task: the training examples from
 * stream 1 of the seed, the test examples from stream 2 (see deriveSeed).
 */
export function generatedTaskData(task: GeneratedTask, sizes: DataSizes): TaskData {
  const [trainSeed, testSeed] = [deriveSeed(sizes.seed, 1), deriveSeed(sizes.seed, 2)];
  if (task === 'rnn-addition') {
    return {
      kind: 'addition',
      train: additionProblem(sizes.train, ADDITION_LENGTH, trainSeed),
      test: additionProblem(sizes.test, ADDITION_LENGTH, testSeed),
    };
  }
  return { kind: 'spirals', train: twoSpirals(sizes.train, trainSeed), test: twoSpirals(sizes.test, testSeed) };
}
