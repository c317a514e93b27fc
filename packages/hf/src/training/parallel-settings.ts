import { describe } from '@hessian-free/linop';
import type { ModelModule } from '@hessian-free/parallel';
import { checkInteger, checkOptions, checkString } from '../checks.js';

/**
 * With `workers` left to its default, each worker's share of the batch it
 * shares (HF: the curvature batch; the baselines: the minibatch) must be at
 * least this much work, counted as examples x parameters (a dense layer's
 * product costs a few flops per parameter and example: 2^22 is a few ms at
 * 10 GFLOP/s). Below it the fixed cost of a request (waking the workers,
 * adding their parts: about 0.1-0.5 ms, docs/scaling.md) eats the gain.
 * Recurrent models reuse each weight at every time step, so this count
 * underestimates their work by the sequence length: set `workers` for them.
 */
export const MIN_WORK_PER_WORKER = 2 ** 22;

/**
 * With `workers` left to its default, each worker must also hold at least
 * this many examples of the shared batch: every request moves
 * parameter-sized vectors through each worker (theta or v in, the part
 * out), whatever the batch, so few examples per worker leave that cost
 * unpaid. Measured on the demo's autoencoder (docs/scaling.md): an HF step
 * with 50 curvature examples a worker ran 1.16x faster on 2 workers; an Adam
 * step with 50 minibatch examples a worker ran 0.89x (it also reads its
 * parameters back and uploads the gradient each step): HF needs 40, the
 * first-order baselines 128.
 */
export const MIN_EXAMPLES_PER_WORKER = { hessianFree: 40, firstOrder: 128 } as const;

/** The options that say where an optimizer's sums over examples run (hessianFree, adam, sgdMomentum). */
export interface WorkerOptions {
  readonly workers?: number;
  readonly modelModule?: ModelModule;
  readonly workerScript?: string | URL;
}

/** The worker options, checked and with the default filled in: not part of a saved state (they belong to the machine, not the run). */
export interface ParallelSettings {
  readonly workers: number;
  readonly modelModule: ModelModule | undefined;
  readonly workerScript: string | URL | undefined;
}

const MODULE_KEYS: ReadonlySet<string> = new Set(['url', 'model', 'args', 'loss']);

/**
 * workers, modelModule and workerScript of `o`, checked (errors name them as
 * `name`.x). Default workers: with a modelModule, as many of the cores
 * available as keep each worker's share of the `batch` examples at
 * MIN_WORK_PER_WORKER or more (`numParams` parameters) and its examples at
 * `minExamples` or more (MIN_EXAMPLES_PER_WORKER); without one, 1
 * (functions cannot cross threads: the workers build the model from its module).
 */
export function parallelSettings(name: string, o: WorkerOptions, batch: number, numParams: number, minExamples: number): ParallelSettings {
  const { modelModule, workerScript } = o;
  if (modelModule !== undefined) {
    checkOptions(`${name}.modelModule`, modelModule, MODULE_KEYS);
    if (modelModule === null) throw new TypeError(`${name}.modelModule must be an object, got null`);
    checkString(`${name}.modelModule.url`, modelModule.url);
    if (modelModule.model !== undefined) checkString(`${name}.modelModule.model`, modelModule.model);
    if (modelModule.args !== undefined && !Array.isArray(modelModule.args)) {
      throw new TypeError(`${name}.modelModule.args must be an array, got ${describe(modelModule.args)}`);
    }
    if (modelModule.loss !== undefined) checkString(`${name}.modelModule.loss`, modelModule.loss);
  }
  if (workerScript !== undefined && typeof workerScript !== 'string' && !(workerScript instanceof URL)) {
    throw new TypeError(`${name}.workerScript must be a string or a URL, got ${describe(workerScript)}`);
  }
  const byWork = Math.floor((batch * numParams) / MIN_WORK_PER_WORKER);
  const byExamples = Math.floor(batch / minExamples);
  const fallback = modelModule === undefined ? 1 : Math.max(1, Math.min(availableCores(), byWork, byExamples));
  const workers = o.workers ?? fallback;
  checkInteger(`${name}.workers`, workers, 1);
  if (workers > 1 && modelModule === undefined) {
    throw new RangeError(
      `${name}.workers > 1 needs ${name}.modelModule ({ url, model?, args?, loss? }): functions cannot cross threads, so each worker builds the model from its ES module`,
    );
  }
  return { workers, modelModule, workerScript };
}

/** Logical cores: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers, else 1. */
function availableCores(): number {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = node?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const cores = os?.availableParallelism?.() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? Math.floor(cores) : 1;
}
