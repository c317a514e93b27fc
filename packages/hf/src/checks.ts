import { describe } from '@hessian-free/linop';

/**
 * The argument checks every part of hf uses (the project's convention: an
 * asserting `checkX(name, value)` whose `name` carries the function and the
 * argument, e.g. `checkPositive('adam: options.learningRate', v)`). Each
 * throws before anything runs or is allocated, with the message
 * `${name} must be <expected>, got ${describe(value)}`. The checks of one
 * area live beside it: minimize/checks.ts (the objective, x0) and
 * training/checks.ts (model, loss, data, parameters). `describe` is linop's.
 */

/**
 * An options argument: undefined (all defaults) or an object whose keys are
 * all in `known` (a misspelt option would otherwise be silently ignored).
 */
export function checkOptions(name: string, value: unknown, known?: ReadonlySet<string>): asserts value is object | undefined {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  }
  if (known === undefined) return;
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new TypeError(`${name} must hold only known options (${[...known].join(', ')}), got unknown option '${key}'`);
  }
}

/** A finite number >= 0. */
export function checkNonNegative(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${describe(value)}`);
  }
}

/** A finite number > 0. */
export function checkPositive(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${describe(value)}`);
  }
}

/** A decay or momentum factor: a number in [0, 1). */
export function checkDecay(name: string, value: unknown): asserts value is number {
  checkNonNegative(name, value);
  if (value >= 1) throw new RangeError(`${name} must be in [0, 1), got ${value}`);
}

/** A number in the open interval (0, 1). */
export function checkFraction(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new RangeError(`${name} must be a number in (0, 1), got ${describe(value)}`);
  }
}

/** A safe integer, and >= `min` when given (a RangeError also for a non-number: the value is what is wrong). */
export function checkInteger(name: string, value: unknown, min?: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (min !== undefined && value < min)) {
    throw new RangeError(`${name} must be an integer${min === undefined ? '' : ` >= ${min}`}, got ${describe(value)}`);
  }
}

/** The largest seed: seeds are the 32-bit states of linop's seededRng. */
const MAX_SEED = 0xffffffff;

/**
 * A generator seed: an integer in [0, 2^32 - 1], taken as it is (a TypeError
 * for a non-number, a RangeError for any other value: never reduced modulo
 * 2^32, which would turn -1 into 4294967295 and 2^40 into 0).
 */
export function checkSeed(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer in [0, ${MAX_SEED}], got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new RangeError(`${name} must be an integer in [0, ${MAX_SEED}], got ${describe(value)}`);
  }
}

/** true or false. */
export function checkBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

/** A function, e.g. a callback option. */
export function checkFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
}

/** An AbortSignal or undefined (duck-typed on `aborted`, so that a signal from another realm passes). */
export function checkSignal(name: string, value: unknown): asserts value is AbortSignal | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null || typeof (value as AbortSignal).aborted !== 'boolean')) {
    throw new TypeError(`${name} must be an AbortSignal, got ${describe(value)}`);
  }
}

/** The argument part of a check's name: `theta0` of `'adam: theta0'`. */
export function argumentOf(name: string): string {
  return name.slice(name.lastIndexOf(' ') + 1);
}

/** Every entry finite; the message names the first that is not (`minimize: x0 must be finite, but x0[3] is NaN`). */
export function checkAllFinite(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${name} must be finite, but ${argumentOf(name)}[${i}] is ${values[i]}`);
  }
}

/** A non-empty string. */
export function checkString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string, got ${describe(value)}`);
}
