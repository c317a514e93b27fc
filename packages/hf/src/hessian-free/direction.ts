import type { CgResult, SolverStatus } from '@hessian-free/krylov';
import { dot } from '@hessian-free/linop';
import type { StepDirection } from '../minimize/types.js';
import { backtrackIterates } from './backtracking.js';
import type { NewtonMrResult } from './newton-mr.js';

/** The step HF takes from a CG run, before the line search. */
export interface ChosenStep {
  /** The direction p (theta moves to theta + alpha p). */
  readonly p: Float32Array;
  /** The CG iteration p comes from (0 for a damped gradient step). */
  readonly iteration: number;
  /** The objective at theta + p. */
  readonly value: number;
  /** Where p comes from: the solver's iterate, its negative-curvature direction, or the damped gradient. */
  readonly source: StepDirection;
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
  if (dot(g, chosen.x) < 0) return { p: chosen.x, iteration: chosen.iteration, value: chosen.value, source: 'solution' };
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

/** MINRES outcomes whose iterate is a step: all but a breakdown (and an abort, which never gets here). */
function usableMinres(status: SolverStatus): boolean {
  return status !== 'breakdown' && status !== 'aborted';
}

/**
 * Picks the step from Newton-MR's MINRES (`newtonMr`; Liu & Roosta 2022,
 * 2023): the MINRES iterate ("SOL"), or, when Liu & Roosta's test found
 * non-positive curvature, the MINRES residual ("NPC"), a direction of
 * non-positive curvature of the damped system. In exact arithmetic both are
 * descent directions (g'p < 0); each is checked, the NPC direction turned
 * downhill if rounding flipped it, and a failed check (or a breakdown, or a
 * non-finite vector) gives the damped gradient step -g / (lambda + l2),
 * reported in `fallback`. There is no CG backtracking: MINRES iterates do
 * not minimize the quadratic model. `objective(p)` is f(theta + p) on the
 * gradient batch.
 */
export function chooseMinresStep(
  solve: NewtonMrResult<Float32Array>,
  g: Float32Array,
  damping: number,
  objective: (p: Float32Array) => number,
): ChosenStep {
  const { status, iterations, direction: npc } = solve;
  const dampedGradient = (why: string): ChosenStep => {
    const d = damping > 0 ? damping : 1;
    const p = g.map((v) => -v / d);
    return { p, iteration: 0, value: objective(p), source: 'gradient', fallback: `damped gradient step: ${why}` };
  };
  if (npc !== null) {
    if (!finite(npc)) return dampedGradient('non-finite MINRES negative-curvature direction');
    const slope = dot(g, npc);
    if (slope === 0 || !Number.isFinite(slope)) return dampedGradient(`the MINRES negative-curvature direction is not a descent direction (g'p = ${slope})`);
    const p = slope > 0 ? npc.map((v) => -v) : npc.slice();
    const flipped = slope > 0 ? { fallback: 'negative-curvature direction turned downhill: rounding made the MINRES residual point uphill' } : {};
    return { p, iteration: iterations, value: objective(p), source: 'negative-curvature', ...flipped };
  }
  if (!usableMinres(status)) return dampedGradient(`MINRES ${status}`);
  if (!finite(solve.x)) return dampedGradient('non-finite MINRES iterate');
  const slope = dot(g, solve.x);
  if (!(slope < 0)) return dampedGradient(`the MINRES iterate is not a descent direction (g'p = ${slope})`);
  const p = solve.x.slice();
  return { p, iteration: iterations, value: objective(p), source: 'solution' };
}
