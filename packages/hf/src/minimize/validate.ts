import type { MinimizeCallbacks, MinimizeMethod, MinimizeOptions, TensorObjective } from './types.js';

/**
 * Argument checks of `minimize`, all done before f is first evaluated; each
 * error names the argument and what was expected.
 */

/** The options with their defaults filled in. */
export interface Settings {
  readonly method: MinimizeMethod;
  readonly gtol: number;
  readonly xtol: number;
  readonly ftol: number;
  readonly maxIter: number;
  readonly forcingMax: number;
  readonly maxCgIter: number | undefined;
  readonly initialRadius: number;
  readonly history: boolean;
  readonly onIteration: MinimizeOptions['onIteration'];
  readonly signal: AbortSignal | undefined;
}

const METHODS: readonly MinimizeMethod[] = ['line-search', 'trust-region'];

/** f is either a tfjs function or an object of callbacks; returns which. */
export function checkObjective(f: unknown): 'tensor' | 'callbacks' {
  if (typeof f === 'function') return 'tensor';
  if (typeof f !== 'object' || f === null) {
    throw new TypeError(
      `minimize: f must be an object with value, gradient and hessianVector callbacks, or a function (x: tf.Tensor1D) => tf.Scalar; got ${describe(f)}`,
    );
  }
  for (const name of ['value', 'gradient', 'hessianVector'] as const) {
    const cb = (f as Partial<MinimizeCallbacks>)[name];
    if (typeof cb !== 'function') throw new TypeError(`minimize: f.${name} must be a function, got ${describe(cb)}`);
  }
  const vg = (f as MinimizeCallbacks).valueAndGradient;
  if (vg !== undefined && typeof vg !== 'function') {
    throw new TypeError(`minimize: f.valueAndGradient must be a function when given, got ${describe(vg)}`);
  }
  return 'callbacks';
}

/** x0 is a non-empty Float64Array or Float32Array of finite numbers. */
export function checkStart(x0: unknown): asserts x0 is Float64Array | Float32Array {
  if (!(x0 instanceof Float64Array || x0 instanceof Float32Array)) {
    throw new TypeError(`minimize: x0 must be a Float64Array or Float32Array, got ${describe(x0)}`);
  }
  if (x0.length === 0) throw new RangeError('minimize: x0 must have length >= 1, got 0');
  for (let i = 0; i < x0.length; i++) {
    if (!Number.isFinite(x0[i])) throw new RangeError(`minimize: x0 must be finite, but x0[${i}] is ${x0[i]}`);
  }
}

export function checkOptions(options: unknown, kind: 'tensor' | 'callbacks'): Settings {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`minimize: options must be an object, got ${describe(options)}`);
  }
  const o = (options ?? {}) as MinimizeOptions;
  const method = o.method ?? 'line-search';
  if (!METHODS.includes(method)) {
    throw new RangeError(`minimize: options.method must be 'line-search' or 'trust-region', got ${String(method)}`);
  }
  const gtol = tolerance('gtol', o.gtol ?? (kind === 'tensor' ? 1e-4 : 1e-8));
  const xtol = tolerance('xtol', o.xtol ?? 0);
  const ftol = tolerance('ftol', o.ftol ?? 0);
  const maxIter = count('maxIter', o.maxIter ?? 1000, 0);
  const forcingMax = o.forcingMax ?? 0.5;
  if (typeof forcingMax !== 'number' || !(forcingMax > 0 && forcingMax < 1)) {
    throw new RangeError(`minimize: options.forcingMax must be a number in (0, 1), got ${String(forcingMax)}`);
  }
  const maxCgIter = o.maxCgIter === undefined ? undefined : count('maxCgIter', o.maxCgIter, 1);
  const initialRadius = o.initialRadius ?? 1;
  if (typeof initialRadius !== 'number' || !Number.isFinite(initialRadius) || initialRadius <= 0) {
    throw new RangeError(`minimize: options.initialRadius must be a finite number > 0, got ${String(initialRadius)}`);
  }
  const history = o.history ?? false;
  if (typeof history !== 'boolean') throw new TypeError(`minimize: options.history must be a boolean, got ${describe(history)}`);
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') {
    throw new TypeError(`minimize: options.onIteration must be a function, got ${describe(o.onIteration)}`);
  }
  const signal = o.signal;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')) {
    throw new TypeError(`minimize: options.signal must be an AbortSignal, got ${describe(signal)}`);
  }
  return { method, gtol, xtol, ftol, maxIter, forcingMax, maxCgIter, initialRadius, history, onIteration: o.onIteration, signal };
}

function tolerance(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`minimize: options.${name} must be a finite number >= 0, got ${String(v)}`);
  }
  return v;
}

function count(name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new RangeError(`minimize: options.${name} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
