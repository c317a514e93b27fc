// One optimizer's training worker for one run, and the state the page shows
// of it.
import type { StepRecord } from '../src/report/metrics.js';
import type { OptimizerName } from '../src/tasks.js';
import type { FromWorker, StartRun, ToWorker } from './protocol.js';

/** Where a run is, as the progress table shows it. */
export type RunState = 'starting' | 'training' | 'pausing' | 'paused' | 'done' | 'stopped' | 'failed';

/** How long an aborted worker may take to wind down before it is terminated. */
const ABORT_GRACE_MS = 5000;

/** One optimizer's worker for one run, and what the page shows of it. */
export class OptimizerRun {
  /** The worker that trains this run's optimizer. */
  readonly worker: Worker;
  /** Where the run is. */
  state: RunState = 'starting';
  /** Step records received (an optimizer with cheap steps reports only some of its steps). */
  records = 0;
  /** The training loss of the first step record. */
  firstLoss: number | undefined;
  /** The latest step record. */
  last: StepRecord | undefined;
  private killTimer = 0;

  /** Starts a worker on `start`; `onMessage` gets the worker's messages for this run. */
  constructor(
    readonly optimizer: OptimizerName,
    readonly start: StartRun,
    onMessage: (run: OptimizerRun, message: FromWorker) => void,
  ) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `train-${optimizer}` });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (event.data.runId === start.runId) onMessage(this, event.data);
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      onMessage(this, { runId: start.runId, type: 'error', message: event.message || 'the worker failed to load' });
    });
    this.send(start);
  }

  /** Not yet done, stopped or failed. */
  get active(): boolean {
    return this.state !== 'done' && this.state !== 'stopped' && this.state !== 'failed';
  }

  /** Posts a message to the worker. */
  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Abort through the trainer's signal; terminate if it has not stopped within the grace period. */
  abort(): void {
    this.send({ type: 'abort' });
    this.killTimer = window.setTimeout(() => this.terminate(), ABORT_GRACE_MS);
  }

  /** Ends the worker at once. */
  terminate(): void {
    window.clearTimeout(this.killTimer);
    this.worker.terminate();
  }
}
