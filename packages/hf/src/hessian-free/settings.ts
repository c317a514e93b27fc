import { describe } from '@hessian-free/linop';
import { checkBoolean, checkFunction, checkInteger, checkNonNegative, checkOptions, checkSeed } from '../checks.js';
import { MIN_EXAMPLES_PER_WORKER, parallelSettings, type ParallelSettings } from '../training/parallel-settings.js';
import type { IndefiniteSolver } from '../minimize/types.js';
import type { CurvatureKind, HessianFreeOptions, HessianFreeStateOptions } from './types.js';

/** HessianFreeOptions with every default filled in and checked. */
export interface HfSettings extends HessianFreeStateOptions {
  readonly onStep: HessianFreeOptions['onStep'];
  /** Where the sums over examples run: not part of a saved state (it belongs to the machine, not the run). */
  readonly parallel: ParallelSettings;
}

/** The gradient batch defaults to the whole set up to this many examples. */
const DEFAULT_MAX_GRADIENT_BATCH = 10_000;
/** The curvature batch defaults to at most this many examples. */
const DEFAULT_MAX_CURVATURE_BATCH = 1000;

const KINDS: readonly CurvatureKind[] = ['gauss-newton', 'hessian', 'fisher'];
const SOLVERS: readonly IndefiniteSolver[] = ['cg', 'minres'];

const KNOWN: ReadonlySet<string> = new Set([
  'curvature',
  'indefiniteSolver',
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
export function hfSettings(where: string, options: unknown, n: number, hasHidden: boolean, name = `${where}: options`, numParams = 1): HfSettings {
  checkOptions(name, options, KNOWN);
  const o: HessianFreeOptions = options ?? {};
  const curvature = o.curvature ?? 'gauss-newton';
  if (!KINDS.includes(curvature)) {
    throw new RangeError(`${name}.curvature must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${describe(curvature)}`);
  }
  const indefiniteSolver = o.indefiniteSolver ?? 'cg';
  if (!SOLVERS.includes(indefiniteSolver)) {
    const Type = typeof indefiniteSolver === 'string' ? RangeError : TypeError;
    throw new Type(`${name}.indefiniteSolver must be 'cg' or 'minres', got ${describe(indefiniteSolver)}`);
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
    indefiniteSolver,
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
    parallel: parallelSettings(name, o, Math.min(n, gradientBatchSize, curvatureBatchSize), numParams, MIN_EXAMPLES_PER_WORKER.hessianFree),
  };
  checkInteger(`${name}.maxCgIterations`, settings.maxCgIterations, 1);
  for (const flag of ['preconditioner', 'backtracking', 'lineSearch'] as const) checkBoolean(`${name}.${flag}`, settings[flag]);
  checkNonNegative(`${name}.l2`, settings.l2);
  checkSeed(`${name}.seed`, settings.seed);
  checkBoolean(`${name}.yieldToEventLoop`, settings.yieldToEventLoop);
  return settings;
}

/** The settings without the callback and the machine's workers: what a saved state carries. */
export function stateOptions(s: HfSettings): HessianFreeStateOptions {
  const { onStep: _, parallel: __, ...rest } = s;
  return rest;
}
