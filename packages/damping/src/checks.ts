/**
 * Argument checks of the damping policies (the project's convention: an
 * asserting `checkX(name, value)` whose `name` carries the function and the
 * argument). Each throws before any state exists: a TypeError for a wrong
 * type, a RangeError for a wrong value, with the message
 * `${name} must be <expected>, got ${describe(value)}`. damping has no
 * dependencies, so it keeps these few checks of its own.
 */

/**
 * What `value` is, for an error message, as linop's `describe` says it (a
 * number or boolean as itself, a string as `the string "..."`, an object by
 * its constructor), except that an array reads `an array`.
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name || 'object';
  return String(value); // number, boolean, undefined, bigint, symbol
}

/** A finite number (RangeError otherwise: JSON turns Infinity and NaN into null, so a wrong number and a wrong type look alike). */
export function checkFinite(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
  }
}

/** A finite number >= 0. */
export function checkNonNegative(name: string, value: unknown): asserts value is number {
  checkFinite(name, value);
  if (value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

/** A finite number > 0. */
export function checkPositive(name: string, value: unknown): asserts value is number {
  checkFinite(name, value);
  if (value <= 0) throw new RangeError(`${name} must be > 0, got ${value}`);
}

/** A finite number in the open interval (0, 1). */
export function checkFraction(name: string, value: unknown): asserts value is number {
  checkFinite(name, value);
  if (!(value > 0 && value < 1)) throw new RangeError(`${name} must be in (0, 1), got ${value}`);
}

/** An integer >= 1. */
export function checkPositiveInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${describe(value)}`);
  }
}

/** true or false. */
export function checkBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

/** A plain object (not null, not an array): options, or a state read back from JSON. */
export function checkRecord(name: string, value: unknown): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be a plain object, got ${describe(value)}`);
  }
}

/** A state's `kind` must name this policy, so one policy's state never feeds another's. */
export function checkKind(name: string, value: unknown, kind: string): void {
  if (value !== kind) throw new TypeError(`${name} must be "${kind}", got ${value === undefined ? 'undefined' : JSON.stringify(value)}`);
}
