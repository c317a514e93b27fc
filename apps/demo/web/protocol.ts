// The messages between the page (main.ts) and a training worker (worker.ts).
// One worker trains one optimizer for one run; every message from a worker
// carries the run's id so that the page can ignore a run it has reset.
import type { StepRecord } from '../src/report/metrics.js';
import type { OptimizerName } from '../src/tasks.js';
import type { SettingsRecord, StepProgress } from '../src/train.js';

/** The tasks the page offers. */
export const WEB_TASKS = ['autoencoder', 'spirals', 'rnn-addition'] as const;
/** One of WEB_TASKS. */
export type WebTask = (typeof WEB_TASKS)[number];

/**
 * How the optimizers share the machine, so that each gets the same compute:
 * one after the other with every core each (the command line's way), or side
 * by side with half of the cores each.
 */
export type Schedule = 'in-turn' | 'side-by-side';

/** The key under which the shard worker script (shard-worker.ts) serves the models module (hf's modelModule.url). */
export const MODELS_KEY = 'models';

/** Page to worker: train `optimizer` on `task` for `budgetMs` of training time. */
export interface StartRun {
  readonly type: 'start';
  readonly runId: number;
  readonly optimizer: OptimizerName;
  readonly task: WebTask;
  readonly budgetMs: number;
  readonly seed: number;
  /**
   * Shard workers of the optimizer's parallel engine (1: none, the training
   * worker computes alone); undefined: hf's choice among the machine's cores.
   * A page that is not cross-origin isolated always trains with 1.
   */
  readonly workers?: number;
}

/** The messages the page sends a worker. */
export type ToWorker =
  | StartRun
  /** Hold training before the next step. */
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  /** Stop training (through the trainer's AbortSignal) and report `done`. */
  | { readonly type: 'abort' };

/** The messages a worker sends the page, each tagged with its run's id. */
export type FromWorker = { readonly runId: number } & (
  /** A line for the status display while the run sets up. */
  | { readonly type: 'status'; readonly text: string }
  /** Backend and data are ready; training starts. `originals`: autoencoder digits to preview, [n, 784]. */
  | { readonly type: 'ready'; readonly backend: string; readonly data: string; readonly originals?: Float32Array }
  /**
   * The optimizer and its workers are ready, the clock starts: how many shard
   * workers it runs on, whether the page is cross-origin isolated, its
   * settings, and the task's score (error rate, mean absolute error).
   */
  | {
      readonly type: 'started';
      readonly workers: number;
      readonly isolated: boolean;
      readonly settings: SettingsRecord;
      readonly scoreName?: string;
    }
  | { readonly type: 'step'; readonly record: StepRecord }
  /** HF: step number `step` starts now (after the pause gate), for the page's in-step progress line. */
  | { readonly type: 'stepStart'; readonly step: number }
  /** A step ended (every HF step; first-order steps at most every PROGRESS_INTERVAL_MS). */
  | { readonly type: 'progress'; readonly progress: StepProgress }
  /** Autoencoder: reconstructions [n, 784] of the `originals`. */
  | { readonly type: 'preview'; readonly images: Float32Array }
  /** The worker is waiting at the pause gate. */
  | { readonly type: 'paused' }
  /** Training ended: budget spent, or aborted; the final losses and score on the whole sets. */
  | { readonly type: 'done'; readonly aborted: boolean; readonly trainLoss: number; readonly testLoss?: number; readonly testScore?: number }
  | { readonly type: 'error'; readonly message: string }
);

/** First-order optimizers take steps of milliseconds: their progress messages come at most this often. */
export const PROGRESS_INTERVAL_MS = 100;
