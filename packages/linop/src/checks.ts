import type { IndexArray, LinearOperator, OperatorTags, Vector } from './types.js';

/**
 * Argument checks shared by the operators and the solvers built on them. Each
 * is an asserting function `checkX(name, value, ...more)` that throws before
 * anything is written: a TypeError for a value of the wrong type, a RangeError
 * for a wrong value, with the message `${name} must be <expected>, got
 * ${describe(value)}`. `name` names the function and the argument, as in
 * `'csr: indptr'` or `'dense.apply: x'`.
 */

/**
 * What a value is, for the end of an error message: a number as itself,
 * a string as `the string "..."`, `null`, `undefined`, a boolean or bigint as
 * itself, `a function`, and an object by its constructor's name.
 *
 * @example
 * ```ts
 * import { describe } from '@hessian-free/linop';
 * describe('1'); // 'the string "1"'
 * describe(-2); // '-2'
 * describe([1, 2]); // 'Array'
 * describe(new Float32Array(3)); // 'Float32Array'
 * ```
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      return (value as object).constructor?.name || 'object';
    default:
      return String(value); // number, boolean, undefined
  }
}

/**
 * Asserts that a size is a non-negative safe integer (RangeError otherwise).
 *
 * @example
 * ```ts
 * import { checkDimension } from '@hessian-free/linop';
 * checkDimension('myOperator: rows', 3); // passes
 * // checkDimension('myOperator: rows', -1) throws
 * // RangeError: myOperator: rows must be a non-negative integer, got -1
 * ```
 */
export function checkDimension(name: string, n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${describe(n)}`);
  }
}

/**
 * Asserts that a vector is a Float64Array or Float32Array (TypeError
 * otherwise) of the given length (RangeError otherwise).
 *
 * @example
 * ```ts
 * import { checkVector } from '@hessian-free/linop';
 * checkVector('solve: b', new Float64Array(4), 4); // passes
 * // checkVector('solve: b', new Float64Array(3), 4) throws
 * // RangeError: solve: b must have length 4, got 3
 * ```
 */
export function checkVector(name: string, v: unknown, length: number): asserts v is Vector {
  checkFloatArray(name, v);
  if (v.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got ${v.length}`);
  }
}

/**
 * Asserts that a value is a Float64Array or Float32Array of any length
 * (TypeError otherwise).
 *
 * @example
 * ```ts
 * import { checkFloatArray } from '@hessian-free/linop';
 * checkFloatArray('dense: data', new Float32Array(6)); // passes
 * // checkFloatArray('dense: data', [1, 2]) throws
 * // TypeError: dense: data must be a Float64Array or Float32Array, got Array
 * ```
 */
export function checkFloatArray(name: string, v: unknown): asserts v is Vector {
  if (!(v instanceof Float64Array || v instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float64Array or Float32Array, got ${describe(v)}`);
  }
}

/**
 * Asserts that a value is an Int32Array or Uint32Array of any length
 * (TypeError otherwise).
 *
 * @example
 * ```ts
 * import { checkIndexArray } from '@hessian-free/linop';
 * checkIndexArray('csr: indptr', Int32Array.from([0, 1, 2])); // passes
 * // checkIndexArray('csr: indptr', new Float64Array(3)) throws
 * // TypeError: csr: indptr must be an Int32Array or Uint32Array, got Float64Array
 * ```
 */
export function checkIndexArray(name: string, v: unknown): asserts v is IndexArray {
  if (!(v instanceof Int32Array || v instanceof Uint32Array)) {
    throw new TypeError(`${name} must be an Int32Array or Uint32Array, got ${describe(v)}`);
  }
}

/**
 * Asserts that the input and the output of an in-place product do not share
 * memory (RangeError `${yName} must not share memory with ${xName}`
 * otherwise). Views of one buffer that do not overlap are fine.
 *
 * @example
 * ```ts
 * import { checkNoAlias } from '@hessian-free/linop';
 * const buffer = new Float64Array(4);
 * checkNoAlias('x', buffer.subarray(0, 2), 'y', buffer.subarray(2, 4)); // passes
 * // checkNoAlias('x', buffer, 'y', buffer) throws
 * // RangeError: y must not share memory with x
 * ```
 */
export function checkNoAlias(xName: string, x: Vector, yName: string, y: Vector): void {
  if (x.buffer === y.buffer && overlaps(x, y)) {
    throw new RangeError(`${yName} must not share memory with ${xName}`);
  }
}

/**
 * Asserts that a scalar coefficient is a finite number (RangeError
 * otherwise).
 *
 * @example
 * ```ts
 * import { checkFinite } from '@hessian-free/linop';
 * checkFinite('shift: sigma', 0.1); // passes
 * // checkFinite('shift: sigma', NaN) throws
 * // RangeError: shift: sigma must be a finite number, got NaN
 * ```
 */
export function checkFinite(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`${name} must be a finite number, got ${describe(v)}`);
  }
}

/**
 * Asserts that a value is a linear operator: an object with an `apply`
 * method and non-negative integer `rows` and `cols`, whose `applyTranspose`
 * is a function when present (TypeError or RangeError otherwise). Vector
 * lengths are the operator's own business (see `makeOperator`).
 *
 * @example
 * ```ts
 * import { checkOperator, identity } from '@hessian-free/linop';
 * checkOperator('solve: A', identity(3)); // passes
 * // checkOperator('solve: A', { rows: 3 }) throws
 * // TypeError: solve: A must be a LinearOperator (an object with rows, cols and apply), got Object
 * ```
 */
export function checkOperator(name: string, A: unknown): asserts A is LinearOperator {
  if (typeof A !== 'object' || A === null || typeof (A as LinearOperator).apply !== 'function') {
    throw new TypeError(`${name} must be a LinearOperator (an object with rows, cols and apply), got ${describe(A)}`);
  }
  checkDimension(`${name}.rows`, (A as LinearOperator).rows);
  checkDimension(`${name}.cols`, (A as LinearOperator).cols);
  const t = (A as LinearOperator).applyTranspose;
  if (t !== undefined && typeof t !== 'function') {
    throw new TypeError(`${name}.applyTranspose must be a function when present, got ${describe(t)}`);
  }
}

/**
 * Asserts that the tags an `options` argument declares (see `OperatorTags`)
 * are well formed: `options` is undefined or an object, each tag present is a
 * boolean (TypeError otherwise), and a tag set to true sits on a square
 * rows x cols operator (RangeError otherwise), as both tags speak about
 * A = A' or x' A x.
 *
 * @example
 * ```ts
 * import { checkTags } from '@hessian-free/linop';
 * const options: unknown = { symmetric: true };
 * checkTags('myOperator: options', options, 3, 3);
 * const symmetric = options?.symmetric === true; // options is OperatorTags | undefined here
 * // checkTags('myOperator: options', { symmetric: true }, 2, 3) throws
 * // RangeError: myOperator: options.symmetric requires a square operator, got 2x3
 * ```
 */
export function checkTags(name: string, options: unknown, rows: number, cols: number): asserts options is OperatorTags | undefined {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name} must be an object when given, got ${describe(options)}`);
  }
  for (const tag of ['symmetric', 'positiveSemidefinite'] as const) {
    const value: unknown = (options as OperatorTags)[tag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      throw new TypeError(`${name}.${tag} must be a boolean, got ${describe(value)}`);
    }
    if (value && rows !== cols) {
      throw new RangeError(`${name}.${tag} requires a square operator, got ${rows}x${cols}`);
    }
  }
}

function overlaps(a: Vector, b: Vector): boolean {
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}
