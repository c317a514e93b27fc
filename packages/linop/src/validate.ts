import type { Vector } from './types.js';

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
  if (!(v instanceof Float64Array || v instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float64Array or Float32Array, got ${describe(v)}`);
  }
  if (v.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got ${v.length}`);
  }
}

/** Input and output of an in-place product must be distinct buffers. */
export function checkNoAlias(xName: string, x: Vector, yName: string, y: Vector): void {
  if (x.buffer === y.buffer && overlaps(x, y)) {
    throw new RangeError(`${yName} must not share memory with ${xName}`);
  }
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
