import { describe } from '@hessian-free/linop';
import { checkAllFinite, checkFunction } from '../checks.js';
import type { MinimizeCallbacks, TensorObjective } from './types.js';

/**
 * The checks of `minimize`'s f and x0, done before f is first evaluated
 * (its options: settings.ts; their names: linop's checkKnownOptions); each
 * error names the argument and what was expected.
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
