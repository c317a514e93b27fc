import { checkKnownOptions, checkVector, nrm2, seededRng } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import {
  checkBoolean,
  checkInteger,
  checkIterationCount,
  checkNonzeroVector,
  checkOptions,
  checkPositiveInteger,
  checkSquareOperator,
} from '../checks.js';
import { historyWithRoom, newHistory } from '../solver-history.js';
import { tridiagonalEigen } from './tridiagonal.js';

/** The options of `lanczos`. */
export interface LanczosOptions {
  /** Starting vector q_1 (any precision, nonzero; normalized here). Default: seeded pseudo-random. */
  startVector?: Vector;
  /** Seed of the default starting vector (an integer); default 1. Same seed, same result. */
  seed?: number;
  /**
   * Full reorthogonalization of each new Lanczos vector against all earlier
   * ones (two modified Gram-Schmidt passes), which keeps spurious copies of converged
   * Ritz values away at the cost of k n stored numbers and 4 k n flops per
   * step. Default: on when k n <= 2^22 (32 MiB of float64).
   */
  reorthogonalize?: boolean;
}

/**
 * Why `lanczos` stopped:
 * - `completed`: k steps (or n, if smaller) were taken.
 * - `invariant_subspace`: beta_{m+1} vanished (to rounding): the Krylov space
 *   is invariant under A and the Ritz values are eigenvalues of A.
 * - `breakdown`: A returned a non-finite value; the result covers the steps before it.
 */
export type LanczosStatus = 'completed' | 'invariant_subspace' | 'breakdown';

/** What `lanczos` returns: the Ritz values of T_m, their residual bounds, and T_m itself. */
export interface LanczosResult {
  /** Why the process stopped. */
  readonly status: LanczosStatus;
  /** Lanczos steps taken, m: the size of T_m. */
  readonly iterations: number;
  /** All eigenvalues of T_m (the Ritz values), ascending. */
  readonly ritzValues: Float64Array;
  /**
   * For each Ritz value theta_i (same order), beta_{m+1} |s_{m,i}| with s_i the
   * unit eigenvector of T_m: the residual ||A y_i - theta_i y_i|| of the Ritz
   * vector y_i = Q_m s_i, so that A has an eigenvalue within this distance of
   * theta_i (up to the loss of orthogonality without reorthogonalization).
   */
  readonly residualBounds: Float64Array;
  /** The smallest Ritz value (>= lambda_min(A)); NaN when m = 0. */
  readonly smallest: number;
  /** The largest Ritz value (<= lambda_max(A)); NaN when m = 0. */
  readonly largest: number;
  /** The residual bound of `smallest` (NaN when m = 0). */
  readonly smallestResidualBound: number;
  /** The residual bound of `largest` (NaN when m = 0). */
  readonly largestResidualBound: number;
  /**
   * largest / smallest, a lower bound on cond(A) for symmetric positive
   * definite A; Infinity when smallest <= 0 (A is not numerically positive definite).
   */
  readonly conditionEstimate: number;
  /** T_m: its diagonal alpha_1..alpha_m. */
  readonly alpha: Float64Array;
  /** T_m: its off-diagonal beta_2..beta_m, then beta_{m+1} (the residual norm), length m. */
  readonly beta: Float64Array;
}

/** Every option of `lanczos`, in the order that error messages list them. */
const lanczosOptionNames = Object.keys({ startVector: true, seed: true, reorthogonalize: true } satisfies Record<keyof LanczosOptions, true>);

/** 2^22 stored numbers: the default limit for full reorthogonalization. */
const REORTHOGONALIZATION_BUDGET = 2 ** 22;

/**
 * beta_{m+1} <= this * ||A q_m|| counts as zero: with that relative size it is
 * rounding noise of the product and the recurrence (the invariant-subspace
 * test of Golub & Van Loan, section 10.1.4, made scale-free).
 */
const INVARIANT_TOLERANCE = 2 ** -40;

/**
 * The symmetric Lanczos process (Lanczos 1950; Golub & Van Loan, Algorithm
 * 10.1.1): k steps of A Q_m = Q_m T_m + beta_{m+1} q_{m+1} e_m' for symmetric A,
 * giving Ritz values (eigenvalues of T_m) that converge to the extreme
 * eigenvalues of A first, with the residual bound of each Ritz pair.
 *
 * A must be symmetric; that is not checked. Per step: one product with A and
 * five passes over the vectors (plus 4 m n flops with reorthogonalization).
 *
 * @example
 * ```ts
 * import { lanczos } from '@hessian-free/krylov';
 * import { diagonal } from '@hessian-free/linop';
 * const A = diagonal(Float64Array.from({ length: 200 }, (_, i) => 1 + i / 10));
 * const { largest, largestResidualBound, conditionEstimate } = lanczos(A, 30);
 * // A has an eigenvalue within largestResidualBound of largest (about 20.9);
 * // conditionEstimate is a lower bound on cond(A)
 * ```
 */
export function lanczos(A: LinearOperator, k: number, options?: LanczosOptions): LanczosResult {
  checkSquareOperator('lanczos: A', A);
  const n = A.rows;
  if (n === 0) throw new RangeError('lanczos: A must be at least 1x1, got 0x0');
  checkIterationCount('lanczos: k', k);
  checkPositiveInteger('lanczos: k', k);
  checkOptions('lanczos: options', options);
  if (options !== undefined) checkKnownOptions('lanczos', options, lanczosOptionNames);
  const o = options ?? {};
  const steps = Math.min(k, n);
  const reorthogonalize = o.reorthogonalize ?? steps * n <= REORTHOGONALIZATION_BUDGET;
  checkBoolean('lanczos: options.reorthogonalize', reorthogonalize);
  const seed = o.seed ?? 1;
  checkInteger('lanczos: options.seed', seed);
  let q = new Float64Array(n);
  if (o.startVector !== undefined) {
    checkVector('lanczos: options.startVector', o.startVector, n);
    checkNonzeroVector('lanczos: options.startVector', o.startVector);
    const norm = nrm2(o.startVector);
    for (let i = 0; i < n; i++) q[i] = o.startVector[i] / norm;
  } else seededUnitVector(seed, q);

  // Q holds q_1..q_m row by row when reorthogonalizing. Q, alpha and beta
  // grow with the steps taken (by doubling), not with k: a space that turns
  // out invariant after 3 steps costs 3 rows.
  let Q = reorthogonalize ? new Float64Array(Math.min(steps, 8) * n) : null;
  let qPrev = new Float64Array(n);
  let w = new Float64Array(n);
  let alpha = newHistory(steps);
  let beta = newHistory(steps); // beta[j] = beta_{j+2}, coupling q_{j+1} and q_{j+2}
  let betaPrev = 0;
  let m = 0;
  let status: LanczosStatus = 'completed';

  for (let j = 0; j < steps; j++) {
    if (j === alpha.length) {
      alpha = historyWithRoom(alpha, j, steps);
      beta = historyWithRoom(beta, j, steps);
    }
    if (Q !== null) {
      if ((j + 1) * n > Q.length) {
        const grown = new Float64Array(Math.min(steps, Math.max(j + 1, (2 * Q.length) / n)) * n);
        grown.set(Q);
        Q = grown;
      }
      Q.set(q, j * n);
    }
    // w = A q_j - beta_j q_{j-1}; alpha_j = q_j'w; w -= alpha_j q_j.
    A.apply(q, w);
    const productNorm = nrm2(w);
    let a = 0;
    for (let i = 0; i < n; i++) {
      w[i] -= betaPrev * qPrev[i];
      a += q[i] * w[i];
    }
    for (let i = 0; i < n; i++) w[i] -= a * q[i];
    if (Q !== null) a += reorthogonalizeAgainst(Q, j + 1, w);
    const b = nrm2(w);
    if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(productNorm))) {
      status = 'breakdown';
      break;
    }
    alpha[j] = a;
    beta[j] = b;
    m = j + 1;
    if (b <= INVARIANT_TOLERANCE * productNorm) {
      status = 'invariant_subspace';
      break;
    }
    if (m === steps) break;
    // q_{j+1} = w / beta_{j+1}; the old q_{j-1} buffer takes the next product.
    const t = qPrev;
    qPrev = q;
    q = w;
    w = t;
    for (let i = 0; i < n; i++) q[i] /= b;
    betaPrev = b;
  }

  const { values, lastComponents } = tridiagonalEigen(alpha.subarray(0, m), beta.subarray(0, Math.max(m - 1, 0)));
  const betaNext = m > 0 ? beta[m - 1] : NaN;
  const residualBounds = new Float64Array(m);
  for (let i = 0; i < m; i++) residualBounds[i] = betaNext * Math.abs(lastComponents[i]);
  const smallest = m > 0 ? values[0] : NaN;
  const largest = m > 0 ? values[m - 1] : NaN;
  return {
    status,
    iterations: m,
    ritzValues: values,
    residualBounds,
    smallest,
    largest,
    smallestResidualBound: m > 0 ? residualBounds[0] : NaN,
    largestResidualBound: m > 0 ? residualBounds[m - 1] : NaN,
    conditionEstimate: m === 0 ? NaN : smallest > 0 ? largest / smallest : Infinity,
    alpha: alpha.slice(0, m),
    beta: beta.slice(0, m),
  };
}

/**
 * Two modified Gram-Schmidt passes of w against the first `count` rows of Q
 * ("twice is enough", Giraud et al. 2005). Returns the total coefficient on
 * the last row, a correction to alpha.
 */
function reorthogonalizeAgainst(Q: Float64Array, count: number, w: Float64Array): number {
  const n = w.length;
  let lastCoefficient = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < count; r++) {
      const base = r * n;
      let c = 0;
      for (let i = 0; i < n; i++) c += Q[base + i] * w[i];
      for (let i = 0; i < n; i++) w[i] -= c * Q[base + i];
      if (r === count - 1) lastCoefficient += c;
    }
  }
  return lastCoefficient;
}

/**
 * A unit vector with entries drawn uniformly from [-1, 1) by linop's
 * `seededRng` (mulberry32), deterministic in the seed.
 */
function seededUnitVector(seed: number, out: Float64Array): void {
  const rng = seededRng(seed);
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = 2 * rng.uniform() - 1;
    sum += out[i] * out[i];
  }
  const norm = Math.sqrt(sum);
  for (let i = 0; i < out.length; i++) out[i] /= norm;
}
