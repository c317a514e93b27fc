import type { CurvatureAt } from '@hessian-free/curvature';
import { reductionRatio, type LambdaSchedule, type LevenbergMarquardtState } from '@hessian-free/damping';
import { cg, martensStop, type SolverStatus } from '@hessian-free/krylov';
import { dot, seededRng, type LinearOperator } from '@hessian-free/linop';
import { sampleIndices } from '../training/dataset.js';
import type { Evaluator } from '../training/evaluator.js';
import { abortError, throwIfAborted } from '../training/event-loop.js';
import type { Objective } from '../training/objective.js';
import { armijo } from './armijo.js';
import { chooseMinresStep, chooseStep, type ChosenStep } from './direction.js';
import { newtonMr } from './newton-mr.js';
import { martensPreconditioner } from './preconditioner.js';
import type { IndefiniteSolver } from '../minimize/types.js';
import type { HfSettings } from './settings.js';
import type { RunState } from './state.js';
import { dampedSystem, isSemidefinite, type DampedSystem } from './system.js';
import type { HfStepReport } from './types.js';

/**
 * MINRES's tolerance on the damped system, relative residual in the
 * preconditioner's norm: an inexact Newton step (Dembo, Eisenstat & Steihaug
 * 1982), loose as HF's CG runs are (Martens stops them when the quadratic
 * model stalls, which MINRES does not track).
 */
const MINRES_RTOL = 0.1;
/** Forward tracking's Armijo constant (Martens' c) and doublings at most. */
const ARMIJO_C = 1e-2;
const MAX_DOUBLINGS = 10;

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
type Fields = Omit<HfStepReport, 'step' | 'lambda' | 'timings' | 'evaluations'>;
type Evaluations = { -readonly [K in keyof HfStepReport['evaluations']]: number };

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
  const solver: IndefiniteSolver = s.curvature === 'hessian' ? s.indefiniteSolver : 'cg';

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

  // The objective and its gradient at theta count one of each.
  const evaluations: Evaluations = { value: 1, gradient: 1, curvatureProducts: 0 };
  const finish = (fields: Fields, next: Partial<RunState>, nextDamping: LevenbergMarquardtState) => ({
    next: { theta, damping: nextDamping, previousSolution: run.previousSolution, stepCount: run.stepCount + 1, ...next, rng: rngAfter },
    report: { ...fields, lambda: nextDamping.lambda, evaluations: { ...evaluations }, timings: { ...clock, totalMs: performance.now() - started } },
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
      return finish(notRun(solver, f0, -Infinity, 'rejected: non-finite loss or gradient'), {}, updatedDamping(-Infinity));
    }
    if (g.every((v) => v === 0)) return finish(notRun(solver, f0, 0, 'stationary point: zero gradient, no step'), {}, damping);
    await pause();

    // 2. Curvature at theta on the curvature batch, damped; the preconditioner.
    at ??= timed('curvatureMs', () => batches.curvaturePoint(theta, curvatureSeed));
    const point: CurvatureAt = at;
    const system = counted(dampedSystem(point, s.curvature, s.l2, lambda, s.structuralDampingMu), evaluations);
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
    // Or, with the exact Hessian and indefiniteSolver 'minres', Newton-MR's
    // MINRES from 0 with Liu & Roosta's non-positive-curvature test.
    const b = g.map((v) => -v);
    const objectiveAt = (p: Float32Array, alpha = 1): number => {
      throwIfAborted(signal);
      evaluations.value++;
      return batches.value(moved(theta, p, alpha));
    };
    let solved: { readonly iterations: number; readonly status: SolverStatus };
    let chosen: ChosenStep;
    let nextSolution: Float32Array | null = null;
    if (solver === 'minres') {
      const solve = timed('cgMs', () => newtonMr(system.damped, b, { M, rtol: MINRES_RTOL, maxIter: s.maxCgIterations, signal }));
      if (solve.status === 'aborted') throw abortError(signal as AbortSignal);
      solved = solve;
      await pause();
      // 4. The step: the MINRES iterate or its negative-curvature direction (or a fallback).
      chosen = timed('backtrackMs', () => chooseMinresStep(solve, g, lambda + s.l2, (p) => objectiveAt(p)));
    } else {
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
      solved = solve.stats;
      await pause();
      // 4. The step: backtracked CG iterate (or a fallback), f(theta + p) on the gradient batch.
      chosen = timed('backtrackMs', () =>
        chooseStep(solve, g, lambda + s.l2, { indefinite: !isSemidefinite(s.curvature), backtracking: s.backtracking }, (p) => objectiveAt(p)),
      );
      // Warm start from the final CG solution when CG itself went well; else cold start next time.
      if (chosen.source !== 'gradient') nextSolution = solve.x;
    }
    const { p } = chosen;

    // 5. rho against the undamped model q(p) = g'p + p'Cp / 2 (one extra curvature
    // product), then Levenberg-Marquardt (section 4.1).
    const Cp = new Float32Array(p.length);
    timed('backtrackMs', () => system.curvature.apply(p, Cp));
    const slope = dot(g, p);
    const rho = reductionRatio(f0, chosen.value, slope + 0.5 * dot(p, Cp));
    const nextDamping = updatedDamping(rho);

    // 6. Armijo line search (c = 1e-2, alpha x 0.8, <= 60 tries), else reject;
    // along a MINRES negative-curvature direction also longer steps (Newton-MR).
    const search = timed('lineSearchMs', () => {
      if (!(slope < 0)) return { alpha: 0, value: f0 };
      if (!s.lineSearch) return chosen.value < f0 ? { alpha: 1, value: chosen.value } : { alpha: 0, value: f0 };
      const found = armijo(f0, slope, (alpha) => objectiveAt(p, alpha), chosen.value);
      if (solver === 'minres' && chosen.source === 'negative-curvature' && found.alpha === 1) {
        return forwardTrack(f0, slope, found.value, (alpha) => objectiveAt(p, alpha));
      }
      return found;
    });
    const candidate = search.alpha > 0 ? moved(theta, p, search.alpha) : theta;
    const accepted = search.alpha > 0 && candidate.every(Number.isFinite);
    const reasons = [chosen.fallback, accepted ? undefined : 'rejected: no acceptable step length'].filter((r) => r !== undefined);
    return finish(
      {
        lossBefore: f0,
        lossAfter: accepted ? search.value : f0,
        accepted,
        rho,
        solver,
        cg: { iterations: solved.iterations, status: solved.status, chosenIterate: chosen.iteration },
        direction: chosen.source,
        stepSize: accepted ? search.alpha : 0,
        ...(reasons.length > 0 ? { fallback: reasons.join('; ') } : {}),
      },
      { theta: accepted ? candidate : theta, previousSolution: nextSolution },
      nextDamping,
    );
  } finally {
    at?.dispose();
    batches.dispose();
  }
}

/**
 * Newton-MR's forward tracking (Liu & Roosta 2023) along a direction of
 * non-positive curvature, where the damped quadratic model is unbounded
 * below: from the accepted alpha = 1, alpha doubles while the objective
 * still meets Martens' Armijo condition (c = 1e-2) and keeps falling; at
 * most 10 doublings (alpha <= 1024).
 */
function forwardTrack(f0: number, slope: number, valueAtOne: number, f: (alpha: number) => number): { alpha: number; value: number } {
  let best = { alpha: 1, value: valueAtOne };
  for (let k = 0; k < MAX_DOUBLINGS; k++) {
    const alpha = 2 * best.alpha;
    const value = f(alpha);
    if (!(value < best.value && value <= f0 + ARMIJO_C * alpha * slope)) break;
    best = { alpha, value };
  }
  return best;
}

/** The step's damped system with every product counted in `evaluations.curvatureProducts`. */
function counted(system: DampedSystem, evaluations: Evaluations): DampedSystem {
  const count = (A: LinearOperator): LinearOperator => ({
    rows: A.rows,
    cols: A.cols,
    symmetric: A.symmetric,
    positiveSemidefinite: A.positiveSemidefinite,
    apply(x, y) {
      evaluations.curvatureProducts++;
      A.apply(x, y);
    },
  });
  return { curvature: count(system.curvature), damped: count(system.damped) };
}

/** theta + alpha p, in float32. */
function moved(theta: Float32Array, p: Float32Array, alpha: number): Float32Array {
  const out = new Float32Array(theta.length);
  for (let j = 0; j < out.length; j++) out[j] = theta[j] + alpha * p[j];
  return out;
}

/** The report of a step that ended before CG. */
function notRun(solver: IndefiniteSolver, f0: number, rho: number, why: string): Fields {
  return {
    lossBefore: f0,
    lossAfter: f0,
    accepted: false,
    rho,
    solver,
    cg: { iterations: 0, status: 'not_run', chosenIterate: 0 },
    stepSize: 0,
    fallback: why,
  };
}
