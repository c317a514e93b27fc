import { axpy, copy, fill } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { historyWithRoom, newHistory } from '../solver-history.js';
import { maxAbs, sumScale } from '../solver-scaling.js';
import { statusBeforeIteration } from '../solver-status.js';
import type { SolverStatus } from '../solver-status.js';
import { solverStats } from '../solver-types.js';
import { maxAbsDifference, residualFromProduct, residualNormOf } from './kernels.js';
import { setupCg } from './setup.js';
import type { CgSetup } from './setup.js';
import { boundaryStep } from './trust-region.js';
import type { CgIterationInfo, CgOptions, CgResult, SavedIterate } from './types.js';

/**
 * Conjugate gradients (Hestenes & Stiefel 1952) for A x = b with A symmetric
 * positive definite; with `M` it is preconditioned CG. Equivalently it
 * minimizes the quadratic model phi(x) = x'Ax/2 - b'x, which is how a
 * truncated-Newton method uses it: with `radius` it is the Steihaug-Toint
 * method (Steihaug 1983), and when it meets a direction of non-positive
 * curvature it returns a defined result with status `negative_curvature`
 * instead of dividing by it.
 *
 * `converged` is true of the returned x: when the recurrence residual meets
 * the tolerance, the true residual b - A x is computed (one product) and
 * decides; if it misses, CG restarts from it (at most `maxRestarts` times)
 * and otherwise ends with `attainable_accuracy`. With `trueResidual: false`
 * (the Hessian-free path) the recurrence decides, at no extra cost. All inner
 * products are taken at a power-of-two scale of b, so that no status hangs
 * on a sum of squares that over- or underflowed.
 *
 * Arguments are checked before any work (errors name the argument); every
 * outcome of the iteration itself is a status, never an exception. Per
 * iteration it costs one product with A, one with M if given, and three
 * passes over the vectors (four with M); nothing is allocated inside the loop
 * except the copies kept by `saveIterates`.
 *
 * @example
 * ```ts
 * import { cg } from '@hessian-free/krylov';
 * import { csr } from '@hessian-free/linop';
 * // tridiag(-1, 2, -1), 3 x 3, and b = A * [1, 1, 1].
 * const A = csr(3, 3, Int32Array.of(0, 2, 5, 7), Int32Array.of(0, 1, 0, 1, 2, 1, 2),
 *   Float64Array.of(2, -1, -1, 2, -1, -1, 2), { symmetric: true, positiveSemidefinite: true });
 * const b = Float64Array.of(1, 0, 1);
 * const { x, stats } = cg(A, b, { rtol: 1e-10 });
 * // stats.status === 'converged', x is [1, 1, 1] up to rounding
 * ```
 */
export function cg<V extends Vector>(A: LinearOperator, b: V, options?: CgOptions<V>): CgResult<V> {
  const s = setupCg(A, b, options);
  try {
    return iterate(s);
  } finally {
    s.release();
  }
}

/**
 * The CG iteration on the vectors and engine of `s`: on the JavaScript
 * engine x and b are the caller's vectors; on the WebAssembly engine they are
 * copies in the kernels' memory, and x is copied out at the end.
 */
function iterate<V extends Vector>(s: CgSetup<V>): CgResult<V> {
  const { xWork: x, bWork: b, r, z, p, q, M, maxIter, maxRestarts, radius, stop, saveDue, onIteration, signal, engine } = s;
  const sums = new Float64Array(4);
  // Histories grow with the iterations run (by doubling), up to maxIter + 1.
  let residualHistory = newHistory(maxIter + 1);
  let quadraticValues = newHistory(maxIter + 1);
  const savedIterates: SavedIterate<V>[] = [];

  // r0 = b - A x0 and phi(x0); with x0 = 0 that is r0 = b, phi = 0, no product.
  // Every inner product is taken at the scale c, a power of two that brings
  // the largest entry of b and r0 near 1 (c = 1 for ordinary ones), so that
  // no sum of squares over- or underflows; rr, rz, pq and the thresholds are
  // at that scale (c^2 times, c times for norms), exactly.
  let c: number;
  let bNorm: number; // c ||b||
  let phi: number;
  let rr: number; // c^2 r'r
  if (s.x0 !== null) {
    if (s.x0 !== x) copy(s.x0, x);
    engine.apply(x, r);
    c = sumScale(Math.max(maxAbs(b), maxAbsDifference(b, r)));
    residualFromProduct(b, x, r, sums, c);
    rr = sums[0];
    phi = -sums[1] / 2 / c / c;
    bNorm = Math.sqrt(sums[2]);
  } else {
    fill(x, 0);
    copy(b, r);
    c = sumScale(maxAbs(b));
    rr = engine.dot(r, r, c);
    phi = 0;
    bNorm = Math.sqrt(rr);
  }
  const rhsNorm = bNorm / c;
  const threshold = s.atol * c + s.rtol * bNorm; // c (atol + rtol ||b||)
  const scaledRadius = radius * c;
  const trustRegion = scaledRadius < Infinity;
  let residualNorm = Math.sqrt(rr) / c;
  residualHistory[0] = residualNorm;
  quadraticValues[0] = phi;
  if (saveDue?.(0)) savedIterates.push({ iteration: 0, x: x.slice() as V });

  const info: { -readonly [K in keyof CgIterationInfo<V>]: CgIterationInfo<V>[K] } = {
    iteration: 0,
    x,
    r,
    residualNorm,
    rhsNorm,
    quadraticValue: phi,
    residualHistory,
    quadraticValues,
  };

  let k = 0;
  let status: SolverStatus | null = null;
  // The true residual ||b - A x|| (unscaled), once computed for the current x.
  let trueResidualNorm = NaN;
  let trueIsCurrent = false;
  let restarts = 0;
  let lastTrue = Infinity; // c ||b - A x|| at the last failed check
  // The x of that check: restored when a restart made the true residual worse.
  let checkpoint: V | null = null;
  let restoreCheckpoint = false;
  let negativeCurvatureDirection: V | null = null;
  let negativeCurvatureValue = NaN;
  // rz = r'z (= r'r unpreconditioned), the numerator of alpha and of beta.
  let rz = rr;
  if (!Number.isFinite(rr)) status = 'breakdown'; // A x0 was not finite
  else if (Math.sqrt(rr) <= threshold) status = 'converged';
  else if (M !== null) {
    M.apply(r, p);
    rz = engine.dot(r, p, c);
    if (!(rz > 0 && rz < Infinity)) status = 'breakdown';
  } else copy(r, p);

  while (status === null) {
    status = statusBeforeIteration(k, maxIter, signal);
    if (status !== null) break;
    const pq = engine.curvature(p, q, x, sums, c, trustRegion);
    if (!Number.isFinite(pq)) {
      status = 'breakdown';
      break;
    }
    let step: number;
    if (pq <= 0) {
      // Non-positive curvature: hand p back. Inside a trust region, follow it
      // to the boundary (p is a descent direction for phi: p'r = r'z > 0).
      negativeCurvatureDirection = p.slice() as V;
      negativeCurvatureValue = pq / c / c;
      status = 'negative_curvature';
      if (!trustRegion) break;
      step = boundaryStep(sums[3], sums[1], sums[2], scaledRadius);
    } else {
      step = rz / pq;
      if (!Number.isFinite(step)) {
        status = 'breakdown';
        break;
      }
      // ||x + step p||^2 = x'x + 2 step x'p + step^2 p'p.
      if (trustRegion && sums[3] + step * (2 * sums[1] + step * sums[2]) >= scaledRadius * scaledRadius) {
        step = boundaryStep(sums[3], sums[1], sums[2], scaledRadius);
        status = 'trust_region_boundary';
      }
    }
    engine.step(step, p, q, x, r, sums, c);
    if (!Number.isFinite(sums[0]) || !Number.isFinite(sums[1])) {
      axpy(-step, p, x); // overflow in the update: return to the last finite iterate
      status = 'breakdown';
      negativeCurvatureDirection = null;
      negativeCurvatureValue = NaN;
      break;
    }
    k++;
    trueIsCurrent = false;
    if (k === residualHistory.length) {
      residualHistory = historyWithRoom(residualHistory, k, maxIter + 1);
      quadraticValues = historyWithRoom(quadraticValues, k, maxIter + 1);
      info.residualHistory = residualHistory;
      info.quadraticValues = quadraticValues;
    }
    rr = sums[0];
    residualNorm = Math.sqrt(rr) / c;
    // phi(x + a p) = phi(x) - a p'r + a^2 p'Ap / 2, and p'r = r'z in CG: the
    // model's change from the step's own scalars (exact in exact arithmetic),
    // so that the update pass need not read b. Computed afresh from x at a
    // restart.
    phi += (step * ((step * pq) / 2 - rz)) / c / c;
    residualHistory[k] = residualNorm;
    quadraticValues[k] = phi;
    info.iteration = k;
    info.residualNorm = residualNorm;
    info.quadraticValue = phi;
    if (saveDue?.(k)) savedIterates.push({ iteration: k, x: x.slice() as V });
    onIteration?.(info);
    if (status !== null) break; // the step ended on the trust-region boundary
    let restarted = false;
    if (Math.sqrt(rr) <= threshold) {
      if (!s.trueResidual) {
        status = 'converged'; // the recurrence's word (the Hessian-free path)
        break;
      }
      // The recurrence claims convergence: the true residual of x decides.
      // If it misses (the recurrence has drifted from b - A x, which happens
      // on ill-conditioned systems), restart from it: CG from x0 = x, r = b - A x.
      engine.apply(x, r);
      residualFromProduct(b, x, r, sums, c);
      const measured = Math.sqrt(sums[0]);
      trueResidualNorm = measured / c;
      trueIsCurrent = true;
      if (measured <= threshold) {
        status = 'converged';
        break;
      }
      if (restarts >= maxRestarts || !(measured < lastTrue)) {
        // Restarting no longer helps: the target is below what this
        // precision attains for this system. Return the better of this x and
        // the one of the last check (each restart improved on the one before).
        status = 'attainable_accuracy';
        restoreCheckpoint = !(measured < lastTrue);
        break;
      }
      restarts++;
      lastTrue = measured;
      if (checkpoint === null) checkpoint = x.slice() as V;
      else copy(x, checkpoint);
      rr = sums[0];
      residualNorm = trueResidualNorm;
      phi = -sums[1] / 2 / c / c;
      residualHistory[k] = residualNorm;
      quadraticValues[k] = phi;
      info.residualNorm = residualNorm;
      info.quadraticValue = phi;
      restarted = true;
    }
    if (stop?.(info)) {
      status = 'stopped_by_rule';
      break;
    }
    let rzNext = rr;
    if (M !== null) {
      M.apply(r, z);
      rzNext = engine.dot(r, z, c);
    }
    const beta = restarted ? 0 : rzNext / rz;
    if (!(rzNext > 0 && Number.isFinite(beta))) {
      status = 'breakdown'; // M is not positive definite, or overflow
      break;
    }
    rz = rzNext;
    if (restarted) copy(z, p);
    else engine.direction(z, beta, p);
  }

  // Before any step, r is b - A x0 exactly as a fresh product would give it.
  if (s.trueResidual && k === 0) trueResidualNorm = residualNorm;
  else if (s.trueResidual && !trueIsCurrent) {
    engine.apply(x, q);
    const measured = residualNormOf(b, q, c);
    trueResidualNorm = measured / c;
    // The cap came first, but x meets the target all the same (as in minres).
    if (status === 'max_iterations' && measured <= threshold) status = 'converged';
  }
  if (saveDue !== null && (savedIterates.length === 0 || savedIterates[savedIterates.length - 1].iteration !== k)) {
    savedIterates.push({ iteration: k, x: x.slice() as V });
  }
  if (restoreCheckpoint && checkpoint !== null) {
    copy(checkpoint, x);
    trueResidualNorm = lastTrue / c;
  }
  if (s.x !== x) copy(x, s.x);
  return {
    x: s.x,
    stats: {
      ...solverStats(k, status, trueResidualNorm, rhsNorm, residualHistory, restarts),
      quadraticValues: quadraticValues.slice(0, k + 1),
      savedIterates,
      negativeCurvatureDirection,
      negativeCurvatureValue,
      kernels: engine.kind,
    },
  };
}
