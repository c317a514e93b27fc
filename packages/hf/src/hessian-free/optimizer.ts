import { ensureGradients, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import type { LambdaSchedule, LevenbergMarquardtState } from '@hessian-free/damping';
import { checkOptions, checkSignal } from '../checks.js';
import { checkDataset, checkLoss, checkModel, checkParameters } from '../training/checks.js';
import { OwnedDataset, type Dataset } from '../training/dataset.js';
import { InThreadEvaluator, type Evaluator } from '../training/evaluator.js';
import { nextTask, throwIfAborted } from '../training/event-loop.js';
import { probeExamples } from '../training/examples.js';
import { Objective } from '../training/objective.js';
import { ParallelEvaluator } from '../training/parallel-evaluator.js';
import { hfSettings, stateOptions, type HfSettings } from './settings.js';
import { dampingSchedule, decodeState, encodeState, restoreDamping, type RunState } from './state.js';
import { hfStep, type StepContext } from './step.js';
import type { HessianFreeOptimizer, HessianFreeOptions, HessianFreeState, HfStepReport } from './types.js';

/**
 * Hessian-free optimization of a model's mean loss (+ L2 weight cost) on a
 * training set (Martens 2010; Martens & Sutskever 2011), one `step()` at a
 * time. Every argument is checked before anything runs (a bad one throws a
 * RangeError or TypeError naming it); the data are copied, so the caller
 * keeps ownership of `data`'s tensors. See the package README for the recipe
 * and its defaults.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { functionalModel, hessianFree, sparseInit, squaredError, useWasmBackend } from '@hessian-free/hf';
 * await useWasmBackend();
 * const model = functionalModel({
 *   shapes: [[2, 1], [1]],
 *   forward: ([w, b], x) => tf.add(tf.matMul(x, w), b),
 * });
 * const data = { inputs: tf.tensor2d([[1, 2], [3, 4], [5, 7]]), targets: tf.tensor2d([[1], [2], [3]]) };
 * const hf = hessianFree(model, squaredError, data, sparseInit(model.shapes), { seed: 1 });
 * const report = await hf.step(); // report.lossAfter, report.lambda, report.cg.iterations, ...
 * const saved = JSON.stringify(hf.state()); // resume with resumeHessianFree
 * hf.dispose();
 * ```
 */
export function hessianFree(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta0: Float32Array,
  options?: HessianFreeOptions,
): HessianFreeOptimizer {
  const where = 'hessianFree';
  checkModelAndLoss(where, model, loss);
  checkParameters(`${where}: theta0`, theta0, model.numParams);
  const theta = theta0.slice();
  const settings = checkSetup(where, model, loss, data, theta, options);
  const schedule = dampingSchedule(settings.initialLambda);
  const run: RunState = { theta, damping: schedule.initial(), previousSolution: null, rng: settings.seed >>> 0, stepCount: 0 };
  return new HessianFree(model, loss, data, settings, schedule, run);
}

/**
 * Continues a run from `state` (from `state()`, possibly through JSON) with
 * the same model and data. The state's options apply unless `options`
 * overrides them; with the same data and options the resumed run takes
 * exactly the steps the uninterrupted one would have taken. lambda resumes
 * through `levenbergMarquardt(...).restore` of @hessian-free/damping. A
 * state is complete or it is refused: a missing or unknown field or option,
 * or one that is not valid, is an error naming it (e.g.
 * `resumeHessianFree: state.options.l2`), never a default.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { functionalModel, hessianFree, resumeHessianFree, sparseInit, squaredError } from '@hessian-free/hf';
 * const model = functionalModel({
 *   shapes: [[2, 1], [1]],
 *   forward: ([w, b], x) => tf.add(tf.matMul(x, w), b),
 * });
 * const data = { inputs: tf.tensor2d([[1, 2], [3, 4], [5, 7]]), targets: tf.tensor2d([[1], [2], [3]]) };
 * const first = hessianFree(model, squaredError, data, sparseInit(model.shapes));
 * await first.step();
 * const saved = JSON.stringify(first.state());
 * first.dispose();
 * const resumed = resumeHessianFree(model, squaredError, data, JSON.parse(saved));
 * await resumed.step(); // the step the first run would have taken next
 * resumed.dispose();
 * ```
 */
export function resumeHessianFree(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  state: HessianFreeState,
  options?: HessianFreeOptions,
): HessianFreeOptimizer {
  const where = 'resumeHessianFree';
  checkModelAndLoss(where, model, loss);
  const saved = decodeState(where, state, model.numParams); // complete or refused: no option falls back to its default
  checkOptions(`${where}: options`, options);
  const settings = checkSetup(where, model, loss, data, saved.theta, { ...saved.options, ...options });
  const schedule = dampingSchedule(settings.initialLambda);
  const { options: _, lambda, ...rest } = saved;
  const run: RunState = { ...rest, damping: restoreDamping(`${where}: state.lambda`, schedule, settings.initialLambda, lambda) };
  return new HessianFree(model, loss, data, settings, schedule, run);
}

class HessianFree implements HessianFreeOptimizer {
  onStep: ((report: HfStepReport) => void) | undefined;
  private readonly context: StepContext;
  private readonly evaluator: InThreadEvaluator | ParallelEvaluator;
  private run: RunState;
  private disposed = false;
  private busy = false;

  constructor(
    model: FunctionalModel,
    loss: OutputLoss,
    data: Dataset,
    private readonly settings: HfSettings,
    schedule: LambdaSchedule<LevenbergMarquardtState>,
    run: RunState,
  ) {
    ensureGradients();
    const owned = new OwnedDataset('hessianFree: data', data);
    const objective = new Objective(model, loss, settings.l2);
    const { workers, modelModule, workerScript } = settings.parallel;
    this.evaluator =
      workers > 1 && modelModule !== undefined
        ? new ParallelEvaluator(model, loss, owned, objective, { workers, modelModule, workerScript }, 'hessianFree')
        : new InThreadEvaluator(model, loss, owned, objective);
    const evaluator: Evaluator = this.evaluator;
    this.context = { size: owned.size, evaluator, objective, settings, schedule };
    this.run = run;
    this.onStep = settings.onStep;
  }

  get parameters(): Float32Array {
    return this.run.theta.slice();
  }

  get stepCount(): number {
    return this.run.stepCount;
  }

  get workers(): number {
    return this.evaluator instanceof ParallelEvaluator ? this.evaluator.workers : 1;
  }

  async ready(): Promise<void> {
    this.checkLive();
    if (this.evaluator instanceof ParallelEvaluator) await this.evaluator.ready();
  }

  get lambda(): number {
    return this.run.damping.lambda;
  }

  state(): HessianFreeState {
    this.checkLive();
    return encodeState(this.run, stateOptions(this.settings));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.busy) this.evaluator.dispose(); // else when the running step stops
  }

  async step(options: { readonly signal?: AbortSignal } = {}): Promise<HfStepReport> {
    this.checkLive();
    checkOptions('hessianFree.step: options', options);
    const { signal } = options;
    checkSignal('hessianFree.step: options.signal', signal);
    if (this.busy) throw new Error('hessianFree.step: a step is already running; await it before starting the next');
    this.busy = true;
    try {
      const pause = async (): Promise<void> => {
        if (this.settings.yieldToEventLoop) await nextTask();
        throwIfAborted(signal);
        this.checkLive();
      };
      if (this.evaluator instanceof ParallelEvaluator) await this.evaluator.ready();
      throwIfAborted(signal);
      this.checkLive();
      const { next, report } = await hfStep(this.context, this.run, signal, pause);
      const full: HfStepReport = { step: next.stepCount, ...report };
      // The only place the state changes. onStep sees the new state, but the
      // step is committed only when it returns: if it throws, step() rejects
      // with its error and the optimizer is as before the step (a retry takes
      // the same step once).
      const before = this.run;
      this.run = next;
      try {
        this.onStep?.(full);
      } catch (error) {
        this.run = before;
        throw error;
      }
      return full;
    } finally {
      this.busy = false;
      if (this.disposed) this.evaluator.dispose();
    }
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('hessianFree: the optimizer was disposed');
  }
}

function checkModelAndLoss(where: string, model: unknown, loss: unknown): asserts model is FunctionalModel {
  checkModel(`${where}: model`, model);
  checkLoss(`${where}: loss`, loss);
}

/** Checks data and options (probing the model on one example); nothing is copied or kept. */
function checkSetup(where: string, model: FunctionalModel, loss: OutputLoss, data: Dataset, theta: Float32Array, options: unknown): HfSettings {
  checkDataset(`${where}: data`, data);
  const hasHidden = probe(where, model, loss, data, theta);
  return hfSettings(where, options, data.inputs.shape[0], hasHidden, `${where}: options`, model.numParams);
}

/**
 * Checks every example of the data (inputs and targets finite, each row's
 * targets accepted by the loss, naming the row) and runs the model and the
 * loss on the first example, so that bad data, a model that does not fit the
 * inputs, or targets that do not fit the outputs fail here with a clear error
 * rather than in every step. Returns whether the model returns hidden states
 * (structural damping needs them).
 */
function probe(where: string, model: FunctionalModel, loss: OutputLoss, data: Dataset, theta: Float32Array): boolean {
  return probeExamples(where, model, loss, data, theta);
}
