// A training worker: one optimizer, one run. It sets up the WASM backend,
// builds the task's data, runs the trainer and posts each step to the page.
// Pause holds the trainer at its `beforeStep` gate; abort stops it through
// its AbortSignal (between steps, or inside a step where the optimizer
// checks the signal).
import { MNIST_PIXELS } from '../src/data/mnist-shape.js';
import type { StepRecord } from '../src/report/metrics.js';
import { TASK_SPECS } from '../src/tasks.js';
import { trainers } from '../src/trainers/index.js';
import { describeWebTaskData, loadWebTaskData } from './data.js';
import type { FromWorker, StartRun, ToWorker } from './protocol.js';
import { useServedWasmBackend } from './wasm.js';

/** The parts of the worker's global scope used here (the project's lib is "dom"). */
const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};

/** Autoencoder previews: HF steps are slow, so preview every record; Adam records come fast. */
const PREVIEW_EVERY: Readonly<Record<StartRun['optimizer'], number>> = { hf: 1, adam: 5 };

let runId = -1;
let controller: AbortController | undefined;
/** While paused: the promise that `beforeStep` awaits, and how to settle it. */
let gate: { readonly promise: Promise<void>; readonly open: () => void } | undefined;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function openGate(): void {
  gate?.open();
  gate = undefined;
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      if (controller) {
        post({ runId: message.runId, type: 'error', message: 'this worker is already running; start a new one' });
        return;
      }
      void run(message);
      return;
    case 'pause':
      if (!gate) {
        let open = () => {};
        const promise = new Promise<void>((resolve) => (open = resolve));
        gate = { promise, open };
      }
      return;
    case 'resume':
      openGate();
      return;
    case 'abort':
      controller?.abort();
      openGate();
      return;
  }
});

async function run(start: StartRun): Promise<void> {
  runId = start.runId;
  const abort = new AbortController();
  controller = abort;
  try {
    post({ runId, type: 'status', text: 'starting the WebAssembly backend' });
    const backend = await useServedWasmBackend();
    post({ runId, type: 'status', text: 'loading data' });
    const data = await loadWebTaskData(start.task, start.seed);
    const previewCount = start.task === 'autoencoder' ? TASK_SPECS[start.task].previewCount : 0;
    const originals =
      data.kind === 'mnist' && previewCount > 0 ? data.test.images.slice(0, previewCount * MNIST_PIXELS) : undefined;
    post({ runId, type: 'ready', backend, data: describeWebTaskData(data), originals }, originals ? [originals.buffer] : []);
    if (abort.signal.aborted) {
      post({ runId, type: 'done', aborted: true, trainLoss: Number.NaN });
      return;
    }
    const outcome = await trainers[start.optimizer](
      start.task,
      data,
      {
        budgetMs: start.budgetMs,
        seed: start.seed,
        previewCount,
        signal: abort.signal,
        beforeStep: async () => {
          if (!gate || abort.signal.aborted) return;
          post({ runId, type: 'paused' });
          await gate.promise;
        },
        onPreview: (images) => {
          const copy = images.slice();
          post({ runId, type: 'preview', images: copy }, [copy.buffer]);
        },
        previewEverySteps: PREVIEW_EVERY[start.optimizer],
      },
      (record: StepRecord) => post({ runId, type: 'step', record }),
    );
    post({ runId, type: 'done', aborted: abort.signal.aborted, trainLoss: outcome.trainLoss, testLoss: outcome.testLoss });
  } catch (error) {
    post({ runId, type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    controller = undefined;
    gate = undefined;
  }
}
