import type { CurvatureKind, HessianFreeOptions } from './types.js';

/** HessianFreeOptions with every default filled in and checked. */
export interface HfSettings {
  readonly curvature: CurvatureKind;
  readonly gradientBatchSize: number;
  readonly curvatureBatchSize: number;
  readonly initialLambda: number;
  readonly structuralDampingMu: number;
  readonly maxCgIterations: number;
  readonly warmStartDecay: number;
  readonly preconditioner: boolean;
  readonly backtracking: boolean;
  readonly lineSearch: boolean;
  readonly l2: number;
  readonly seed: number;
  readonly yieldToEventLoop: boolean;
  readonly onStep: HessianFreeOptions['onStep'];
}

/** The gradient batch defaults to the whole set up to this many examples. */
export const DEFAULT_MAX_GRADIENT_BATCH = 10_000;
/** The curvature batch defaults to at most this many examples. */
export const DEFAULT_MAX_CURVATURE_BATCH = 1000;

const KINDS: readonly CurvatureKind[] = ['gauss-newton', 'hessian', 'fisher'];

/** Checks `options` against a data set of `n` examples; errors name the option. */
export function hfSettings(where: string, options: HessianFreeOptions | undefined, n: number, hasHidden: boolean | null): HfSettings {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new TypeError(`${where}: options must be an object`);
  const curvature = o.curvature ?? 'gauss-newton';
  if (!KINDS.includes(curvature)) {
    throw new RangeError(`${where}: options.curvature must be one of ${KINDS.join(', ')}, got ${String(curvature)}`);
  }
  const gradientBatchSize = Math.min(n, positiveInteger(where, 'gradientBatchSize', o.gradientBatchSize ?? DEFAULT_MAX_GRADIENT_BATCH));
  const curvatureBatchSize = Math.min(
    gradientBatchSize,
    positiveInteger(where, 'curvatureBatchSize', o.curvatureBatchSize ?? DEFAULT_MAX_CURVATURE_BATCH),
  );
  const structuralDampingMu = nonNegative(where, 'structuralDampingMu', o.structuralDampingMu ?? 0);
  if (structuralDampingMu > 0 && hasHidden === false) {
    throw new RangeError(`${where}: options.structuralDampingMu > 0 needs a model whose forward returns { output, hidden }`);
  }
  const warmStartDecay = nonNegative(where, 'warmStartDecay', o.warmStartDecay ?? 0.95);
  if (warmStartDecay > 1) throw new RangeError(`${where}: options.warmStartDecay must be in [0, 1], got ${warmStartDecay}`);
  if (o.onStep !== undefined && typeof o.onStep !== 'function') throw new TypeError(`${where}: options.onStep must be a function`);
  const seed = o.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`${where}: options.seed must be an integer, got ${String(seed)}`);
  return {
    curvature,
    gradientBatchSize,
    curvatureBatchSize,
    initialLambda: nonNegative(where, 'initialLambda', o.initialLambda ?? 1),
    structuralDampingMu,
    maxCgIterations: positiveInteger(where, 'maxCgIterations', o.maxCgIterations ?? 250),
    warmStartDecay,
    preconditioner: flag(where, 'preconditioner', o.preconditioner ?? true),
    backtracking: flag(where, 'backtracking', o.backtracking ?? true),
    lineSearch: flag(where, 'lineSearch', o.lineSearch ?? true),
    l2: nonNegative(where, 'l2', o.l2 ?? 0),
    seed,
    yieldToEventLoop: flag(where, 'yieldToEventLoop', o.yieldToEventLoop ?? true),
    onStep: o.onStep,
  };
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

function flag(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${where}: options.${name} must be a boolean, got ${String(value)}`);
  return value;
}

/** Checks the initial parameters against the model. */
export function checkTheta(where: string, theta: unknown, numParams: number): Float32Array {
  if (!(theta instanceof Float32Array)) throw new TypeError(`${where}: theta0 must be a Float32Array`);
  if (theta.length !== numParams) {
    throw new RangeError(`${where}: theta0 must have length ${numParams} (the model's parameter count), got ${theta.length}`);
  }
  const bad = theta.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${where}: theta0 must be finite, got theta0[${bad}] = ${theta[bad]}`);
  return theta.slice();
}
