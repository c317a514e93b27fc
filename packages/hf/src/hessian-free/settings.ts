import { describe } from '@hessian-free/linop';
import { checkBoolean, checkFunction, checkInteger, checkNonNegative, checkOptions, checkSeed, checkString } from '../checks.js';
import type { ModelModule } from '@hessian-free/parallel';
import type { CurvatureKind, HessianFreeOptions, HessianFreeStateOptions } from './types.js';

/** HessianFreeOptions with every default filled in and checked. */
export interface HfSettings extends HessianFreeStateOptions {
  readonly onStep: HessianFreeOptions['onStep'];
  /** Where the sums over examples run: not part of a saved state (it belongs to the machine, not the run). */
  readonly parallel: {
    readonly workers: number;
    readonly modelModule: ModelModule | undefined;
    readonly workerScript: string | URL | undefined;
  };
}

/**
 * With `workers` left to its default, each worker gets at least this many
 * examples of the curvature batch: below it the fixed cost of a product
 * (waking the workers, adding their parts) outweighs the gain (see
 * docs/scaling.md).
 */
export const MIN_EXAMPLES_PER_WORKER = 32;

/** The gradient batch defaults to the whole set up to this many examples. */
const DEFAULT_MAX_GRADIENT_BATCH = 10_000;
/** The curvature batch defaults to at most this many examples. */
const DEFAULT_MAX_CURVATURE_BATCH = 1000;

const KINDS: readonly CurvatureKind[] = ['gauss-newton', 'hessian', 'fisher'];

const KNOWN: ReadonlySet<string> = new Set([
  'curvature',
  'gradientBatchSize',
  'curvatureBatchSize',
  'initialLambda',
  'structuralDampingMu',
  'maxCgIterations',
  'warmStartDecay',
  'preconditioner',
  'backtracking',
  'lineSearch',
  'l2',
  'seed',
  'yieldToEventLoop',
  'onStep',
  'workers',
  'modelModule',
  'workerScript',
]);

/**
 * Checks `options` for a data set of `n` examples and fills in the defaults;
 * errors name the option (`name`.x, by default `${where}: options`.x).
 * `hasHidden`: whether the model returns hidden states (structural damping
 * needs them).
 */
export function hfSettings(where: string, options: unknown, n: number, hasHidden: boolean, name = `${where}: options`): HfSettings {
  checkOptions(name, options, KNOWN);
  const o: HessianFreeOptions = options ?? {};
  const curvature = o.curvature ?? 'gauss-newton';
  if (!KINDS.includes(curvature)) {
    throw new RangeError(`${name}.curvature must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${describe(curvature)}`);
  }
  const gradientBatchSize = o.gradientBatchSize ?? DEFAULT_MAX_GRADIENT_BATCH;
  checkInteger(`${name}.gradientBatchSize`, gradientBatchSize, 1);
  const curvatureBatchSize = o.curvatureBatchSize ?? DEFAULT_MAX_CURVATURE_BATCH;
  checkInteger(`${name}.curvatureBatchSize`, curvatureBatchSize, 1);
  const initialLambda = o.initialLambda ?? 1;
  checkNonNegative(`${name}.initialLambda`, initialLambda);
  if (initialLambda === 0) {
    throw new RangeError(`${name}.initialLambda must be > 0 (Levenberg-Marquardt scales lambda, so 0 would stay 0), got 0`);
  }
  const structuralDampingMu = o.structuralDampingMu ?? 0;
  checkNonNegative(`${name}.structuralDampingMu`, structuralDampingMu);
  if (structuralDampingMu > 0 && !hasHidden) {
    throw new RangeError(`${name}.structuralDampingMu > 0 needs a model whose forward returns { output, hidden }`);
  }
  const warmStartDecay = o.warmStartDecay ?? 0.95;
  checkNonNegative(`${name}.warmStartDecay`, warmStartDecay);
  if (warmStartDecay > 1) throw new RangeError(`${name}.warmStartDecay must be in [0, 1], got ${warmStartDecay}`);
  if (o.onStep !== undefined) checkFunction(`${name}.onStep`, o.onStep);
  const settings = {
    curvature,
    gradientBatchSize: Math.min(n, gradientBatchSize),
    curvatureBatchSize: Math.min(n, gradientBatchSize, curvatureBatchSize),
    initialLambda,
    structuralDampingMu,
    maxCgIterations: o.maxCgIterations ?? 250,
    warmStartDecay,
    preconditioner: o.preconditioner ?? true,
    backtracking: o.backtracking ?? true,
    lineSearch: o.lineSearch ?? true,
    l2: o.l2 ?? 0,
    seed: o.seed ?? 0,
    yieldToEventLoop: o.yieldToEventLoop ?? true,
    onStep: o.onStep,
    parallel: parallelSettings(name, o, Math.min(n, gradientBatchSize, curvatureBatchSize)),
  };
  checkInteger(`${name}.maxCgIterations`, settings.maxCgIterations, 1);
  for (const flag of ['preconditioner', 'backtracking', 'lineSearch'] as const) checkBoolean(`${name}.${flag}`, settings[flag]);
  checkNonNegative(`${name}.l2`, settings.l2);
  checkSeed(`${name}.seed`, settings.seed);
  checkBoolean(`${name}.yieldToEventLoop`, settings.yieldToEventLoop);
  return settings;
}

const MODULE_KEYS: ReadonlySet<string> = new Set(['url', 'model', 'loss']);

/** The settings without the callback and the machine's workers: what a saved state carries. */
export function stateOptions(s: HfSettings): HessianFreeStateOptions {
  const { onStep: _, parallel: __, ...rest } = s;
  return rest;
}

/**
 * workers, modelModule and workerScript, checked. Default workers: with a
 * modelModule, the cores available, as long as each worker gets at least
 * MIN_EXAMPLES_PER_WORKER examples of the curvature batch; without one, 1
 * (functions cannot cross threads: the workers build the model from its module).
 */
function parallelSettings(name: string, o: HessianFreeOptions, curvatureBatch: number): HfSettings['parallel'] {
  const { modelModule, workerScript } = o;
  if (modelModule !== undefined) {
    checkOptions(`${name}.modelModule`, modelModule, MODULE_KEYS);
    if (modelModule === null) throw new TypeError(`${name}.modelModule must be an object, got null`);
    checkString(`${name}.modelModule.url`, modelModule.url);
    if (modelModule.model !== undefined) checkString(`${name}.modelModule.model`, modelModule.model);
    if (modelModule.loss !== undefined) checkString(`${name}.modelModule.loss`, modelModule.loss);
  }
  if (workerScript !== undefined && typeof workerScript !== 'string' && !(workerScript instanceof URL)) {
    throw new TypeError(`${name}.workerScript must be a string or a URL, got ${describe(workerScript)}`);
  }
  const fallback = modelModule === undefined ? 1 : Math.max(1, Math.min(availableCores(), Math.floor(curvatureBatch / MIN_EXAMPLES_PER_WORKER)));
  const workers = o.workers ?? fallback;
  checkInteger(`${name}.workers`, workers, 1);
  if (workers > 1 && modelModule === undefined) {
    throw new RangeError(
      `${name}.workers > 1 needs ${name}.modelModule ({ url, model?, loss? }): functions cannot cross threads, so each worker builds the model from its ES module`,
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
