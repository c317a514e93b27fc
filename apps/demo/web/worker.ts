// A training worker: one optimizer, one run. It sets up the WASM backend,
// builds the task's data, runs the trainer and posts each step to the page.
// On a cross-origin-isolated page the optimizer's heavy work (gradients,
// curvature products, line-search losses) runs on shard workers of hf's
// parallel engine (shard-worker.ts), this worker coordinating; elsewhere this
// worker computes alone.
// Pause holds the trainer at its `beforeStep` gate; abort stops it through
// its AbortSignal (between steps, or inside a step where the optimizer
// checks the signal).
import { MNIST_PIXELS } from '../src/data/mnist-shape.js';
import type { StepRecord } from '../src/report/metrics.js';
import { TASK_SPECS } from '../src/tasks.js';
import { trainers } from '../src/trainers/index.js';
import { describeWebTaskData, loadWebTaskData } from './data.js';
import { MODELS_KEY, PROGRESS_INTERVAL_MS, type FromWorker, type StartRun, type ToWorker } from './protocol.js';
import shardWorkerUrl from './shard-worker.ts?worker&url';
import { useServedWasmBackend } from './wasm.js';

/** The parts of the worker's global scope used here (the project's lib is "dom"). */
const scope = self as unknown as {
  readonly crossOriginIsolated?: boolean;
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
    // Shared memory and Atomics.wait need an isolated page: without it, no shard workers.
    const isolated = scope.crossOriginIsolated === true;
    const workers = isolated
      ? { ...(start.workers !== undefined ? { workers: start.workers } : {}), modelModuleUrl: MODELS_KEY, workerScript: shardWorkerUrl }
      : { workers: 1 };
    let lastProgress = -Infinity;
    let stepsDone = 0;
    const outcome = await trainers[start.optimizer](
      start.task,
      data,
      {
        budgetMs: start.budgetMs,
        seed: start.seed,
        previewCount,
        signal: abort.signal,
        ...workers,
        onReady: (ready) => post({ runId, type: 'started', isolated, ...ready }),
        onProgress: (progress) => {
          stepsDone = progress.step;
          // Every HF step (tens of ms to a minute each); Adam's steps of milliseconds at most every PROGRESS_INTERVAL_MS.
          const now = performance.now();
          if (progress.cgIterations === undefined && now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          post({ runId, type: 'progress', progress });
        },
        beforeStep: async () => {
          if (gate && !abort.signal.aborted) {
            post({ runId, type: 'paused' });
            await gate.promise;
          }
          if (start.optimizer === 'hf' && !abort.signal.aborted) post({ runId, type: 'stepStart', step: stepsDone + 1 });
        },
        onPreview: (images) => {
          const copy = images.slice();
          post({ runId, type: 'preview', images: copy }, [copy.buffer]);
        },
        previewEverySteps: PREVIEW_EVERY[start.optimizer],
      },
      (record: StepRecord) => post({ runId, type: 'step', record }),
    );
    post({
      runId,
      type: 'done',
      aborted: abort.signal.aborted,
      trainLoss: outcome.trainLoss,
      ...(outcome.testLoss !== undefined ? { testLoss: outcome.testLoss } : {}),
      ...(outcome.testScore !== undefined ? { testScore: outcome.testScore } : {}),
    });
  } catch (error) {
    post({ runId, type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    controller = undefined;
    gate = undefined;
  }
}
