import {
  curvatureAt,
  ensureGradients,
  seededRng,
  type CurvatureAt,
  type FunctionalModel,
  type OutputLoss,
} from '@hessian-free/curvature';
import { levenbergMarquardt, reductionRatio, type LevenbergMarquardtState } from '@hessian-free/damping';
import { cg, martensStop, type SolverStatus } from '@hessian-free/krylov';
import { add, dot, scale, shift, type LinearOperator } from '@hessian-free/linop';
import * as tf from '@tensorflow/tfjs-core';
import { armijo } from './armijo.js';
import { backtrackIterates } from './backtracking.js';
import { OwnedDataset } from './dataset.js';
import { decodeFloat32, encodeFloat32 } from './encoding.js';
import { Objective } from './objective.js';
import { checkTheta, hfSettings, type HfSettings } from './options.js';
import { martensPreconditioner } from './preconditioner.js';
import type { Dataset, HessianFreeOptimizer, HessianFreeOptions, HessianFreeState, HfStepReport } from './types.js';
import { abortError, nextTask, throwIfAborted } from './yield.js';

/** Rademacher probes for the diagonal of the empirical Fisher (the preconditioner). */
export const PRECONDITIONER_PROBES = 4;

/** CG statuses whose iterate is a usable step direction. */
const USABLE: ReadonlySet<SolverStatus> = new Set(['converged', 'stopped_by_rule', 'max_iterations', 'negative_curvature']);

/**
 * Hessian-free optimization of a model's mean loss on a data set (Martens
 * 2010; Martens & Sutskever 2011), one `step()` at a time. See the package
 * README for the recipe and its defaults.
 */
export function hessianFree(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  options?: HessianFreeOptions,
): HessianFreeOptimizer {
  return new HessianFree('hessianFree', model, loss, data, theta0, options, null);
}

/** Continues a run from `state` (as returned by `state()`), with the same data and options. */
export function resumeHessianFree(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  state: HessianFreeState,
  options?: HessianFreeOptions,
): HessianFreeOptimizer {
  const where = 'resumeHessianFree';
  if (state === null || typeof state !== 'object' || state.kind !== 'hessian-free' || state.version !== 1) {
    throw new TypeError(`${where}: state must be a HessianFreeState (kind 'hessian-free', version 1)`);
  }
  const theta = decodeFloat32(`${where}: state.theta`, state.theta, model.numParams);
  return new HessianFree(where, model, loss, data, theta, options, state);
}

class HessianFree implements HessianFreeOptimizer {
  private readonly settings: HfSettings;
  private readonly data: OwnedDataset;
  private readonly objective: Objective;
  private readonly schedule = levenbergMarquardt();
  private theta: Float32Array;
  private lambdaState: LevenbergMarquardtState;
  private previousSolution: Float32Array | null;
  private rngPosition: number;
  private steps: number;
  private disposed = false;
  private busy = false;

  constructor(
    where: string,
    private readonly model: FunctionalModel,
    private readonly loss: OutputLoss,
    data: Dataset,
    theta0: Float32Array,
    options: HessianFreeOptions | undefined,
    state: HessianFreeState | null,
  ) {
    if (model === null || typeof model !== 'object' || typeof model.trace !== 'function') {
      throw new TypeError(`${where}: model must be made by functionalModel()`);
    }
    if (loss === null || typeof loss !== 'object' || typeof loss.value !== 'function') {
      throw new TypeError(`${where}: loss must be an OutputLoss (e.g. softmaxCrossEntropy)`);
    }
    this.theta = checkTheta(where, theta0, model.numParams);
    this.data = new OwnedDataset(where, data);
    try {
      ensureGradients();
      const hasHidden = this.probeModel(where);
      this.settings = hfSettings(where, options, this.data.size, hasHidden);
    } catch (error) {
      this.data.dispose();
      throw error;
    }
    this.objective = new Objective(model, loss, this.settings.l2);
    this.lambdaState = levenbergMarquardt({ initialLambda: this.settings.initialLambda }).initial();
    this.previousSolution = null;
    this.rngPosition = this.settings.seed >>> 0;
    this.steps = 0;
    if (state !== null) {
      this.lambdaState = this.schedule.restore({ kind: 'levenberg-marquardt', lambda: state.lambda });
      if (!Number.isSafeInteger(state.stepCount) || state.stepCount < 0) {
        throw new RangeError(`${where}: state.stepCount must be a non-negative integer`);
      }
      if (!Number.isSafeInteger(state.rng) || state.rng < 0 || state.rng > 0xffffffff) {
        throw new RangeError(`${where}: state.rng must be a 32-bit unsigned integer`);
      }
      this.steps = state.stepCount;
      this.rngPosition = state.rng;
      this.previousSolution =
        state.previousSolution === null ? null : decodeFloat32(`${where}: state.previousSolution`, state.previousSolution, model.numParams);
    }
  }

  get parameters(): Float32Array {
    return this.theta.slice();
  }

  get stepCount(): number {
    return this.steps;
  }

  get lambda(): number {
    return this.lambdaState.lambda;
  }

  state(): HessianFreeState {
    this.checkLive();
    return {
      kind: 'hessian-free',
      version: 1,
      stepCount: this.steps,
      lambda: this.lambdaState.lambda,
      rng: this.rngPosition,
      theta: encodeFloat32(this.theta),
      previousSolution: this.previousSolution === null ? null : encodeFloat32(this.previousSolution),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.data.dispose();
  }

  async step(options: { readonly signal?: AbortSignal } = {}): Promise<HfStepReport> {
    this.checkLive();
    if (this.busy) throw new Error('hessianFree: step() called while a step is running; await it first');
    this.busy = true;
    try {
      const report = await this.run(options.signal);
      this.settings.onStep?.(report);
      return report;
    } finally {
      this.busy = false;
    }
  }

  /**
   * One step. Every change of state (theta, lambda, warm start, sampling
   * position, step count) is committed at the end, so an abort or an
   * exception leaves the optimizer exactly as it was.
   */
  private async run(signal: AbortSignal | undefined): Promise<HfStepReport> {
    const s = this.settings;
    const started = performance.now();
    const clock = { gradientMs: 0, preconditionerMs: 0, cgMs: 0, backtrackMs: 0, lineSearchMs: 0 };
    const timed = <T>(phase: keyof typeof clock, f: () => T): T => {
      const t0 = performance.now();
      try {
        return f();
      } finally {
        clock[phase] += performance.now() - t0;
      }
    };
    const pause = async () => {
      if (s.yieldToEventLoop) await nextTask();
      throwIfAborted(signal);
    };
    throwIfAborted(signal);
    const rng = seededRng(this.rngPosition);
    const lambda = this.lambdaState.lambda;
    const gradientBatch = this.data.sample(s.gradientBatchSize, rng);
    const sameBatch = s.curvatureBatchSize >= s.gradientBatchSize;
    const curvatureBatch = sameBatch ? gradientBatch : this.data.sample(s.curvatureBatchSize, rng);
    const curvatureSeed = Math.floor(rng.uniform() * 0x100000000);
    let at: CurvatureAt | null = null;
    try {
      const { value: f0, gradient: g } = timed('gradientMs', () => this.objective.valueAndGradient(this.theta, gradientBatch));
      const finish = (fields: Omit<HfStepReport, 'step' | 'timings' | 'lambda'>, theta: Float32Array, rho: number, solution: Float32Array | null) => {
        const next = this.schedule.update(this.lambdaState, rho);
        this.theta = theta;
        this.lambdaState = next;
        if (solution !== null) this.previousSolution = solution;
        this.rngPosition = rng.state();
        this.steps++;
        return {
          step: this.steps,
          ...fields,
          lambda: next.lambda,
          timings: { ...clock, totalMs: performance.now() - started },
        };
      };
      if (!Number.isFinite(f0) || !g.every(Number.isFinite)) {
        return finish(rejected(f0, 'rejected: non-finite loss or gradient at the current parameters'), this.theta, -Infinity, null);
      }
      await pause();

      at = timed('preconditionerMs', () => curvatureAt(this.model, this.loss, this.theta, curvatureBatch, { seed: curvatureSeed }));
      const curvature = this.curvatureOperator(at);
      const damped = this.dampedOperator(at, curvature, lambda);
      const M = s.preconditioner
        ? timed('preconditionerMs', () =>
            martensPreconditioner(
              (at as CurvatureAt).empiricalFisherDiagonal({ method: 'rademacher', samples: PRECONDITIONER_PROBES }),
              lambda + s.l2,
            ),
          )
        : undefined;
      await pause();

      // Solve (C + lambda I [+ lambda mu S]) p = -g from 0.95 x the previous solution.
      const b = g.map((v) => -v);
      const x0 = this.previousSolution?.map((v) => s.warmStartDecay * v);
      const solve = timed('cgMs', () =>
        cg(damped, b, {
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

      const objectiveAt = (p: Float32Array, alpha = 1): number =>
        this.objective.value(this.theta.map((v, j) => v + alpha * p[j]), gradientBatch);
      let direction = stepDirection(solve.x, solve.stats.status, solve.stats.negativeCurvatureDirection, g);
      let fallback: string | undefined;
      if (direction === null || !(dot(g, direction) < 0)) {
        // CG gave nothing usable: a damped gradient step, -g / (lambda + l2) (plain -g without damping).
        const d = lambda + s.l2 > 0 ? lambda + s.l2 : 1;
        direction = g.map((v) => -v / d);
        fallback = `damped gradient step: CG ${solve.stats.status}`;
      }
      const chosen = timed('backtrackMs', () =>
        fallback === undefined && s.backtracking
          ? backtrackIterates(solve.stats.savedIterates, (p) => objectiveAt(p))
          : { iteration: fallback === undefined ? solve.stats.iterations : 0, x: direction as Float32Array, value: objectiveAt(direction as Float32Array) },
      );
      const p = fallback === undefined && s.backtracking ? chosen.x : (direction as Float32Array);

      // rho against the UNDAMPED model q(p) = g'p + p'Cp / 2 (C includes the L2 term).
      const Cp = new Float32Array(p.length);
      timed('backtrackMs', () => curvature.apply(p, Cp));
      const slope = dot(g, p);
      const rho = reductionRatio(f0, chosen.value, slope + 0.5 * dot(p, Cp));

      const search = timed('lineSearchMs', () =>
        !(slope < 0)
          ? { alpha: 0, value: f0 }
          : s.lineSearch
            ? armijo(f0, slope, (alpha) => objectiveAt(p, alpha), chosen.value)
            : chosen.value < f0
              ? { alpha: 1, value: chosen.value }
              : { alpha: 0, value: f0 },
      );
      const accepted = search.alpha > 0;
      const theta = accepted ? this.theta.map((v, j) => v + search.alpha * p[j]) : this.theta;
      const solution = solve.x.every(Number.isFinite) ? (solve.x as Float32Array) : null;
      return finish(
        {
          lossBefore: f0,
          lossAfter: search.value,
          accepted,
          rho,
          cg: { iterations: solve.stats.iterations, status: solve.stats.status, chosenIterate: chosen.iteration },
          stepSize: search.alpha,
          ...(fallback === undefined ? (accepted ? {} : { fallback: 'rejected: no acceptable step length' }) : { fallback }),
        },
        theta,
        rho,
        solution,
      );
    } finally {
      at?.dispose();
      if (!sameBatch) this.data.disposeBatch(curvatureBatch);
      this.data.disposeBatch(gradientBatch);
    }
  }

  /** The undamped curvature C at the point (plus l2 I for the weight cost). */
  private curvatureOperator(at: CurvatureAt): LinearOperator {
    const { curvature, l2 } = this.settings;
    const C = curvature === 'hessian' ? at.hessian() : curvature === 'fisher' ? at.fisher({ kind: 'empirical' }) : at.gaussNewton();
    return l2 > 0 ? shift(C, l2) : C;
  }

  /** C + lambda I, plus lambda mu S with structural damping (Martens & Sutskever 2011, eq. 6). */
  private dampedOperator(at: CurvatureAt, C: LinearOperator, lambda: number): LinearOperator {
    const mu = this.settings.structuralDampingMu;
    const tikhonov = shift(C, lambda);
    return mu > 0 && lambda > 0 ? add(tikhonov, scale(lambda * mu, at.structuralDamping())) : tikhonov;
  }

  /** Runs the model on one example: catches shape errors early; says whether it returns hidden states. */
  private probeModel(where: string): boolean {
    const { inputs } = this.data.all();
    try {
      return tf.tidy(() => {
        const outs = this.model.trace(tf.tensor1d(this.theta), tf.slice(inputs, 0, 1));
        return outs.length > 1;
      });
    } catch (error) {
      throw new Error(`${where}: the model's forward pass failed on data.inputs: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('hessianFree: used after dispose()');
  }
}

/**
 * The step CG suggests: its iterate, except on negative curvature (exact
 * Hessian) with a zero iterate, where the negative-curvature direction,
 * turned downhill, is the step (as in Newton-CG). Null if unusable.
 */
function stepDirection(x: Float32Array, status: SolverStatus, negative: Float32Array | null, g: Float32Array): Float32Array | null {
  if (!USABLE.has(status) || !x.every(Number.isFinite)) return null;
  if (x.some((v) => v !== 0)) return x;
  if (status === 'negative_curvature' && negative !== null && negative.every(Number.isFinite)) {
    return dot(g, negative) > 0 ? negative.map((v) => -v) : negative;
  }
  return null;
}

function rejected(f0: number, why: string): Omit<HfStepReport, 'step' | 'timings' | 'lambda'> {
  return {
    lossBefore: f0,
    lossAfter: f0,
    accepted: false,
    rho: -Infinity,
    cg: { iterations: 0, status: 'not_run', chosenIterate: 0 },
    stepSize: 0,
    fallback: why,
  };
}

