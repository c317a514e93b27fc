import { dot, nrm2 } from '@hessian-free/linop';
import type { SolverStatus } from '@hessian-free/krylov';
import type { Evaluator } from './evaluator.js';
import { backtrack, forwardTrack } from './line-search.js';
import type { NewtonSystem } from './newton-system.js';
import { sci, type Iterate, type Step } from './step.js';
import type { IndefiniteSolver, StepDirection } from './types.js';

/**
 * Line-search Newton-CG (Nocedal & Wright, Algorithm 7.1): the truncated
 * Newton direction d from CG; if CG meets negative curvature (or breaks down)
 * d is the CG iterate reached so far, or -g when that is still 0; then an
 * Armijo backtracking line search along d, which fails when the step
 * shrinks below the resolution of x or when f's values show that d is not
 * the descent direction the gradient makes it (`backtrack`).
 *
 * With `solver` 'minres' it is Newton-MR (Roosta, Liu, Xu & Mahoney 2022;
 * Liu & Roosta 2023): d is the MINRES iterate ("SOL"), or, when Liu &
 * Roosta's test finds non-positive curvature, the MINRES residual ("NPC"),
 * along which the step is also lengthened while f keeps falling
 * (`forwardTrack`). Both are descent directions in exact arithmetic; each d
 * is checked (g'd < 0) and replaced by -g when the check fails, which the
 * record's `direction` says.
 */
export function lineSearchStep(ev: Evaluator, system: NewtonSystem, solver: IndefiniteSolver = 'cg'): Step {
  const n = system.step.length;
  const trial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const scratch = new Float64Array(n);
  const gScratch = new Float64Array(n);
  return (it: Iterate) => {
    const d = system.step;
    let direction: StepDirection = 'solution';
    let solved: { readonly iterations: number; readonly status: SolverStatus };
    if (solver === 'minres') {
      const mr = system.solveMinres(it.g);
      solved = mr;
      if (mr.direction !== null) {
        d.set(mr.direction);
        direction = 'negative-curvature';
      } else d.set(mr.x);
    } else solved = system.solve(it.g);
    const common = { radius: NaN, ratio: NaN, cgIterations: solved.iterations, cgStatus: solved.status };
    if (solved.status === 'aborted') return { kind: 'aborted', stepNorm: 0, stepLength: NaN, ...common };
    let slope = dot(it.g, d);
    // Every CG iterate from 0 is a descent direction (N&W section 7.1), and so
    // is every Newton-MR direction (Liu & Roosta 2022); -g covers negative
    // curvature or breakdown before the first CG step, and rounding.
    if (!(slope < 0)) {
      for (let i = 0; i < n; i++) d[i] = -it.g[i];
      slope = -dot(it.g, it.g);
      direction = 'gradient';
    }
    const withDirection = { ...common, direction };
    let ls = backtrack(ev, it.x, it.f, d, slope, trial, gTrial);
    if (ls.kind === 'resolution') {
      const reason = 'no acceptable step: the step shrank below the resolution of x';
      return { kind: 'failed', reason, stepNorm: 0, stepLength: NaN, ...withDirection };
    }
    if (ls.kind === 'mismatch') {
      const reason =
        `the derivatives do not match f: the gradient gives f a slope of ${sci(slope)} along the step, ` +
        `but the values of f at step lengths down to ${sci(ls.step)} show a slope of ${sci(ls.slope)}: ` +
        `not the descent direction the gradient makes it`;
      return { kind: 'failed', reason, stepNorm: 0, stepLength: NaN, ...withDirection };
    }
    if (direction === 'negative-curvature' && ls.step === 1) {
      ls = { kind: 'accepted', ...forwardTrack(ev, it.x, it.f, d, slope, ls, trial, gTrial, scratch, gScratch) };
    }
    it.x.set(trial);
    it.g.set(gTrial);
    it.f = ls.value;
    return { kind: 'taken', stepNorm: ls.step * nrm2(d), stepLength: ls.step, ...withDirection };
  };
}
