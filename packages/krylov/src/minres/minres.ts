import { axpy, copy, dot, fill, nrm2 } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { historyWithRoom, newHistory } from '../solver-history.js';
import { scaledDot, sumScale } from '../solver-scaling.js';
import { defaultRtol } from '../solver-setup.js';
import { statusBeforeIteration } from '../solver-status.js';
import type { SolverStatus } from '../solver-status.js';
import { solverStats } from '../solver-types.js';
import { nextDirection, residualInto, scaleInto, shiftAndDot, subtractAndMeasure } from './kernels.js';
import { setupMinres } from './setup.js';
import type { MinresIterationInfo, MinresOptions, MinresResult } from './types.js';

/**
 * MINRES (Paige & Saunders 1975) for (A - shift I) x = b with A symmetric,
 * possibly indefinite or singular; with `M` (SPD) it is preconditioned MINRES,
 * which minimizes the residual in the M-norm. The stopping tests follow
 * MINRES-QLP (Choi, Paige & Saunders 2011) and Krylov.jl's `minres`:
 *
 * - `converged` when ||b - A x|| <= atol + rtol ||b||. The recurrence's
 *   estimate only triggers the check; the decision is made on the true
 *   residual, computed afresh. If that misses, MINRES goes on with a
 *   rescaled threshold while the estimate is faithful, or restarts from x
 *   when it has drifted (at most `maxRestarts` times), so the status is
 *   always true of the returned x.
 * - `least_squares` (inconsistent systems) when ||A r|| <= tol ||A|| ||r||,
 *   tol = max(rtol, sqrt(eps)),
 *   from the recurrence estimates of ||A r_{k-1}|| and ||A|| (a lower bound,
 *   max_j ||T_k e_j||, as in MINRES-QLP), checked before the step that would
 *   follow; the claim is then verified with the true residual and one more
 *   product. Stopping there keeps ||x|| from growing without bound.
 *
 * Per iteration: one product with A (one with M), five passes over the
 * vectors; nothing is allocated inside the loop.
 *
 * @example
 * ```ts
 * import { minres } from '@hessian-free/krylov';
 * import { diagonal } from '@hessian-free/linop';
 * // An indefinite system: diag(-3, -1, 2, 5) x = 1.
 * const A = diagonal(Float64Array.from([-3, -1, 2, 5]));
 * const { x, stats } = minres(A, Float64Array.of(1, 1, 1, 1), { rtol: 1e-10 });
 * // stats.status === 'converged', x is [-1/3, -1, 1/2, 1/5] up to rounding
 * ```
 */
export function minres<V extends Vector>(A: LinearOperator, b: V, options?: MinresOptions<V>): MinresResult<V> {
  const s = setupMinres(A, b, options);
  const { x, v, M, shift, maxIter, maxRestarts, onIteration, signal } = s;
  let { y, r1, r2, z, w1, w2 } = s;
  // Grows with the iterations run (by doubling), up to maxIter + 1 entries.
  let residualHistory = newHistory(maxIter + 1);
  const rhsNorm = nrm2(b);
  const target = s.atol + s.rtol * rhsNorm;
  // Plain MINRES cannot certify ||A r|| <= tol ||A|| ||r|| much below tol =
  // sqrt(eps) on a singular inconsistent system: there its iterates start to
  // grow without bound (Choi, Paige & Saunders 2011, section 1). So the
  // least-squares test never asks for less than sqrt(eps) of b's precision.
  const lsTol = Math.max(s.rtol, defaultRtol(b));

  // r0 = b - (A - shift I) x0 in r2 (with x0 = 0: r0 = b, no product).
  let trueResidualNorm: number;
  if (s.x0 !== null) {
    if (s.x0 !== x) copy(s.x0, x);
    trueResidualNorm = residualInto(A, shift, b, x, r2);
  } else {
    fill(x, 0);
    copy(b, r2);
    trueResidualNorm = rhsNorm;
  }
  let trueIsCurrent = true; // trueResidualNorm belongs to the current x

  // The Lanczos / QR recurrence (Paige & Saunders 1975, section 5). Restarts
  // reset everything but the norm and condition estimates.
  let beta = 0; // beta_k = sqrt(r2' M r2)
  let oldBeta = 0;
  let dbar = 0;
  let epsilon = 0;
  let phibar = 0; // the recurrence residual norm
  let cs = -1;
  let sn = 0;
  let threshold = 0; // what phibar must reach to trigger the true check
  let localStep = 0;
  let aNorm = 0;
  let aResidualNorm = NaN;
  let gammaMax = 0;
  let gammaMin = Infinity;

  /** Starts (or restarts) the recurrence from r2 = b - A x, ||r2|| = trueResidualNorm. */
  const begin = (): SolverStatus | null => {
    beta = trueResidualNorm;
    if (M !== null) {
      M.apply(r2, z);
      beta = mNorm(r2, z, trueResidualNorm);
    }
    if (!(beta > 0 && beta < Infinity)) return 'breakdown'; // r2 != 0 here: M is not positive definite
    oldBeta = 0;
    dbar = 0;
    epsilon = 0;
    phibar = beta;
    cs = -1;
    sn = 0;
    fill(r1, 0); // the first step takes 0 * r1: keep stale NaNs of a reused workspace out
    fill(w1, 0);
    fill(w2, 0);
    // With M, phibar measures sqrt(r'Mr): scale the target by that ratio at r0.
    threshold = M === null ? target : target * (beta / trueResidualNorm);
    localStep = 0;
    return null;
  };

  let k = 0;
  let restarts = 0;
  let status: SolverStatus | null = null;
  if (trueResidualNorm <= target) status = 'converged';
  else status = begin();
  residualHistory[0] = status === null ? phibar : trueResidualNorm;

  const info: { -readonly [K in keyof MinresIterationInfo<V>]: MinresIterationInfo<V>[K] } = {
    iteration: 0,
    x,
    residualNorm: residualHistory[0],
    rhsNorm,
    aNormEstimate: 0,
    aResidualNorm: NaN,
    residualHistory,
  };

  while (status === null) {
    status = statusBeforeIteration(k, maxIter, signal);
    if (status !== null) break;
    // Lanczos step: v_k = z_k / beta_k, y = (A - shift I) v_k - (beta_k / beta_{k-1}) r1,
    // alpha_k = v_k' y, r_{k+1} = y - (alpha_k / beta_k) r2, beta_{k+1} = sqrt(r' M r).
    scaleInto(1 / beta, z, v);
    A.apply(v, y);
    const alpha = shiftAndDot(y, v, shift, localStep > 0 ? beta / oldBeta : 0, r1);
    const yy = subtractAndMeasure(alpha / beta, r2, y);
    const t = r1;
    r1 = r2;
    r2 = y;
    y = t;
    let bz = yy;
    if (M !== null) {
      M.apply(r2, z);
      bz = dot(r2, z);
    } else z = r2;
    if (!(Number.isFinite(alpha) && bz >= 0 && bz < Infinity)) {
      status = 'breakdown'; // A or M gave a non-finite value, or M is not positive definite
      break;
    }
    oldBeta = beta;
    beta = Math.sqrt(bz);
    localStep++;
    // ||A|| >= ||T_k e_k|| = ||(beta_k, alpha_k, beta_{k+1})|| (MINRES-QLP);
    // beta_1 = ||r0|| is not an entry of T.
    aNorm = Math.max(aNorm, Math.hypot(localStep > 1 ? oldBeta : 0, alpha, beta));

    // Apply the previous rotation Q_{k-1}:
    // [delta_k   epsilon_{k+1}]   [cs  sn] [dbar_k   0        ]
    // [gbar_k    dbar_{k+1}   ] = [sn -cs] [alpha_k  beta_{k+1}]
    const oldEpsilon = epsilon;
    const delta = cs * dbar + sn * alpha;
    const gbar = sn * dbar - cs * alpha;
    epsilon = sn * beta;
    dbar = -cs * beta;
    // ||A r_{k-1}|| = phibar_{k-1} ||(gbar_k, dbar_{k+1})||: the least-squares
    // test for the current x, before a step that could be huge when T_k is
    // (nearly) singular.
    const root = Math.hypot(gbar, dbar);
    aResidualNorm = phibar * root;
    info.aResidualNorm = aResidualNorm;
    if (root <= lsTol * aNorm) {
      status = verify('least_squares'); // null: restarted, go on
      continue;
    }

    // The next rotation Q_k annihilates beta_{k+1}: gamma_k = ||(gbar_k, beta_{k+1})||.
    const gamma = Math.hypot(gbar, beta);
    cs = gbar / gamma;
    sn = beta / gamma;
    const phi = cs * phibar;
    phibar = sn * phibar;
    // w_k = (v_k - epsilon_k w_{k-2} - delta_k w_{k-1}) / gamma_k, written over w_{k-2};
    // x_k = x_{k-1} + phi_k w_k.
    const ww = nextDirection(v, oldEpsilon, delta, 1 / gamma, w1, w2);
    // ||phi w||, the length of the step (its square overflows for |b| ~ 1e155).
    if (!Number.isFinite(Math.sqrt(ww) * phi)) {
      status = 'breakdown';
      break;
    }
    axpy(phi, w1, x);
    const tw = w1;
    w1 = w2;
    w2 = tw;
    trueIsCurrent = false;
    gammaMax = Math.max(gammaMax, gamma);
    gammaMin = Math.min(gammaMin, gamma);

    k++;
    if (k === residualHistory.length) {
      residualHistory = historyWithRoom(residualHistory, k, maxIter + 1);
      info.residualHistory = residualHistory;
    }
    residualHistory[k] = phibar;
    info.iteration = k;
    info.residualNorm = phibar;
    info.aNormEstimate = aNorm;
    onIteration?.(info);
    if (phibar <= threshold) status = verify('converged'); // null: go on
  }

  if (!trueIsCurrent) {
    trueResidualNorm = residualInto(A, shift, b, x, y);
    if (status === 'max_iterations' && trueResidualNorm <= target) status = 'converged';
  }
  return {
    x,
    stats: {
      ...solverStats(k, status, trueResidualNorm, rhsNorm, residualHistory, restarts),
      aNormEstimate: aNorm,
      aResidualNorm,
      conditionEstimate: gammaMax > 0 ? gammaMax / gammaMin : NaN,
    },
  };

  /**
   * Checks a claim of the recurrence against the true residual r = b - A x
   * (computed into y, which is free here). Returns the status that holds, or
   * null to go on: with the recurrence as it is when its estimate is still
   * faithful (only the target was mis-scaled), else restarted from x.
   */
  function verify(claim: 'converged' | 'least_squares'): SolverStatus | null {
    trueResidualNorm = residualInto(A, shift, b, x, y);
    trueIsCurrent = true;
    if (trueResidualNorm <= target) return 'converged';
    if (claim === 'converged') {
      // phibar estimates ||r||_M. If it is within a factor 2 of the truth,
      // the recurrence is sound and only the threshold (a guess of the
      // ||r||_M that means ||r|| = target) was off: rescale it and go on.
      let trueM = trueResidualNorm;
      if (M !== null) {
        M.apply(y, v); // v is recomputed from z before the next product
        trueM = mNorm(y, v, trueResidualNorm);
      }
      if (phibar >= trueM / 2) {
        threshold = target * (phibar / trueResidualNorm);
        return null;
      }
    } else if (leastSquaresHolds()) return 'least_squares';
    // The recurrence has drifted from the truth: restart it from r = y
    // (unless that was tried maxRestarts times: the target is out of reach).
    if (restarts >= maxRestarts) return 'attainable_accuracy';
    restarts++;
    const t = r2;
    r2 = y;
    y = t;
    if (M === null) z = r2;
    const started = begin();
    residualHistory[k] = phibar;
    return started;
  }

  /**
   * ||A M r||_M <= lsTol ||A|| ||r||_M for the true residual r in y
   * (Euclidean norms without M), with one product by A and two by M. Uses v,
   * z and r1 as scratch: afterwards the recurrence is over or restarted.
   */
  function leastSquaresHolds(): boolean {
    // The sums at the scale c of r (see solver-scaling.ts): c^2 r'Mr, c^2 ||A M r||_M^2.
    const c = sumScale(trueResidualNorm);
    let rMr = (c * trueResidualNorm) ** 2;
    let Mr = y;
    if (M !== null) {
      M.apply(y, z);
      rMr = scaledDot(y, z, c);
      Mr = z;
    }
    A.apply(Mr, v);
    for (let i = 0; i < v.length; i++) v[i] -= shift * Mr[i];
    let q = scaledDot(v, v, c);
    if (M !== null) {
      M.apply(v, r1);
      q = scaledDot(v, r1, c);
    }
    aResidualNorm = Math.sqrt(q) / c;
    return Math.sqrt(q) <= lsTol * aNorm * Math.sqrt(rMr);
  }

  /**
   * sqrt(r'z) for z = M r, with ||r|| = norm: the sum taken at the scale of r
   * so that it neither over- nor underflows.
   */
  function mNorm(r: Vector, z: Vector, norm: number): number {
    const c = sumScale(norm);
    return Math.sqrt(c === 1 ? dot(r, z) : scaledDot(r, z, c)) / c;
  }
}
