import { checkNoAlias, checkOperator, checkVector, describe, nrm2 } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';

/**
 * The argument checks of the Krylov solvers and their helpers. Each is an
 * asserting function `checkX(name, value, ...)` that throws before any work is
 * done: a TypeError when the value has the wrong type, a RangeError when it
 * has the wrong value, with the message `${name} must be <expected>, got
 * ${describe(value)}` (linop's `describe`). `name` carries the function and
 * the argument, as in `cg: rtol`.
 */

/** Throws `${name} must be ${expected}, got ...`: a TypeError for a value of the wrong type. */
function wrongType(name: string, expected: string, value: unknown): never {
  throw new TypeError(`${name} must be ${expected}, got ${describe(value)}`);
}

/**
 * Throws `${name} must be ${expected}, got ...` for a number check: a
 * RangeError for a number out of range, a TypeError for anything else.
 */
function wrongNumber(name: string, expected: string, value: unknown): never {
  if (typeof value !== 'number') wrongType(name, expected, value);
  throw new RangeError(`${name} must be ${expected}, got ${describe(value)}`);
}

/** `value` is a LinearOperator of shape n x n (any square shape when n is omitted). */
export function checkSquareOperator(name: string, value: unknown, n?: number): asserts value is LinearOperator {
  checkOperator(name, value);
  const { rows, cols } = value;
  if (rows !== cols) throw new RangeError(`${name} must be square, got ${rows}x${cols}`);
  if (n !== undefined && rows !== n) throw new RangeError(`${name} must be ${n}x${n}, got ${rows}x${cols}`);
}

/** A tolerance: a finite number >= 0. */
export function checkTolerance(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) wrongNumber(name, 'a finite number >= 0', value);
}

/** A strictly positive finite number (a trust-region radius, a step size). */
export function checkPositive(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) wrongNumber(name, 'a finite number > 0', value);
}

/** An integer (a seed): a safe integer of any sign. */
export function checkInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) wrongNumber(name, 'an integer', value);
}

/** An iteration count: a non-negative safe integer. */
export function checkIterationCount(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) wrongNumber(name, 'a non-negative integer', value);
}

/** A positive safe integer (a window length, a number of steps). */
export function checkPositiveInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) wrongNumber(name, 'a positive integer', value);
}

/** A boolean flag. */
export function checkBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') wrongType(name, 'a boolean', value);
}

/** One of a few strings: a TypeError for a non-string, a RangeError for another string. */
export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (allowed.includes(value as T)) return;
  const expected = orList(allowed.map((a) => `'${a}'`));
  if (typeof value !== 'string') wrongType(name, expected, value);
  throw new RangeError(`${name} must be ${expected}, got ${describe(value)}`);
}

/** A callback. */
export function checkFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') wrongType(name, 'a function', value);
}

/** An AbortSignal (anything with a boolean `aborted`, so polyfills work too). */
export function checkSignal(name: string, value: unknown): asserts value is AbortSignal {
  if (typeof value !== 'object' || value === null || typeof (value as { aborted?: unknown }).aborted !== 'boolean') {
    wrongType(name, 'an AbortSignal', value);
  }
}

/** An options argument: undefined or an object. */
export function checkOptions(name: string, value: unknown): asserts value is object | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null)) wrongType(name, 'an object', value);
}

/** 'a', 'a or b', 'a, b or c'. */
function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The element type of a workspace: the constructor Float64Array or Float32Array. */
export function checkVectorType(name: string, value: unknown): asserts value is Float64ArrayConstructor | Float32ArrayConstructor {
  if (value !== Float64Array && value !== Float32Array) wrongType(name, 'Float64Array or Float32Array', value);
}

/** A vector of finite, nonzero norm (a starting vector to normalize). */
export function checkNonzeroVector(name: string, value: Vector): void {
  const norm = nrm2(value);
  if (!(norm > 0 && norm < Infinity)) throw new RangeError(`${name} must be nonzero and finite, got norm ${norm}`);
}

/**
 * A vector of finite entries whose Euclidean norm is a finite number too (a
 * right-hand side, a starting point): `${name} must be finite, got Infinity
 * at index 3`. One pass (linop's overflow-safe `nrm2`) when it holds.
 */
export function checkFiniteVector(name: string, value: Vector): void {
  if (nrm2(value) < Infinity) return; // NaN fails too
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i])) throw new RangeError(`${name} must be finite, got ${describe(value[i])} at index ${i}`);
  }
  throw new RangeError(`${name} must have a norm below ${Number.MAX_VALUE}, got one above it`);
}

/** A starting point inside the trust region: ||value|| <= radius. */
export function checkInsideRadius(name: string, value: Vector, radius: number): void {
  const norm = nrm2(value);
  if (!(norm <= radius)) throw new RangeError(`${name} must lie inside the trust region: ||x0|| = ${norm} > radius = ${radius}`);
}

/**
 * Which iterates to save: a boolean, a function, or a strictly increasing
 * array of non-negative integers (see `IterateSchedule`).
 */
export function checkIterateSchedule(
  name: string,
  value: unknown,
): asserts value is boolean | readonly number[] | ((iteration: number) => boolean) {
  if (typeof value === 'boolean' || typeof value === 'function') return;
  if (!Array.isArray(value)) wrongType(name, 'a boolean, an increasing array of iteration numbers or a function', value);
  value.forEach((v: unknown, i) => {
    checkIterationCount(`${name}[${i}]`, v);
    if (i > 0 && v <= value[i - 1]) {
      throw new RangeError(`${name} must be strictly increasing, got ${value[i - 1]} then ${v} at index ${i}`);
    }
  });
}

/**
 * A solver's `out` vector: of b's precision and length, and sharing memory
 * with none of b, x0 (unless it IS x0: an in-place warm start) and the
 * workspace vectors. `name` is the solver's and the argument's, `cg: out`.
 */
export function checkOutput(
  name: string,
  value: unknown,
  b: Vector,
  x0: Vector | null,
  workspace: readonly Vector[],
): asserts value is Vector {
  const want = b instanceof Float32Array ? Float32Array : Float64Array;
  if (!(value instanceof want)) throw new TypeError(`${name} must be a ${want.name} like b, got ${describe(value)}`);
  checkVector(name, value, b.length);
  checkNoAlias('b', b, name, value);
  if (x0 !== null && x0 !== value) checkNoAlias('x0', x0, name, value);
  for (const w of workspace) checkNoAlias('the workspace', w, name, value);
}

/**
 * A reusable workspace: an instance of `kind.type`, made by `kind.factory`
 * for b's length and precision. `name` is the solver's and the argument's,
 * `cg: workspace`.
 */
export function checkWorkspace<W extends { readonly n: number; readonly precision: 'float64' | 'float32' }>(
  name: string,
  value: unknown,
  kind: { readonly type: abstract new (...args: never[]) => W; readonly factory: string },
  b: Vector,
): asserts value is W {
  if (!(value instanceof kind.type)) throw new TypeError(`${name} must come from ${kind.factory}(), got ${describe(value)}`);
  const precision = b instanceof Float32Array ? 'float32' : 'float64';
  if (value.n !== b.length || value.precision !== precision) {
    throw new RangeError(
      `${name} must be ${kind.factory}(${b.length}, ${b.constructor.name}) to match b, got ${kind.factory}(${value.n}, ${value.precision})`,
    );
  }
}
