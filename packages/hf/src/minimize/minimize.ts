import { nrm2 } from '@hessian-free/linop';
import { curvatureCheck } from './curvature-check.js';
import { Evaluator } from './evaluator.js';
import { lineSearchStep } from './line-search-method.js';
import { NewtonSystem } from './newton-system.js';
import { checkObjective, checkStart } from './checks.js';
import { minimizeSettings } from './settings.js';
import { sci, type Iterate, type StepOutcome } from './step.js';
import { tensorCallbacks } from './tensor-objective.js';
import { trustRegionStep } from './trust-region-method.js';
import type { MinimizeCallbacks, MinimizeOptions, MinimizeRecord, MinimizeResult, MinimizeStatus, TensorObjective } from './types.js';

/** Relative precision of f: float64 callbacks, float32 tfjs backends. */
const FLOAT64_ROUNDOFF = 2 ** -52;
const FLOAT32_ROUNDOFF = 2 ** -23;

/** Default Lanczos steps of the curvature check where the gradient test passes (at most n). */
const CURVATURE_CHECK_STEPS = 20;

/**
 * Minimizes a smooth f: R^n -> R by Newton-CG (truncated Newton; Nocedal &
 * Wright, chapter 7) using only gradients and Hessian-vector products, with
 * either an Armijo line search (default) or a Steihaug-Toint trust region.
 * With `indefiniteSolver: 'minres'` the line search runs Newton-MR instead
 * (Roosta, Liu, Xu & Mahoney 2022; Liu & Roosta 2023): MINRES with Liu &
 * Roosta's (2022) test for non-positive curvature, stepping along the MINRES
 * iterate or, where the test fires, along the MINRES residual.
 *
 * `f` is an object of Float64Array callbacks (value, gradient, hessianVector,
 * optionally valueAndGradient), or a TensorFlow.js function of a Tensor1D
 * returning a Scalar, differentiated automatically (in float32). All
 * arguments (and option names) are checked before f is evaluated.
 * Mathematical outcomes are a `status`, never an exception (see
 * `MinimizeStatus` for what each one guarantees: `converged` at a point
 * where a curvature check found no negative curvature, `saddle_point` where
 * it did, `unbounded`, `line_search_failed` for derivatives that do not
 * match f or a step below the resolution of x, ...); errors thrown by f
 * itself propagate.
 *
 * @example
 * ```ts
 * import { minimize } from '@hessian-free/hf';
 * // Rosenbrock: f(a, b) = 100 (b - a^2)^2 + (1 - a)^2, minimum 0 at (1, 1).
 * const result = minimize(
 *   {
 *     value: ([a, b]) => 100 * (b - a * a) ** 2 + (1 - a) ** 2,
 *     gradient([a, b], g) {
 *       g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
 *       g[1] = 200 * (b - a * a);
 *     },
 *     hessianVector([a, b], v, out) {
 *       out[0] = (1200 * a * a - 400 * b + 2) * v[0] - 400 * a * v[1];
 *       out[1] = -400 * a * v[0] + 200 * v[1];
 *     },
 *   },
 *   Float64Array.of(-1.2, 1),
 *   { method: 'trust-region' },
 * );
 * result.status; // 'converged', result.x within 1e-8 of (1, 1)
 * ```
 */
export function minimize(
  f: MinimizeCallbacks | TensorObjective,
  x0: Float64Array | Float32Array,
  options?: MinimizeOptions,
): MinimizeResult {
  checkObjective('minimize: f', f);
  checkStart('minimize: x0', x0);
  const kind = typeof f === 'function' ? 'tensor' : 'callbacks';
  const s = minimizeSettings(options, kind);
  const n = x0.length;
  const callbacks = kind === 'tensor' ? tensorCallbacks(f as TensorObjective, n) : (f as MinimizeCallbacks);
  const roundoff = kind === 'tensor' ? FLOAT32_ROUNDOFF : FLOAT64_ROUNDOFF;
  const ev = new Evaluator(callbacks, roundoff);
  const checkSteps = Math.min(n, s.curvatureCheck ?? CURVATURE_CHECK_STEPS);
  const it: Iterate = { x: Float64Array.from(x0), g: new Float64Array(n), f: 0, fBest: Infinity };
  const history: MinimizeRecord[] | undefined = s.history ? [] : undefined;
  let iterations = 0;
  const finish = (status: MinimizeStatus, message: string): MinimizeResult => ({
    x: it.x.slice(),
    value: it.f,
    gradient: it.g.slice(),
    gradientNorm: infNorm(it.g),
    iterations,
    status,
    message,
    evaluations: { ...ev.counts },
    ...(history && { history }),
  });

  // Value first, on its own: a tfjs function that throws (say, for returning
  // a non-scalar) inside a gradient tape leaves tfjs's engine state corrupted.
  it.f = ev.value(it.x);
  if (it.f === Infinity) {
    it.g.fill(NaN);
    return finish('non_finite', 'f is not finite at x0');
  }
  if (!ev.gradient(it.x, it.g)) return finish('non_finite', 'the gradient is not finite at x0');
  const f0 = it.f;
  const system = new NewtonSystem(ev, it.x, s.forcingMax, s.maxCgIter, s.signal);
  const step = s.method === 'trust-region' ? trustRegionStep(ev, system, s.initialRadius) : lineSearchStep(ev, system, s.indefiniteSolver);

  // The point of lowest f so far: a step whose decrease is within f's
  // rounding error may raise f (to at most it.fBest plus that error), and a
  // run that fails returns this point, so that line_search_failed never
  // leaves f above f(x0).
  const best = { x: it.x.slice(), g: it.g.slice(), f: it.f, iteration: 0 };
  it.fBest = it.f;
  let last: StepOutcome | null = null;
  let previousValue = it.f;
  for (;;) {
    const gradientNorm = infNorm(it.g);
    if (gradientNorm <= s.gtol) {
      const stationary = `||g||_inf = ${sci(gradientNorm)} <= gtol = ${sci(s.gtol)}`;
      const curvature = checkSteps > 0 ? curvatureCheck(system.H, checkSteps, roundoff) : null;
      if (curvature?.negative) {
        return finish(
          'saddle_point',
          `${stationary}, but f curves downward there: the Hessian has negative curvature ${sci(curvature.smallest)} ` +
            `(largest ${sci(curvature.largest)}, ${curvature.steps} Lanczos steps): a saddle point or a maximum, not a minimum`,
        );
      }
      return finish('converged', stationary);
    }
    if (last?.kind === 'taken') {
      if (s.xtol > 0 && last.stepNorm <= s.xtol * Math.max(1, nrm2(it.x))) {
        return finish('converged', `step ||dx|| = ${sci(last.stepNorm)} <= xtol * max(1, ||x||)`);
      }
      const decrease = previousValue - it.f;
      if (s.ftol > 0 && decrease <= s.ftol * Math.max(1, Math.abs(previousValue))) {
        return finish('converged', `decrease of f = ${sci(decrease)} <= ftol * max(1, |f|)`);
      }
    }
    if (iterations >= s.maxIter) return finish('max_iterations', `reached maxIter = ${s.maxIter}`);
    if (s.signal?.aborted) return finish('aborted', 'aborted by the signal');

    previousValue = it.f;
    const fBefore = it.f;
    last = step(it);
    if (last.kind === 'aborted') return finish('aborted', 'aborted by the signal');
    if (last.kind !== 'failed') {
      iterations++;
      if (last.kind === 'taken' && it.f <= best.f) {
        best.x.set(it.x);
        best.g.set(it.g);
        best.f = it.f;
        best.iteration = iterations;
        it.fBest = it.f;
      }
      const record: MinimizeRecord = {
        iteration: iterations,
        value: it.f,
        gradientNorm: infNorm(it.g),
        accepted: last.kind === 'taken',
        stepNorm: last.stepNorm,
        stepLength: last.stepLength,
        radius: last.radius,
        ratio: last.ratio,
        cgIterations: last.cgIterations,
        cgStatus: last.cgStatus,
        ...(last.direction !== undefined && { direction: last.direction }),
      };
      history?.push(record);
      s.onIteration?.({ ...record, x: it.x });
    }
    if (ev.fellWithoutBound) {
      return finish(
        'unbounded',
        `f fell without bound: it returned -Infinity at a trial point (f was ${sci(fBefore)} where the step started, ${sci(f0)} at x0)`,
      );
    }
    if (last.kind === 'failed') {
      let message = last.reason ?? 'no acceptable step';
      if (it.f > best.f) {
        it.x.set(best.x);
        it.g.set(best.g);
        it.f = best.f;
        message += `; x is the point of lowest f, reached at iteration ${best.iteration}`;
      }
      return finish('line_search_failed', message);
    }
  }
}

function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

