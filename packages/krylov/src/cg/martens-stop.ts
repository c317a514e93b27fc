import type { CgStopRule } from './types.js';
import { checkPositive, checkTolerance, describe } from '../options.js';

export interface MartensStopOptions {
  /** Required relative progress per iteration; default 5e-4. */
  eps?: number;
  /** Smallest look-back window k; default 10. */
  minK?: number;
  /** The window grows as ceil(fraction * i); default 0.1. */
  fraction?: number;
}

/**
 * Martens' (2010, section 4.4) relative-progress rule on the quadratic model
 * phi: at iteration i, with window k = max(minK, ceil(fraction * i)), stop
 * when i > k, phi_i < 0 and
 *
 *     (phi_i - phi_{i-k}) / phi_i < k * eps,
 *
 * i.e. the last k iterations reduced phi by less than a fraction k * eps of
 * its value. It reads the phi history `cg` keeps, so each call is O(1).
 */
export function martensStop(options: MartensStopOptions = {}): CgStopRule {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`martensStop: options must be an object, got ${describe(options)}`);
  }
  const { eps = 5e-4, minK = 10, fraction = 0.1 } = options;
  checkPositive('martensStop: eps', eps);
  if (typeof minK !== 'number' || !Number.isSafeInteger(minK) || minK < 1) {
    throw new RangeError(`martensStop: minK must be a positive integer, got ${String(minK)}`);
  }
  checkTolerance('martensStop: fraction', fraction);
  return ({ iteration: i, quadraticValues: phi }) => {
    const k = Math.max(minK, Math.ceil(fraction * i));
    return i > k && phi[i] < 0 && (phi[i] - phi[i - k]) / phi[i] < k * eps;
  };
}
