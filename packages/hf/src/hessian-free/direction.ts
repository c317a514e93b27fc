import type { CgResult, SolverStatus } from '@hessian-free/krylov';
import { dot } from '@hessian-free/linop';
import { backtrackIterates } from './backtracking.js';

/** The step HF takes from a CG run, before the line search. */
export interface ChosenStep {
  /** The direction p (theta moves to theta + alpha p). */
  readonly p: Float32Array;
  /** The CG iteration p comes from (0 for a damped gradient step). */
  readonly iteration: number;
  /** The objective at theta + p. */
  readonly value: number;
  /** Where p comes from: a CG iterate, CG's negative-curvature direction, or the damped gradient. */
  readonly source: 'cg' | 'negative-curvature' | 'gradient';
  /** Set when p is not a plain (backtracked) CG iterate: what it is, and why. */
  readonly fallback?: string;
}

/** CG outcomes whose iterate is a step (negative curvature only for an indefinite curvature). */
function usable(status: SolverStatus, indefinite: boolean): boolean {
  return status === 'converged' || status === 'stopped_by_rule' || status === 'max_iterations' || (indefinite && status === 'negative_curvature');
}

const finite = (v: Float32Array): boolean => v.every(Number.isFinite);

/**
 * Picks the step from CG's result (Martens 2010 sections 4.6 and 4.8):
 * - normally the saved iterate chosen by CG backtracking (or the last one
 *   without backtracking);
 * - with the exact Hessian, when that iterate is not a descent direction
 *   but CG met negative curvature: that direction, turned downhill (as in
 *   Newton-CG);
 * - when CG failed (breakdown, a non-finite iterate, negative curvature of a
 *   curvature that should be semidefinite, or no descent direction): the
 *   damped gradient step -g / (lambda + l2), the limit of the damped Newton
 *   step for large lambda, reported in `fallback`.
 * `objective(p)` is f(theta + p) on the gradient batch.
 */
export function chooseStep(
  solve: CgResult<Float32Array>,
  g: Float32Array,
  damping: number,
  options: { readonly indefinite: boolean; readonly backtracking: boolean },
  objective: (p: Float32Array) => number,
): ChosenStep {
  const { status, iterations, savedIterates, negativeCurvatureDirection: nc } = solve.stats;
  const dampedGradient = (why: string): ChosenStep => {
    const d = damping > 0 ? damping : 1;
    const p = g.map((v) => -v / d);
    return { p, iteration: 0, value: objective(p), source: 'gradient', fallback: `damped gradient step: ${why}` };
  };
  if (!usable(status, options.indefinite)) return dampedGradient(`CG ${status}`);
  if (!finite(solve.x)) return dampedGradient('non-finite CG iterate');
  const chosen = options.backtracking
    ? backtrackIterates(savedIterates, objective)
    : { iteration: iterations, x: solve.x, value: objective(solve.x) };
  if (dot(g, chosen.x) < 0) return { p: chosen.x, iteration: chosen.iteration, value: chosen.value, source: 'cg' };
  if (status === 'negative_curvature' && nc !== null && finite(nc) && dot(g, nc) !== 0) {
    const p = dot(g, nc) > 0 ? nc.map((v) => -v) : nc;
    return {
      p,
      iteration: iterations,
      value: objective(p),
      source: 'negative-curvature',
      fallback: 'negative-curvature direction: the CG iterate is not a descent direction',
    };
  }
  return dampedGradient('the CG iterate is not a descent direction');
}
