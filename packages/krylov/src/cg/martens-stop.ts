import { checkKnownOptions } from '@hessian-free/linop';
import { checkOptions, checkPositive, checkPositiveInteger, checkTolerance } from '../checks.js';
import type { CgStopRule } from './types.js';

/** The constants of `martensStop`. */
export interface MartensStopOptions {
  /** Required relative progress per iteration; default 5e-4. */
  eps?: number;
  /** Smallest look-back window k; default 10. */
  minK?: number;
  /** The window grows as ceil(fraction * i); default 0.1. */
  fraction?: number;
}

/** Every option of `martensStop`. */
const martensStopOptionNames = Object.keys({ eps: true, minK: true, fraction: true } satisfies Record<keyof MartensStopOptions, true>);

/**
 * Martens' (2010, section 4.4) relative-progress rule on the quadratic model
 * phi: at iteration i, with window k = max(minK, ceil(fraction * i)), stop
 * when i > k, phi_i < 0 and
 *
 *     (phi_i - phi_{i-k}) / phi_i < k * eps,
 *
 * i.e. the last k iterations reduced phi by less than a fraction k * eps of
 * its value. It reads the phi history `cg` keeps, so each call is O(1).
 *
 * @example
 * ```ts
 * import { cg, martensStop } from '@hessian-free/krylov';
 * import { diagonal } from '@hessian-free/linop';
 * const A = diagonal(Float64Array.from({ length: 100 }, (_, i) => 1 + i));
 * const b = new Float64Array(100).fill(1);
 * const { stats } = cg(A, b, { stop: martensStop({ eps: 1e-3 }) });
 * // stats.status is 'stopped_by_rule' when the rule fired before convergence
 * ```
 */
export function martensStop(options: MartensStopOptions = {}): CgStopRule {
  checkOptions('martensStop: options', options);
  checkKnownOptions('martensStop', options, martensStopOptionNames);
  const { eps = 5e-4, minK = 10, fraction = 0.1 } = options;
  checkPositive('martensStop: eps', eps);
  checkPositiveInteger('martensStop: minK', minK);
  checkTolerance('martensStop: fraction', fraction);
  return ({ iteration: i, quadraticValues: phi }) => {
    const k = Math.max(minK, Math.ceil(fraction * i));
    return i > k && phi[i] < 0 && (phi[i] - phi[i - k]) / phi[i] < k * eps;
  };
}
