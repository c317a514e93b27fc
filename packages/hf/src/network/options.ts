import type { CurvatureKind, HessianFreeOptions, HessianFreeStateOptions } from './types.js';

/** HessianFreeOptions with every default filled in and checked. */
export interface HfSettings extends HessianFreeStateOptions {
  readonly onStep: HessianFreeOptions['onStep'];
}

/** The gradient batch defaults to the whole set up to this many examples. */
export const DEFAULT_MAX_GRADIENT_BATCH = 10_000;
/** The curvature batch defaults to at most this many examples. */
export const DEFAULT_MAX_CURVATURE_BATCH = 1000;

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
]);

/**
 * Checks `options` for a data set of `n` examples and fills in the defaults;
 * errors name the option. `hasHidden`: whether the model returns hidden
 * states (structural damping needs them).
 */
export function hfSettings(where: string, options: unknown, n: number, hasHidden: boolean): HfSettings {
  const o = optionsRecord(where, options, KNOWN) as HessianFreeOptions;
  const curvature = o.curvature ?? 'gauss-newton';
  if (!KINDS.includes(curvature)) {
    throw new RangeError(`${where}: options.curvature must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${String(curvature)}`);
  }
  const gradientBatchSize = Math.min(n, positiveInteger(where, 'gradientBatchSize', o.gradientBatchSize ?? DEFAULT_MAX_GRADIENT_BATCH));
  const curvatureBatchSize = Math.min(
    gradientBatchSize,
    positiveInteger(where, 'curvatureBatchSize', o.curvatureBatchSize ?? DEFAULT_MAX_CURVATURE_BATCH),
  );
  const initialLambda = nonNegative(where, 'initialLambda', o.initialLambda ?? 1);
  if (initialLambda === 0) {
    throw new RangeError(`${where}: options.initialLambda must be > 0 (Levenberg-Marquardt scales lambda, so 0 would stay 0), got 0`);
  }
  const structuralDampingMu = nonNegative(where, 'structuralDampingMu', o.structuralDampingMu ?? 0);
  if (structuralDampingMu > 0 && !hasHidden) {
    throw new RangeError(`${where}: options.structuralDampingMu > 0 needs a model whose forward returns { output, hidden }`);
  }
  const warmStartDecay = nonNegative(where, 'warmStartDecay', o.warmStartDecay ?? 0.95);
  if (warmStartDecay > 1) throw new RangeError(`${where}: options.warmStartDecay must be in [0, 1], got ${warmStartDecay}`);
  if (o.onStep !== undefined && typeof o.onStep !== 'function') {
    throw new TypeError(`${where}: options.onStep must be a function, got ${typeof o.onStep}`);
  }
  return {
    curvature,
    gradientBatchSize,
    curvatureBatchSize,
    initialLambda,
    structuralDampingMu,
    maxCgIterations: positiveInteger(where, 'maxCgIterations', o.maxCgIterations ?? 250),
    warmStartDecay,
    preconditioner: flag(where, 'preconditioner', o.preconditioner ?? true),
    backtracking: flag(where, 'backtracking', o.backtracking ?? true),
    lineSearch: flag(where, 'lineSearch', o.lineSearch ?? true),
    l2: nonNegative(where, 'l2', o.l2 ?? 0),
    seed: integer(where, 'seed', o.seed ?? 0),
    yieldToEventLoop: flag(where, 'yieldToEventLoop', o.yieldToEventLoop ?? true),
    onStep: o.onStep,
  };
}

/** The settings without the callback: what a saved state carries. */
export function stateOptions(s: HfSettings): HessianFreeStateOptions {
  const { onStep: _, ...rest } = s;
  return rest;
}

/** `options` as a record (undefined: {}), rejecting names not in `known` (typos would be silently ignored). */
export function optionsRecord(where: string, options: unknown, known: ReadonlySet<string>): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new TypeError(`${where}: unknown option '${key}' (known: ${[...known].join(', ')})`);
    }
  }
  return options as Record<string, unknown>;
}

export function positiveInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${where}: options.${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function nonNegative(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${where}: options.${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

export function positive(where: string, name: string, value: unknown): number {
  if (nonNegative(where, name, value) === 0) throw new RangeError(`${where}: options.${name} must be > 0, got 0`);
  return value as number;
}

export function integer(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${where}: options.${name} must be an integer, got ${String(value)}`);
  }
  return value;
}

function flag(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${where}: options.${name} must be a boolean, got ${String(value)}`);
  return value;
}

/** Checks initial parameters against the model; returns a copy. */
export function checkTheta(where: string, name: string, theta: unknown, numParams: number): Float32Array {
  if (!(theta instanceof Float32Array)) {
    throw new TypeError(`${where}: ${name} must be a Float32Array, got ${theta === null ? 'null' : (theta as object)?.constructor?.name ?? typeof theta}`);
  }
  if (theta.length !== numParams) {
    throw new RangeError(`${where}: ${name} must have length ${numParams} (the model's parameter count), got ${theta.length}`);
  }
  const bad = theta.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${where}: ${name} must be finite, got ${name}[${bad}] = ${theta[bad]}`);
  return theta.slice();
}
