import { axpy, copy, dot, fill } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { statusBeforeIteration } from '../solver-status.js';
import type { SolverStatus } from '../solver-status.js';
import { solverStats } from '../solver-types.js';
import { curvatureAndNorms, residualFromProduct, residualNormOf, stepAndMeasure, updateDirection } from './kernels.js';
import { setupCg } from './setup.js';
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
  const { x, r, z, p, q, M, maxIter, radius, stop, saveDue, onIteration, signal } = s;
  const sums = new Float64Array(4);
  const residualHistory = new Float64Array(maxIter + 1);
  const quadraticValues = new Float64Array(maxIter + 1);
  const savedIterates: SavedIterate<V>[] = [];

  // r0 = b - A x0 and phi(x0); with x0 = 0 that is r0 = b, phi = 0, no product.
  let rhsNorm: number;
  let phi: number;
  let rr: number;
  if (s.x0 !== null) {
    if (s.x0 !== x) copy(s.x0, x);
    A.apply(x, r);
    residualFromProduct(b, x, r, sums);
    rr = sums[0];
    phi = -sums[1] / 2;
    rhsNorm = Math.sqrt(sums[2]);
  } else {
    fill(x, 0);
    copy(b, r);
    rr = dot(r, r);
    phi = 0;
    rhsNorm = Math.sqrt(rr);
  }
  const threshold = s.atol + s.rtol * rhsNorm;
  let residualNorm = Math.sqrt(rr);
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
  let negativeCurvatureDirection: V | null = null;
  let negativeCurvatureValue = NaN;
  // rz = r'z (= r'r unpreconditioned), the numerator of alpha and of beta.
  let rz = rr;
  if (residualNorm <= threshold) status = 'converged';
  else if (M !== null) {
    M.apply(r, p);
    rz = dot(r, p);
    if (!(rz > 0 && rz < Infinity)) status = 'breakdown';
  } else copy(r, p);

  while (status === null) {
    status = statusBeforeIteration(k, maxIter, signal);
    if (status !== null) break;
    A.apply(p, q);
    const pq = radius < Infinity ? curvatureAndNorms(p, q, x, sums) : dot(p, q);
    if (!Number.isFinite(pq)) {
      status = 'breakdown';
      break;
    }
    let step: number;
    if (pq <= 0) {
      // Non-positive curvature: hand p back. Inside a trust region, follow it
      // to the boundary (p is a descent direction for phi: p'r = r'z > 0).
      negativeCurvatureDirection = p.slice() as V;
      negativeCurvatureValue = pq;
      status = 'negative_curvature';
      if (radius === Infinity) break;
      step = boundaryStep(sums[3], sums[1], sums[2], radius);
    } else {
      step = rz / pq;
      if (!Number.isFinite(step)) {
        status = 'breakdown';
        break;
      }
      // ||x + step p||^2 = x'x + 2 step x'p + step^2 p'p.
      if (radius < Infinity && sums[3] + step * (2 * sums[1] + step * sums[2]) >= radius * radius) {
        step = boundaryStep(sums[3], sums[1], sums[2], radius);
        status = 'trust_region_boundary';
      }
    }
    stepAndMeasure(step, p, q, x, r, b, sums);
    if (!Number.isFinite(sums[0]) || !Number.isFinite(sums[1])) {
      axpy(-step, p, x); // overflow in the update: return to the last finite iterate
      status = 'breakdown';
      negativeCurvatureDirection = null;
      negativeCurvatureValue = NaN;
      break;
    }
    k++;
    rr = sums[0];
    residualNorm = Math.sqrt(rr);
    phi = -sums[1] / 2;
    residualHistory[k] = residualNorm;
    quadraticValues[k] = phi;
    info.iteration = k;
    info.residualNorm = residualNorm;
    info.quadraticValue = phi;
    if (saveDue?.(k)) savedIterates.push({ iteration: k, x: x.slice() as V });
    onIteration?.(info);
    if (status !== null) break; // the step ended on the trust-region boundary
    if (residualNorm <= threshold) {
      status = 'converged';
      break;
    }
    if (stop?.(info)) {
      status = 'stopped_by_rule';
      break;
    }
    let rzNext = rr;
    if (M !== null) {
      M.apply(r, z);
      rzNext = dot(r, z);
    }
    const beta = rzNext / rz;
    if (!(rzNext > 0 && Number.isFinite(beta))) {
      status = 'breakdown'; // M is not positive definite, or overflow
      break;
    }
    rz = rzNext;
    updateDirection(z, beta, p);
  }

  // Before any step, r is b - A x0 exactly as a fresh product would give it.
  let trueResidualNorm = NaN;
  if (s.trueResidual && k === 0) trueResidualNorm = residualNorm;
  else if (s.trueResidual) {
    A.apply(x, q);
    trueResidualNorm = residualNormOf(b, q);
  }
  if (saveDue !== null && (savedIterates.length === 0 || savedIterates[savedIterates.length - 1].iteration !== k)) {
    savedIterates.push({ iteration: k, x: x.slice() as V });
  }
  return {
    x,
    stats: {
      ...solverStats(k, status, trueResidualNorm, rhsNorm, residualHistory),
      quadraticValues: quadraticValues.subarray(0, k + 1),
      savedIterates,
      negativeCurvatureDirection,
      negativeCurvatureValue,
    },
  };
}
