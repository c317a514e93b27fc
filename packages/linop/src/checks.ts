import type { IndexArray, LinearOperator, OperatorTags, Vector } from './types.js';

/**
 * Argument checks shared by the operators and the solvers built on them. Each
 * throws before anything is written, with a message that names the argument.
 */

/** A size must be a non-negative safe integer. */
export function checkDimension(name: string, n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(n)}`);
  }
}

/** A vector must be a Float64Array or Float32Array of the expected length. */
export function checkVector(name: string, v: unknown, length: number): asserts v is Vector {
  checkFloatArray(name, v);
  if (v.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got ${v.length}`);
  }
}

/** A Float64Array or Float32Array of any length. */
export function checkFloatArray(name: string, v: unknown): asserts v is Vector {
  if (!(v instanceof Float64Array || v instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float64Array or Float32Array, got ${describe(v)}`);
  }
}

/** An Int32Array or Uint32Array of any length. */
export function checkIndexArray(name: string, v: unknown): asserts v is IndexArray {
  if (!(v instanceof Int32Array || v instanceof Uint32Array)) {
    throw new TypeError(`${name} must be an Int32Array or Uint32Array, got ${describe(v)}`);
  }
}

/** Input and output of an in-place product must be distinct buffers. */
export function checkNoAlias(xName: string, x: Vector, yName: string, y: Vector): void {
  if (x.buffer === y.buffer && overlaps(x, y)) {
    throw new RangeError(`${yName} must not share memory with ${xName}`);
  }
}

/** A scalar coefficient must be a finite number. */
export function checkFinite(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`${name} must be a finite number, got ${typeof v === 'number' ? v : describe(v)}`);
  }
}

/** Anything with a valid shape and an `apply` method is a linear operator. */
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
 * Reads the declared tags of an `options` argument: booleans when present, and
 * only on a square operator (both tags speak about x' A x or A = A').
 */
export function checkTags(name: string, options: OperatorTags | undefined, rows: number, cols: number): { symmetric: boolean; positiveSemidefinite: boolean } {
  if (options === undefined) return { symmetric: false, positiveSemidefinite: false };
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name} must be an object when given, got ${describe(options)}`);
  }
  const tags = { symmetric: false, positiveSemidefinite: false };
  for (const tag of ['symmetric', 'positiveSemidefinite'] as const) {
    const value: unknown = options[tag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      throw new TypeError(`${name}.${tag} must be a boolean, got ${describe(value)}`);
    }
    if (value && rows !== cols) {
      throw new RangeError(`${name}.${tag} requires a square operator, got ${rows}x${cols}`);
    }
    tags[tag] = value;
  }
  return tags;
}

function overlaps(a: Vector, b: Vector): boolean {
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
