// The demo's argument checks, in the project's style: an asserting
// checkX(name, value) that throws a TypeError (wrong type) or a RangeError
// (wrong value) saying `${name} must be <expected>, got <what was given>`.

/** The largest seed: seeds are 32-bit unsigned integers. */
export const MAX_SEED = 0xffffffff;

/**
 * What `value` is, for an error message: a number as itself, a string as
 * `the string "1"`, null as `null`, an object by its constructor's name.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
  return `${typeof value} ${String(value)}`;
}

/**
 * A seed: an integer from 0 to 2^32 - 1. Never reduced modulo 2^32, which
 * would make -1 and 4294967295 (or 2^40 and 0) the same seed.
 */
export function checkSeed(name: string, value: unknown): asserts value is number {
  const expected = `an integer from 0 to ${MAX_SEED}`;
  if (typeof value !== 'number') throw new TypeError(`${name} must be ${expected}, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw new RangeError(`${name} must be ${expected}, got ${describe(value)}`);
  }
}
