// The data of the tasks whose examples are generated from the seed rather than
// loaded (the sequence tasks, the spirals). Browser-safe: the command line
// (task-data.ts) and the page (web/data.ts) both make their data here, so a
// seed gives the same examples in both.
import { deriveSeed } from '../random.js';
import { DEFAULT_SEQUENCE_LENGTH, SEQUENCE_TASKS, type SequenceTaskName } from './sequences/index.js';
import { sequenceProblem } from './sequences/seeded.js';
import { twoSpirals } from './spirals.js';
import type { DataSizes, TaskData } from './task-data.js';

/** The tasks whose data is generated from the seed. */
export type GeneratedTask = SequenceTaskName | 'spirals';

/**
 * Training and test data of a generated task: the training examples from
 * stream 1 of the seed, the test examples from stream 2 (see deriveSeed).
 * Sequence tasks take T from `sizes.length` (default DEFAULT_SEQUENCE_LENGTH).
 */
export function generatedTaskData(task: GeneratedTask, sizes: DataSizes): TaskData {
  const [trainSeed, testSeed] = [deriveSeed(sizes.seed, 1), deriveSeed(sizes.seed, 2)];
  if (task === 'spirals') {
    return { kind: 'spirals', train: twoSpirals(sizes.train, trainSeed), test: twoSpirals(sizes.test, testSeed) };
  }
  const definition = SEQUENCE_TASKS[task];
  const length = sizes.length ?? DEFAULT_SEQUENCE_LENGTH;
  const name = 'generatedTaskData';
  return {
    kind: 'sequence',
    train: sequenceProblem(definition, sizes.train, length, trainSeed, name),
    test: sequenceProblem(definition, sizes.test, length, testSeed, name),
  };
}
