import { dot, nrm2 } from '@hessian-free/linop';
import type { Evaluator } from './evaluator.js';
import { backtrack } from './line-search.js';
import type { NewtonSystem } from './newton-system.js';
import { sci, type Iterate, type Step } from './step.js';

/**
 * Line-search Newton-CG (Nocedal & Wright, Algorithm 7.1): the truncated
 * Newton direction d from CG; if CG meets negative curvature (or breaks down)
 * d is the CG iterate reached so far, or -g when that is still 0; then an
 * Armijo backtracking line search along d, which fails when the step
 * shrinks below the resolution of x or when f's values show that d is not
 * the descent direction the gradient makes it (`backtrack`).
 */
export function lineSearchStep(ev: Evaluator, system: NewtonSystem): Step {
  const n = system.step.length;
  const trial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  return (it: Iterate) => {
    const cg = system.solve(it.g);
    const d = system.step;
    const common = { radius: NaN, ratio: NaN, cgIterations: cg.iterations, cgStatus: cg.status };
    if (cg.status === 'aborted') return { kind: 'aborted', stepNorm: 0, stepLength: NaN, ...common };
    let slope = dot(it.g, d);
    // Every CG iterate from 0 is a descent direction (N&W section 7.1); -g
    // covers negative curvature or breakdown before the first CG step.
    if (!(slope < 0)) {
      for (let i = 0; i < n; i++) d[i] = -it.g[i];
      slope = -dot(it.g, it.g);
    }
    const ls = backtrack(ev, it.x, it.f, d, slope, trial, gTrial);
    if (ls.kind === 'resolution') {
      const reason = 'no acceptable step: the step shrank below the resolution of x';
      return { kind: 'failed', reason, stepNorm: 0, stepLength: NaN, ...common };
    }
    if (ls.kind === 'mismatch') {
      const reason =
        `the derivatives do not match f: the gradient gives f a slope of ${sci(slope)} along the step, ` +
        `but the values of f at step lengths down to ${sci(ls.step)} show a slope of ${sci(ls.slope)}: ` +
        `not the descent direction the gradient makes it`;
      return { kind: 'failed', reason, stepNorm: 0, stepLength: NaN, ...common };
    }
    it.x.set(trial);
    it.g.set(gTrial);
    it.f = ls.value;
    return { kind: 'taken', stepNorm: ls.step * nrm2(d), stepLength: ls.step, ...common };
  };
}
