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

/** A number, NaN included (a NaN reduction ratio has a defined meaning: a failed step). */
export function checkNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
}

/**
 * Every key of `options` is one of `known`: a misspelled option would
 * otherwise be ignored and its default used in silence. The TypeError names
 * the key and suggests the nearest known names, e.g.
 * `levenbergMarquardt: unknown option 'initialLamda' (did you mean 'initialLambda'?)`,
 * or lists the known names when none is near. `name` is the function's.
 *
 * A copy of @hessian-free/linop's `checkKnownOptions` (with its helpers
 * below), because damping has no dependencies; hf's test
 * known-options-copy.test.ts checks that the two give the same messages.
 */
export function checkKnownOptions(name: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestNames(key, known);
    const hint = near.length > 0 ? `did you mean ${orList(near)}?` : `known options: ${known.join(', ')}`;
    throw new TypeError(`${name}: unknown option '${key}' (${hint})`);
  }
}

/**
 * The known names a misspelling most likely meant (at most three, nearest
 * first): those that contain the name or are contained in it (`radius` for
 * `maxRadius`; three letters or more), else those at the smallest edit
 * distance if it is at most a third of the longer name (rounded up); letter
 * case is ignored.
 */
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

/** A state's `kind` must name this policy, so one policy's state never feeds another's. */
export function checkKind(name: string, value: unknown, kind: string): void {
  if (value !== kind) throw new TypeError(`${name} must be "${kind}", got ${value === undefined ? 'undefined' : JSON.stringify(value)}`);
}
