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

/**
 * Asserts that every key of an options object is one of `known` (a misspelled
 * option would otherwise be ignored and its default used in silence). The
 * TypeError names the first unknown key and suggests the nearest known names,
 * `${name}: unknown option 'rtoll' (did you mean 'rtol'?)`, or lists the known
 * options when none is near. `name` is the function's. The nearest names (at
 * most three, nearest first) are those that contain the key or are contained
 * in it (`radius` for `initialRadius`; three letters or more), else those at
 * the smallest edit distance if it is at most a third of the longer name
 * (rounded up); letter case is ignored.
 *
 * @example
 * ```ts
 * import { checkKnownOptions } from '@hessian-free/linop';
 * checkKnownOptions('solve', { rtol: 1e-6 }, ['rtol', 'atol', 'maxIter']); // passes
 * // checkKnownOptions('solve', { rtoll: 1e-6 }, ['rtol', 'atol', 'maxIter']) throws
 * // TypeError: solve: unknown option 'rtoll' (did you mean 'rtol'?)
 * ```
 */
export function checkKnownOptions(name: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestNames(key, known);
    const hint = near.length > 0 ? `did you mean ${orList(near)}?` : `known options: ${known.join(', ')}`;
    throw new TypeError(`${name}: unknown option '${key}' (${hint})`);
  }
}

/** The known names a misspelling most likely meant, by the rule `checkKnownOptions` states. */
function nearestNames(name: string, known: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const scored = known.map((k) => {
    const kl = k.toLowerCase();
    const nested = Math.min(lower.length, kl.length) >= 3 && (kl.includes(lower) || lower.includes(kl));
    return { k, kl, nested, d: editDistance(lower, kl) };
  });
  const nested = scored.filter((s) => s.nested);
  const best = Math.min(...scored.map((s) => s.d));
  const close = scored.filter((s) => s.d === best && s.d <= Math.ceil(Math.max(lower.length, s.kl.length) / 3));
  return (nested.length > 0 ? nested : close)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((s) => s.k);
}

/** 'a', 'a' or 'b', 'a', 'b' or 'c'. */
function orList(names: string[]): string {
  const quoted = names.map((k) => `'${k}'`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, each 1. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

function overlaps(a: Vector, b: Vector): boolean {
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}
