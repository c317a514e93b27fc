import type { CurvatureAt } from '@hessian-free/curvature';
import { reductionRatio, type LambdaSchedule, type LevenbergMarquardtState } from '@hessian-free/damping';
import { cg, martensStop } from '@hessian-free/krylov';
import { dot, seededRng } from '@hessian-free/linop';
import { sampleIndices } from '../training/dataset.js';
import type { Evaluator } from '../training/evaluator.js';
import { abortError, throwIfAborted } from '../training/event-loop.js';
import type { Objective } from '../training/objective.js';
import { armijo } from './armijo.js';
import { chooseStep } from './direction.js';
import { martensPreconditioner } from './preconditioner.js';
import type { HfSettings } from './settings.js';
import type { RunState } from './state.js';
import { dampedSystem, isSemidefinite } from './system.js';
import type { HfStepReport } from './types.js';

/** What a step works with; nothing in here changes during a step. */
export interface StepContext {
  /** Number of training examples. */
  readonly size: number;
  /** Where the sums over examples are computed (this thread or workers). */
  readonly evaluator: Evaluator;
  readonly objective: Objective;
  readonly settings: HfSettings;
  readonly schedule: LambdaSchedule<LevenbergMarquardtState>;
}

type Timings = { -readonly [K in keyof Omit<HfStepReport['timings'], 'totalMs'>]: number };
type Fields = Omit<HfStepReport, 'step' | 'lambda' | 'timings'>;

/**
 * One HF step (Martens 2010, Algorithm 1 with sections 4.1-4.8) from `run`,
 * as a pure transition: returns the next run state and the report, and
 * changes nothing else, so an abort or an exception leaves the caller's state
 * as it was. `pause` is awaited between phases (it yields to the event loop
 * and throws on abort).
 */
export async function hfStep(
  ctx: StepContext,
  run: RunState,
  signal: AbortSignal | undefined,
  pause: () => Promise<void>,
): Promise<{ readonly next: RunState; readonly report: Omit<HfStepReport, 'step'> }> {
  const { size, objective, settings: s } = ctx;
  const started = performance.now();
  const clock: Timings = { gradientMs: 0, curvatureMs: 0, preconditionerMs: 0, cgMs: 0, backtrackMs: 0, lineSearchMs: 0 };
  const timed = <T>(phase: keyof Timings, f: () => T): T => {
    const t0 = performance.now();
    try {
      return f();
    } finally {
      clock[phase] += performance.now() - t0;
    }
  };
  throwIfAborted(signal);
  const { theta, damping } = run;
  const { lambda } = damping;

  // Batches: the gradient batch, and the curvature batch as a subset of it
  // (Martens 2010 section 4.3), both from the seeded generator.
  const rng = seededRng(run.rng);
  const gradientIndices = s.gradientBatchSize < size ? sampleIndices(size, s.gradientBatchSize, rng) : null;
  const sameBatch = s.curvatureBatchSize >= s.gradientBatchSize;
  let curvatureIndices: Int32Array | null = null;
  if (!sameBatch) {
    const positions = sampleIndices(s.gradientBatchSize, s.curvatureBatchSize, rng);
    curvatureIndices = gradientIndices === null ? positions : positions.map((k) => gradientIndices[k]);
  }
  const curvatureSeed = Math.floor(rng.uniform() * 0x100000000);
  const rngAfter = rng.state();

  const finish = (fields: Fields, next: Partial<RunState>, nextDamping: LevenbergMarquardtState) => ({
    next: { theta, damping: nextDamping, previousSolution: run.previousSolution, stepCount: run.stepCount + 1, ...next, rng: rngAfter },
    report: { ...fields, lambda: nextDamping.lambda, timings: { ...clock, totalMs: performance.now() - started } },
  });
  const updatedDamping = (rho: number): LevenbergMarquardtState => ctx.schedule.update(damping, rho);

  const batches = ctx.evaluator.batches(gradientIndices, curvatureIndices);
  let at: CurvatureAt | null = null;
  try {
    // 1. Objective and gradient on the gradient batch (with the l2 term). When
    // the curvature batch is the gradient batch, curvatureAt's forward pass
    // gives both and is kept for the curvature products.
    const { value: f0, gradient: g } = timed('gradientMs', () => {
      if (!sameBatch) return batches.valueAndGradient(theta);
      at = batches.gradientPoint(theta, curvatureSeed);
      return objective.withPenalty(theta, at.loss, at.gradient.slice());
    });
    if (!Number.isFinite(f0) || !g.every(Number.isFinite)) {
      // Reject and raise lambda (rho = -Infinity); the parameters stay as they are.
      return finish(notRun(f0, -Infinity, 'rejected: non-finite loss or gradient'), {}, updatedDamping(-Infinity));
    }
    if (g.every((v) => v === 0)) return finish(notRun(f0, 0, 'stationary point: zero gradient, no step'), {}, damping);
    await pause();

    // 2. Curvature at theta on the curvature batch, damped; the preconditioner.
    at ??= timed('curvatureMs', () => batches.curvaturePoint(theta, curvatureSeed));
    const point: CurvatureAt = at;
    const system = dampedSystem(point, s.curvature, s.l2, lambda, s.structuralDampingMu);
    const M = s.preconditioner
      ? timed('preconditionerMs', () =>
          // The exact per-example sums, as Martens used: for dense layers one
          // product of squared activations with squared deltas (curvature's 'exact').
          martensPreconditioner(point.empiricalFisherDiagonal({ method: 'exact' }), lambda + s.l2),
        )
      : undefined;
    await pause();

    // 3. CG on B p = -g from warmStartDecay x the previous solution (section 4.5),
    // Martens' relative-progress stop (4.4), iterates saved for backtracking (4.6).
    const b = g.map((v) => -v);
    const x0 = run.previousSolution !== null && s.warmStartDecay > 0 ? run.previousSolution.map((v) => s.warmStartDecay * v) : undefined;
    const solve = timed('cgMs', () =>
      cg(system.damped, b, {
        x0,
        M,
        maxIter: s.maxCgIterations,
        stop: martensStop(),
        saveIterates: s.backtracking,
        signal,
        trueResidual: false,
      }),
    );
    if (solve.stats.status === 'aborted') throw abortError(signal as AbortSignal);
    await pause();

    // 4. The step: backtracked CG iterate (or a fallback), f(theta + p) on the gradient batch.
    const objectiveAt = (p: Float32Array, alpha = 1): number => {
      throwIfAborted(signal);
      return batches.value(moved(theta, p, alpha));
    };
    const chosen = timed('backtrackMs', () =>
      chooseStep(solve, g, lambda + s.l2, { indefinite: !isSemidefinite(s.curvature), backtracking: s.backtracking }, (p) => objectiveAt(p)),
    );
    const { p } = chosen;

    // 5. rho against the undamped model q(p) = g'p + p'Cp / 2 (one extra curvature
    // product), then Levenberg-Marquardt (section 4.1).
    const Cp = new Float32Array(p.length);
    timed('backtrackMs', () => system.curvature.apply(p, Cp));
    const slope = dot(g, p);
    const rho = reductionRatio(f0, chosen.value, slope + 0.5 * dot(p, Cp));
    const nextDamping = updatedDamping(rho);

    // 6. Armijo line search (c = 1e-2, alpha x 0.8, <= 60 tries), else reject.
    const search = timed('lineSearchMs', () => {
      if (!(slope < 0)) return { alpha: 0, value: f0 };
      if (s.lineSearch) return armijo(f0, slope, (alpha) => objectiveAt(p, alpha), chosen.value);
      return chosen.value < f0 ? { alpha: 1, value: chosen.value } : { alpha: 0, value: f0 };
    });
    const candidate = search.alpha > 0 ? moved(theta, p, search.alpha) : theta;
    const accepted = search.alpha > 0 && candidate.every(Number.isFinite);
    const reasons = [chosen.fallback, accepted ? undefined : 'rejected: no acceptable step length'].filter((r) => r !== undefined);
    // Warm start from the final CG solution when CG itself went well; else cold start next time.
    const goodSolve = chosen.source !== 'gradient';
    return finish(
      {
        lossBefore: f0,
        lossAfter: accepted ? search.value : f0,
        accepted,
        rho,
        cg: { iterations: solve.stats.iterations, status: solve.stats.status, chosenIterate: chosen.iteration },
        stepSize: accepted ? search.alpha : 0,
        ...(reasons.length > 0 ? { fallback: reasons.join('; ') } : {}),
      },
      { theta: accepted ? candidate : theta, previousSolution: goodSolve ? solve.x : null },
      nextDamping,
    );
  } finally {
    at?.dispose();
    batches.dispose();
  }
}

/** theta + alpha p, in float32. */
function moved(theta: Float32Array, p: Float32Array, alpha: number): Float32Array {
  const out = new Float32Array(theta.length);
  for (let j = 0; j < out.length; j++) out[j] = theta[j] + alpha * p[j];
  return out;
}

/** The report of a step that ended before CG. */
function notRun(f0: number, rho: number, why: string): Fields {
  return {
    lossBefore: f0,
    lossAfter: f0,
    accepted: false,
    rho,
    cg: { iterations: 0, status: 'not_run', chosenIterate: 0 },
    stepSize: 0,
    fallback: why,
  };
}
