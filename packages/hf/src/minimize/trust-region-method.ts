import { trustRegion } from '@hessian-free/damping';
import { nrm2 } from '@hessian-free/linop';
import type { Evaluator } from './evaluator.js';
import type { NewtonSystem } from './newton-system.js';
import { SlopeCheck } from './slope-check.js';
import { sci, type Iterate, type Step } from './step.js';
import { trustRatio } from './trust-ratio.js';

/**
 * Trust-region Newton-CG (Nocedal & Wright, Algorithms 4.1 and 7.2): the
 * Steihaug-Toint CG step s inside ||s|| <= radius, the ratio of actual to
 * predicted reduction, and the radius policy of @hessian-free/damping (N&W
 * 4.1). The predicted reduction -m(s) = -(g's + s'Hs/2) is the last value of
 * the quadratic model CG already tracks, so it costs no extra product.
 *
 * When the radius is small, Steihaug-Toint CG stops on the boundary in its
 * first iteration, so the rejected steps from one x lie on the ray along
 * -g (CG's first iterate is a multiple of -g). The changes of f along that ray, extrapolated to radius -> 0
 * (`SlopeCheck`), show f's true slope there; when it is above -||g|| / 2
 * (f falls at less than half the rate the gradient says, or rises), the
 * derivatives do not match f and the method fails at once, rather than
 * shrinking the radius until the predicted reduction sinks below f's
 * rounding error and a noise-sized step that may raise f is let through.
 */
export function trustRegionStep(ev: Evaluator, system: NewtonSystem, initialRadius: number): Step {
  const n = system.step.length;
  const trial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const policy = trustRegion({ initialRadius });
  let state = policy.initial();
  // The rejected steps along -g from the current x, checked against the
  // slope the gradient gives (null until the first one; reset when x moves).
  let rayCheck: SlopeCheck | null = null;
  return (it: Iterate) => {
    const radius = state.radius;
    const cg = system.solve(it.g, radius);
    const s = system.step;
    const common = { stepLength: NaN, cgIterations: cg.iterations, cgStatus: cg.status };
    if (cg.status === 'aborted') return { kind: 'aborted', stepNorm: 0, radius, ratio: NaN, ...common };
    let predicted = -cg.quadraticValues[cg.iterations];
    if (cg.iterations === 0) {
      // Breakdown before the first CG step (a non-finite Hessian product):
      // steepest descent to the boundary, judged against the linear model.
      const gNorm = nrm2(it.g);
      for (let i = 0; i < n; i++) s[i] = (-radius / gNorm) * it.g[i];
      predicted = radius * gNorm;
    }
    const stepNorm = nrm2(s);
    const noise = ev.noise(it.f);
    let moved = false;
    for (let i = 0; i < n; i++) {
      trial[i] = it.x[i] + s[i];
      if (trial[i] !== it.x[i]) moved = true;
    }
    if (!moved) {
      const reason = 'no acceptable step: the trust region shrank below the resolution of x';
      return { kind: 'failed', reason, stepNorm, radius, ratio: NaN, ...common };
    }
    const fTrial = ev.combined ? ev.valueAndGradient(trial, gTrial) : ev.value(trial);
    let rho = trustRatio(it.f, fTrial, predicted, noise, it.fBest);
    const onBoundary = cg.status === 'trust_region_boundary' || cg.status === 'negative_curvature' || cg.iterations === 0;
    let update = policy.update(state, { rho, onBoundary });
    // Without a combined callback the gradient is computed only for a step that
    // will be taken; a non-finite one rejects the step as f = +Infinity would.
    if (update.accepted && !ev.combined && !ev.gradient(trial, gTrial)) {
      rho = -Infinity;
      update = policy.update(state, { rho, onBoundary });
    }
    state = update.state;
    if (!update.accepted) {
      // CG's first iterate (inside or on the boundary) and the fallback above lie along -g.
      if (cg.iterations <= 1) {
        const gNorm = nrm2(it.g);
        rayCheck ??= new SlopeCheck(-gNorm, noise);
        if (rayCheck.add(stepNorm, fTrial - it.f)) {
          const reason =
            `the derivatives do not match f: the gradient gives f a slope of ${sci(-gNorm)} along -g, ` +
            `but the values of f at radii down to ${sci(stepNorm)} show a slope of ${sci(rayCheck.estimate)}: ` +
            `-g is not the descent direction the gradient makes it`;
          return { kind: 'failed', reason, stepNorm, radius: state.radius, ratio: rho, ...common };
        }
      }
      return { kind: 'rejected', stepNorm, radius: state.radius, ratio: rho, ...common };
    }
    rayCheck = null;
    it.x.set(trial);
    it.g.set(gTrial);
    it.f = fTrial;
    return { kind: 'taken', stepNorm, radius: state.radius, ratio: rho, ...common };
  };
}
