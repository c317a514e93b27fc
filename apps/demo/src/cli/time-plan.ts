// How long a run takes in all, as arithmetic on measured costs: the training
// budget of each optimizer, plus what runs outside the clock (start-up, the
// workers' start, evaluation held to its share by the schedule, the final
// losses on the whole sets). The command line prints the estimate before it
// trains, and a test checks that a default run of every task fits in three
// minutes on a 2-core machine: arithmetic, never a timing.
import { EVALUATION_EXAMPLES, EVALUATION_SHARE } from '../trainers/evaluation-schedule.js';
import type { OptimizerName, TaskName } from '../tasks.js';

/** What a task costs outside the training clock, and its longest step (a run ends after the first step past its budget). */
export interface TaskCosts {
  /** One pass of the task's reported loss over 1,000 examples, in ms. */
  readonly metricMsPer1000: number;
  /** Whether the task also measures a score on the test examples (error rate, mean absolute error): one more pass. */
  readonly score: boolean;
  /** The longest step of each optimizer with the task's default settings, in ms. */
  readonly stepMs: Readonly<Record<OptimizerName, number>>;
  /** Sequence tasks: the length T the costs were measured at; they scale in proportion to T. */
  readonly length?: number;
}

/** The recurrent network of the sequence tasks ('rnn-...', 100 tanh units) at T = 30: the addition problem's costs. */
const SEQUENCE_COSTS: TaskCosts = { metricMsPer1000: 110, score: true, stepMs: { hf: 9000, adam: 300 }, length: 30 };

/**
 * Measured on the shared 2-core machine of this repository (2026-12, WASM,
 * one thread per engine, with other jobs running): the metric per 1,000
 * examples (autoencoder 81 ms, classifier 23 ms, addition at T = 30 110 ms,
 * spirals 3 ms), HF's steps with the default settings rounded up to the
 * slowest seen under load (autoencoder 5.8 s, addition 8.5 s, the machine
 * loaded about twice over). The sequence tasks share one recurrent network:
 * the addition problem's costs at T = 30, in proportion to T (taskCosts). A
 * task without costs has no estimate (measure it and add it: the
 * three-minute test asks for every task). Default runs on the loaded machine
 * took 2 min 29 s (autoencoder; estimated 2 min 40 s) and 2 min 35 s
 * (addition; estimated 2 min 45 s) in all.
 */
export const MEASURED_COSTS: Partial<Readonly<Record<TaskName, TaskCosts>>> = {
  autoencoder: { metricMsPer1000: 81, score: false, stepMs: { hf: 6000, adam: 500 } },
  classifier: { metricMsPer1000: 23, score: true, stepMs: { hf: 2500, adam: 100 } },
  'rnn-addition': SEQUENCE_COSTS,
  spirals: { metricMsPer1000: 3, score: true, stepMs: { hf: 300, adam: 20 } },
};

/** Node, TensorFlow.js and its WASM backend, the data, and writing the report: measured 1-3 s. */
export const STARTUP_MS = 4000;
/** Starting one optimizer's workers (each loads TensorFlow.js, the model and the data set): measured 1-3 s. */
export const WORKER_START_MS = 3000;

/** What the estimate is made of, per run. */
export interface RunPlanInput {
  readonly task: TaskName;
  readonly optimizers: readonly OptimizerName[];
  readonly budgetSeconds: number;
  readonly train: number;
  readonly test: number;
  /** Sequence tasks: T (default: the length the costs were measured at). */
  readonly length?: number;
}

/** A run's estimated time, in ms, and its parts. */
export interface TimePlan {
  /** Training, all optimizers: the budgets plus one step each past them. */
  readonly trainingMs: number;
  /** Evaluation during training: the share of the training time plus three evaluations (see EvaluationSchedule), all optimizers. */
  readonly evaluationMs: number;
  /** The final losses on the whole training and test sets, all optimizers. */
  readonly finalMs: number;
  /** Start-up and the workers' start. */
  readonly overheadMs: number;
  readonly totalMs: number;
}

/** A task's measured costs: its own, or for a sequence task ('rnn-...') those of the recurrent network they share. */
export function taskCosts(task: TaskName): TaskCosts | undefined {
  return MEASURED_COSTS[task] ?? (task.startsWith('rnn-') ? SEQUENCE_COSTS : undefined);
}

/** The estimate, or undefined for a task without measured costs. */
export function planRun(input: RunPlanInput, costs: TaskCosts | undefined = taskCosts(input.task)): TimePlan | undefined {
  if (costs === undefined) return undefined;
  const scale = costs.length !== undefined && input.length !== undefined ? input.length / costs.length : 1;
  const passes = (train: number, test: number) => (scale * costs.metricMsPer1000 * (train + test * (costs.score ? 2 : 1))) / 1000;
  const recordMs = passes(Math.min(input.train, EVALUATION_EXAMPLES), Math.min(input.test, EVALUATION_EXAMPLES));
  let trainingMs = 0;
  let evaluationMs = 0;
  for (const optimizer of input.optimizers) {
    const trained = input.budgetSeconds * 1000 + scale * costs.stepMs[optimizer];
    trainingMs += trained;
    // EvaluationSchedule keeps evaluation within the share of the training time plus three evaluations.
    evaluationMs += EVALUATION_SHARE * trained + 3 * recordMs;
  }
  const finalMs = input.optimizers.length * passes(input.train, input.test);
  const overheadMs = STARTUP_MS + input.optimizers.length * WORKER_START_MS;
  return { trainingMs, evaluationMs, finalMs, overheadMs, totalMs: trainingMs + evaluationMs + finalMs + overheadMs };
}

/** "2 min 35 s", "48 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ''}`;
}
