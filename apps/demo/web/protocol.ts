// The messages between the page (main.ts) and a training worker (worker.ts).
// One worker trains one optimizer for one run; every message from a worker
// carries the run's id so that the page can ignore a run it has reset.
import type { StepRecord } from '../src/report/metrics.js';
import type { OptimizerName } from '../src/tasks.js';

/** The tasks the page offers. */
export const WEB_TASKS = ['autoencoder', 'spirals', 'rnn-addition'] as const;
/** One of WEB_TASKS. */
export type WebTask = (typeof WEB_TASKS)[number];

/** Page to worker: train `optimizer` on `task` for `budgetMs` of training time. */
export interface StartRun {
  readonly type: 'start';
  readonly runId: number;
  readonly optimizer: OptimizerName;
  readonly task: WebTask;
  readonly budgetMs: number;
  readonly seed: number;
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
  | { readonly type: 'step'; readonly record: StepRecord }
  /** Autoencoder: reconstructions [n, 784] of the `originals`. */
  | { readonly type: 'preview'; readonly images: Float32Array }
  /** The worker is waiting at the pause gate. */
  | { readonly type: 'paused' }
  /** Training ended: budget spent, or aborted. */
  | { readonly type: 'done'; readonly aborted: boolean; readonly trainLoss: number; readonly testLoss?: number }
  | { readonly type: 'error'; readonly message: string }
);
