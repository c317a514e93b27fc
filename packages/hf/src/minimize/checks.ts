import { describe } from '@hessian-free/linop';
import { checkAllFinite, checkFunction } from '../checks.js';
import type { MinimizeCallbacks, TensorObjective } from './types.js';

/**
 * The checks of `minimize`'s f and x0, done before f is first evaluated
 * (its options: settings.ts), and of its option names; each error names the
 * argument and what was expected.
 */

/** f is a tfjs function, or an object with value, gradient and hessianVector callbacks (and optionally valueAndGradient). */
export function checkObjective(name: string, f: unknown): asserts f is MinimizeCallbacks | TensorObjective {
  if (typeof f === 'function') return;
  if (typeof f !== 'object' || f === null) {
    throw new TypeError(
      `${name} must be an object with value, gradient and hessianVector callbacks, or a function (x: tf.Tensor1D) => tf.Scalar; got ${describe(f)}`,
    );
  }
  for (const callback of ['value', 'gradient', 'hessianVector'] as const) {
    checkFunction(`${name}.${callback}`, (f as Partial<MinimizeCallbacks>)[callback]);
  }
  const vg = (f as MinimizeCallbacks).valueAndGradient;
  if (vg !== undefined) checkFunction(`${name}.valueAndGradient`, vg);
}

/** x0 is a non-empty Float64Array or Float32Array of finite numbers. */
export function checkStart(name: string, x0: unknown): asserts x0 is Float64Array | Float32Array {
  if (!(x0 instanceof Float64Array || x0 instanceof Float32Array)) {
    throw new TypeError(`${name} must be a Float64Array or Float32Array, got ${describe(x0)}`);
  }
  if (x0.length === 0) throw new RangeError(`${name} must have length >= 1, got 0`);
  checkAllFinite(name, x0);
}

/**
 * Every key of `options` is one of `known` (a misspelled option would
 * otherwise be ignored and its default used in silence). The TypeError names
 * the key and suggests the nearest known names, e.g.
 * `minimize: unknown option 'gtoll' (did you mean 'gtol'?)`, or lists the
 * known names when none is near. `where` is the function's name.
 */
export function checkKnownOptions(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestNames(key, known);
    const hint = near.length > 0 ? `did you mean ${orList(near)}?` : `known options: ${known.join(', ')}`;
    throw new TypeError(`${where}: unknown option '${key}' (${hint})`);
  }
}

/**
 * The known names a misspelling most likely meant (at most three, nearest
 * first): those that contain the name or are contained in it (`radius` for
 * `initialRadius`; three letters or more), else those at the smallest edit
 * distance if it is at most a third of the longer name (rounded up); letter
 * case is ignored. (The same rule as
 * @hessian-free/damping's option checks.)
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
