// The contract between the command line and a training loop. The command line
// loads the data, shows progress, and writes the table, metrics.json and
// report.html; a Trainer only trains. The HF and Adam trainers plug in here.
import type { TaskData } from './data/task-data.js';
import type { StepRecord } from './report/metrics.js';
import type { TaskName } from './tasks.js';
import type { CellName } from './trainers/recurrent.js';

/** How a trainer runs: budget, seed, previews, and the hooks that pause or stop it. */
export interface TrainOptions {
  /**
   * Training-time budget in milliseconds: the clock runs only while the
   * optimizer steps (set-up and evaluation are outside it). The trainer
   * starts its clock when the model is ready and stops after the first step
   * that ends past the budget.
   */
  readonly budgetMs: number;
  /** Seed for initialization and minibatch sampling. */
  readonly seed: number;
  /**
   * Autoencoder only: reconstruct the first `previewCount` test digits at the
   * end (0 for the other tasks).
   */
  readonly previewCount: number;
  /** Stops training between steps; the trainer then returns what it has. */
  readonly signal?: AbortSignal;
  /**
   * Awaited before every step: a browser pauses training by returning a
   * promise that resolves on resume.
   */
  readonly beforeStep?: () => Promise<void>;
  /**
   * Autoencoder: called every `previewEverySteps` steps with the current
   * reconstructions [previewCount, 784] of the first test digits (live view).
   */
  readonly onPreview?: (reconstructions: Float32Array) => void;
  readonly previewEverySteps?: number;
  /**
   * Worker threads for the optimizer's sums over examples (1: this thread;
   * undefined: the optimizer's default, every core where the batch is large
   * enough). See hf's `workers` option.
   */
  readonly workers?: number;
  /**
   * Where the workers find the task's model: the URL of this app's
   * models module (trainers/models.js) or of a bundled worker's key for it.
   */
  readonly modelModuleUrl?: string;
  /** A bundled worker script of the app's own (browsers), else hf's default. */
  readonly workerScript?: string | URL;
  /** Sequence tasks: the recurrent cell (default 'tanh', the RNN of Martens & Sutskever 2011); the other tasks ignore it. */
  readonly cell?: CellName;
  /** Called once the optimizer and its workers are ready, before the clock starts. */
  readonly onReady?: (start: RunStart) => void;
  /**
   * Called after every step, also those without a record (records come at
   * evaluation points only): the step count, the training time, and what the
   * optimizer said of the step.
   */
  readonly onProgress?: (progress: StepProgress) => void;
  /**
   * The share of the training time that evaluation may take (outside the
   * clock); default EVALUATION_SHARE of trainers/evaluation-schedule.ts.
   */
  readonly evaluationShare?: number;
}

/** An optimizer's settings as a run used them: numbers, names and switches. */
export type SettingsRecord = Readonly<Record<string, number | string | boolean>>;

/** What a trainer says once it is ready to train. */
export interface RunStart {
  /** Worker threads the optimizer's sums run on (1: its own thread). */
  readonly workers: number;
  /** The settings it trains with (learning rate, batch sizes, CG cap, ...). */
  readonly settings: SettingsRecord;
  /** The task's second figure of merit, if it has one ('error rate', 'mean absolute error'). */
  readonly scoreName?: string;
}

/** One step, as it ends (every step; the losses come with the records). */
export interface StepProgress {
  readonly step: number;
  /** Training time so far, in ms. */
  readonly timeMs: number;
  /** This step's training time, in ms. */
  readonly stepMs: number;
  /** HF: lambda after the step, the step's CG iterations, and its phases in ms (hf's report.timings). */
  readonly lambda?: number;
  readonly cgIterations?: number;
  readonly phases?: Readonly<Record<string, number>>;
}

/** What a trainer hands back besides its steps. */
export interface TrainOutcome {
  /** Loss of the final parameters on the whole training and test sets. */
  readonly trainLoss: number;
  readonly testLoss?: number;
  /** The final parameters (written to a file only with --save-parameters; never to metrics.json). */
  readonly parameters?: Float32Array;
  /** The shapes of the model's parameter tensors, in the order of `parameters`. */
  readonly shapes?: readonly (readonly number[])[];
  /** Autoencoder: reconstructions [previewCount, 784] of the first test digits. */
  readonly reconstructions?: Float32Array;
  /** Worker threads the optimizer's sums ran on (1: the main thread). */
  readonly workers?: number;
  /** The task's second figure of merit of the final parameters on the whole test set, and its name. */
  readonly testScore?: number;
  readonly scoreName?: string;
  /** The settings the optimizer trained with. */
  readonly settings?: SettingsRecord;
}

/**
 * Train one network on one task. Call `onStep` after steps, in order (every
 * step, or for optimizers with cheap steps at evaluation points spread over
 * the budget), with `timeMs` the training time so far; the losses use the
 * units in the task's TaskSpec.loss. The steps reported through `onStep` are
 * the run's record: they feed the progress display, the time-to-reach
 * numbers, metrics.json and the chart.
 */
export type Trainer = (
  task: TaskName,
  data: TaskData,
  options: TrainOptions,
  onStep: (step: StepRecord) => void,
) => Promise<TrainOutcome>;
