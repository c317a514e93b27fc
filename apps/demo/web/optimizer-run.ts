// One optimizer's training worker for one run, and the state the page shows
// of it. A run waits for its turn (when the optimizers train one after the
// other) until `launch` starts its worker.
import type { StepRecord } from '../src/report/metrics.js';
import type { OptimizerName } from '../src/tasks.js';
import type { SettingsRecord, StepProgress } from '../src/train.js';
import type { FromWorker, StartRun, ToWorker } from './protocol.js';

/** Where a run is, as the progress table shows it. */
export type RunState = 'waiting' | 'starting' | 'training' | 'pausing' | 'paused' | 'done' | 'stopped' | 'failed';

/** How long an aborted worker may take to wind down before it is terminated. */
const ABORT_GRACE_MS = 5000;

/** One optimizer's worker for one run, and what the page shows of it. */
export class OptimizerRun {
  /** The worker that trains this run's optimizer, once launched. */
  private worker: Worker | undefined;
  /** Where the run is. */
  state: RunState = 'waiting';
  /** Step records received (an optimizer with cheap steps reports only some of its steps). */
  records = 0;
  /** The training loss of the first step record. */
  firstLoss: number | undefined;
  /** The latest step record. */
  last: StepRecord | undefined;
  /** The latest step (records come only at evaluation points). */
  progress: StepProgress | undefined;
  /** Shard workers of its parallel engine (1: none), once it started. */
  workers: number | undefined;
  /** Its settings, once it started. */
  settings: SettingsRecord | undefined;
  /** The task's score ('error rate', 'mean absolute error'), if it has one. */
  scoreName: string | undefined;
  private killTimer = 0;

  /** A run of `optimizer` on `start`; `onMessage` gets the worker's messages once it is launched. */
  constructor(
    readonly optimizer: OptimizerName,
    readonly start: StartRun,
    private readonly onMessage: (run: OptimizerRun, message: FromWorker) => void,
  ) {}

  /** Starts the worker on the run. */
  launch(): void {
    if (this.worker) return;
    this.state = 'starting';
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `train-${this.optimizer}` });
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (event.data.runId === this.start.runId) this.onMessage(this, event.data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.onMessage(this, { runId: this.start.runId, type: 'error', message: event.message || 'the worker failed to load' });
    });
    this.send(this.start);
  }

  /** Not yet done, stopped or failed (a run waiting for its turn is active). */
  get active(): boolean {
    return this.state !== 'done' && this.state !== 'stopped' && this.state !== 'failed';
  }

  /** Whether its worker has been started. */
  get launched(): boolean {
    return this.worker !== undefined;
  }

  /** Posts a message to the worker (nothing before it is launched). */
  send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** Abort through the trainer's signal; terminate if it has not stopped within the grace period. A waiting run just stops. */
  abort(): void {
    if (!this.worker) {
      this.state = 'stopped';
      return;
    }
    this.send({ type: 'abort' });
    this.killTimer = window.setTimeout(() => this.terminate(), ABORT_GRACE_MS);
  }

  /** Ends the worker at once (the browser ends its shard workers with it). */
  terminate(): void {
    window.clearTimeout(this.killTimer);
    this.worker?.terminate();
  }
}
