// The sequence tasks of the demo (Martens & Sutskever 2011, section 5). A new
// task is one file (a SequenceTask: generator, output head, success
// criterion) and a line here.
import { ADDITION } from './addition.js';
import { MEMORIZATION } from './memorization.js';
import { MULTIPLICATION } from './multiplication.js';
import type { SequenceTask } from './task.js';
import { XOR } from './xor.js';

/** Every sequence task, by its --task name. */
export const SEQUENCE_TASKS = {
  'rnn-addition': ADDITION,
  'rnn-multiplication': MULTIPLICATION,
  'rnn-xor': XOR,
  'rnn-memorization': MEMORIZATION,
} as const satisfies Readonly<Record<string, SequenceTask>>;

/** The name of a sequence task. */
export type SequenceTaskName = keyof typeof SEQUENCE_TASKS;

/** The sequence tasks' names, in the order --help lists them. */
export const SEQUENCE_TASK_NAMES = Object.keys(SEQUENCE_TASKS) as SequenceTaskName[];

/** Whether `name` is a sequence task. */
export function isSequenceTask(name: string): name is SequenceTaskName {
  return Object.hasOwn(SEQUENCE_TASKS, name);
}

/** T when --length is not given: long enough to need memory, short enough for the default budget. */
export const DEFAULT_SEQUENCE_LENGTH = 30;

export { ADDITION, MEMORIZATION, MULTIPLICATION, XOR };
export type { SequenceTask };
