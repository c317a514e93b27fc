// The tasks and optimizers the demo knows, and each task's defaults. The
// default budgets (at most 2 x 65 s) leave a default run of both optimizers
// room for data loading, evaluation and the report within three minutes (a
// default autoencoder run with 2 x 75 s took 3 min 2 s on a shared 2-core
// machine: about 30 s besides training). The sequence tasks' descriptions
// come from their own files (data/sequences/), which load no TensorFlow.js.
import { DEFAULT_SEQUENCE_LENGTH, SEQUENCE_TASKS, type SequenceTaskName } from './data/sequences/index.js';

/** The tasks the command line offers (the page offers some of them, see web/protocol.ts). */
export const TASKS = ['autoencoder', 'classifier', 'rnn-addition', 'rnn-multiplication', 'rnn-xor', 'rnn-memorization', 'spirals'] as const;
/** One of TASKS. */
export type TaskName = (typeof TASKS)[number];
/** Compile-time check that every sequence task is in TASKS: true, or a type error here. */
export const SEQUENCE_TASKS_LISTED: SequenceTaskName extends TaskName ? true : never = true;

/** The optimizers the demo compares. */
export const OPTIMIZERS = ['hf', 'adam'] as const;
/** One of OPTIMIZERS. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** The optimizers' short names in tables, chart legends and status lines. */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = { hf: 'HF', adam: 'Adam' };

/** A task's description and defaults. */
export interface TaskSpec {
  /** One line for --help. */
  readonly summary: string;
  /** What the reported loss is; trainers must report in these units. */
  readonly loss: string;
  /** Budget of training time per optimizer, in seconds (evaluation and set-up are outside it: see cli/time-plan.ts). */
  readonly budgetSeconds: number;
  /** Default numbers of training and test examples. */
  readonly train: number;
  readonly test: number;
  /** Loss levels for the time-to-reach columns, from easy to hard. */
  readonly lossLevels: readonly number[];
  /** Number of test digits the report shows reconstructed (autoencoder only). */
  readonly previewCount: number;
}

/** Each task's description and defaults. */
export const TASK_SPECS: Readonly<Record<TaskName, TaskSpec>> = {
  autoencoder: {
    summary: 'deep autoencoder of the MNIST digits (Martens 2010)',
    loss: 'squared error summed over the 784 pixels, averaged over examples',
    budgetSeconds: 65,
    train: 8000,
    test: 2000,
    lossLevels: [40, 20, 10],
    previewCount: 12,
  },
  classifier: {
    summary: 'MNIST digit classifier (softmax cross-entropy)',
    loss: 'softmax cross-entropy in nats, averaged over examples',
    budgetSeconds: 60,
    train: 8000,
    test: 2000,
    lossLevels: [1, 0.5, 0.2],
    previewCount: 0,
  },
  ...sequenceSpecs(),
  spirals: {
    summary: 'two interleaved spirals, a small 2-D classification (tanh MLP)',
    loss: 'softmax cross-entropy in nats, averaged over points',
    budgetSeconds: 30,
    train: 1000,
    test: 1000,
    lossLevels: [0.5, 0.1, 0.02],
    previewCount: 0,
  },
};

/** The sequence tasks' specs: 10,000 training and 1,000 test sequences, T = DEFAULT_SEQUENCE_LENGTH unless --length says otherwise. */
function sequenceSpecs(): Record<SequenceTaskName, TaskSpec> {
  const specs = {} as Record<SequenceTaskName, TaskSpec>;
  for (const [name, task] of Object.entries(SEQUENCE_TASKS) as [SequenceTaskName, (typeof SEQUENCE_TASKS)[SequenceTaskName]][]) {
    specs[name] = {
      summary: `${task.summary}; T = ${DEFAULT_SEQUENCE_LENGTH} (--length)`,
      loss: task.loss,
      budgetSeconds: 65,
      train: 10000,
      test: 1000,
      lossLevels: task.lossLevels,
      previewCount: 0,
    };
  }
  return specs;
}
