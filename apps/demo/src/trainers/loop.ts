// The training loop every optimizer of the demo shares: a training-time
// budget, evaluation of the task's metric on fixed subsets (outside the clock,
// held to a share of the training time by evaluation-schedule.ts),
// pause/abort, and live previews. The optimizers differ only in `step`.
import * as tf from '@tensorflow/tfjs-core';
import { nextTask, parameterTensors, type Dataset } from '@hessian-free/hf';
import { checkSeed } from '../checks.js';
import type { TaskData } from '../data/task-data.js';
import type { StepRecord } from '../report/metrics.js';
import type { SettingsRecord, TrainOptions, TrainOutcome } from '../train.js';
import { EVALUATION_EXAMPLES, EvaluationSchedule } from './evaluation-schedule.js';
import { disposeDataset, type TaskModel } from './models.js';

export { EVALUATION_EXAMPLES, EVALUATIONS_PER_BUDGET } from './evaluation-schedule.js';

type Shapes = readonly (readonly number[])[];

/** What an optimizer says of one step, besides the losses the loop measures. */
export interface StepExtras {
  readonly lambda?: number;
  readonly cgIterations?: number;
  /** The step's phases in ms (HF: hf's report.timings). */
  readonly phases?: Readonly<Record<string, number>>;
}

/** One optimizer, made for one run. */
export interface DemoOptimizer {
  /** One step; resolves to what the step record should carry besides the losses. */
  step(signal?: AbortSignal): Promise<StepExtras>;
  readonly parameters: Float32Array;
  /** Worker threads its sums run on (1: this thread). */
  readonly workers: number;
  /** The settings it trains with, for the report (learning rate, batch sizes, CG cap, ...). */
  readonly settings?: SettingsRecord;
  /** Starts its workers (before the clock starts); resolves at once without. */
  ready?(): Promise<void>;
  dispose(): void;
}

/** Makes one optimizer for a run, from the task's model, the training set, the initial parameters and the seed. */
export type OptimizerFactory = (problem: TaskModel, train: Dataset, theta0: Float32Array, seed: number) => DemoOptimizer;

/** Examples per tensor when the final losses are measured on whole sets. */
const CHUNK = 1000;

/**
 * Runs `makeOptimizer`'s optimizer on the task until the budget of training
 * time is spent.
 *
 * The first record is step 0, the starting point, so that every optimizer's
 * curve starts from the same loss, and the second step 1. Further records
 * come after steps at which
 * the evaluation schedule is due (at most EVALUATIONS_PER_BUDGET per budget,
 * and evaluation within its share of the training time: every step of an
 * optimizer with slow steps, such as HF, while evaluation is cheap next to
 * them), and after the last step. The clock stops while the metric is
 * measured, so both optimizers are charged for training only.
 */
export async function trainLoop(
  problem: TaskModel,
  data: TaskData,
  options: TrainOptions,
  onStep: (step: StepRecord) => void,
  makeOptimizer: OptimizerFactory,
): Promise<TrainOutcome> {
  checkSeed('trainLoop: options.seed', options.seed);
  const sets = problem.datasets(data);
  const evalTrain = head(sets.train, EVALUATION_EXAMPLES);
  const evalTest = head(sets.test, EVALUATION_EXAMPLES);
  const optimizer = makeOptimizer(problem, sets.train, problem.init(options.seed), options.seed);
  const settings = optimizer.settings ?? {};
  const scoreName = problem.score?.name;
  try {
    await optimizer.ready?.(); // worker start-up is set-up, not training: outside the clock
    options.onReady?.({ workers: optimizer.workers, settings, ...(scoreName !== undefined ? { scoreName } : {}) });
    const schedule = new EvaluationSchedule(options.budgetMs, options.evaluationShare);
    let trainedMs = 0;
    let step = 0;
    let recorded = -1;
    let records = 0;
    let extra: StepExtras = {};
    const record = () => {
      const started = performance.now();
      recorded = step;
      const theta = optimizer.parameters;
      const { lambda, cgIterations } = extra;
      onStep({
        step,
        timeMs: trainedMs,
        trainLoss: measure(problem, theta, evalTrain),
        testLoss: measure(problem, theta, evalTest),
        ...(problem.score ? { testScore: scalar(problem.score.of, theta, evalTest, problem.model.shapes) } : {}),
        ...(lambda !== undefined ? { lambda } : {}),
        ...(cgIterations !== undefined ? { cgIterations } : {}),
      });
      records++;
      if (options.onPreview && problem.reconstruct && records % (options.previewEverySteps ?? 1) === 0) {
        options.onPreview(reconstructions(problem, theta, sets.test, options.previewCount));
      }
      schedule.book(trainedMs, performance.now() - started);
    };
    record(); // step 0: the starting point, the same for every optimizer
    while (trainedMs < options.budgetMs && !options.signal?.aborted) {
      // A turn of the event loop before every step, outside the clock: a
      // pause or abort message (the page), a Ctrl-C (the command line) is
      // seen here even when the optimizer's step never yields (Adam's does
      // synchronous tfjs work), so every optimizer stops within one step.
      await nextTask();
      if (options.signal?.aborted) break;
      await options.beforeStep?.();
      if (options.signal?.aborted) break;
      const started = performance.now();
      try {
        extra = await optimizer.step(options.signal);
      } catch (error) {
        if (options.signal?.aborted) break; // aborted inside a step: that step left no trace
        throw error;
      }
      const stepMs = performance.now() - started;
      trainedMs += stepMs;
      step++;
      options.onProgress?.({ step, timeMs: trainedMs, stepMs, ...extra });
      // The first step always has a record: its effect is the largest, and a run shows at once that it trains.
      if (step === 1 || schedule.due(trainedMs)) record();
    }
    // The last step always has a record.
    if (step > recorded) record();
    const theta = optimizer.parameters;
    return {
      workers: optimizer.workers,
      settings,
      parameters: theta,
      shapes: problem.model.shapes,
      trainLoss: measureInChunks(problem.metric, theta, sets.train, problem.model.shapes),
      testLoss: measureInChunks(problem.metric, theta, sets.test, problem.model.shapes),
      ...(problem.score ? { testScore: measureInChunks(problem.score.of, theta, sets.test, problem.model.shapes), scoreName } : {}),
      reconstructions:
        problem.reconstruct && options.previewCount > 0
          ? reconstructions(problem, theta, sets.test, options.previewCount)
          : undefined,
    };
  } finally {
    optimizer.dispose();
    for (const set of [evalTrain, evalTest, sets.train, sets.test]) disposeDataset(set);
  }
}

function measure(problem: TaskModel, theta: Float32Array, set: Dataset): number {
  return scalar(problem.metric, theta, set, problem.model.shapes);
}

function scalar(f: (params: readonly tf.Tensor[], set: Dataset) => tf.Scalar, theta: Float32Array, set: Dataset, shapes: Shapes): number {
  return tf.tidy(() => f(parameterTensors(shapes, theta), set).dataSync()[0]);
}

/** A mean over examples (the metric, the score) on a whole set, as the example-weighted mean over chunks of 1,000. */
export function measureInChunks(f: (params: readonly tf.Tensor[], set: Dataset) => tf.Scalar, theta: Float32Array, set: Dataset, shapes: Shapes): number {
  const n = set.inputs.shape[0];
  let total = 0;
  for (let start = 0; start < n; start += CHUNK) {
    const size = Math.min(CHUNK, n - start);
    const chunk = slice(set, start, size);
    try {
      total += scalar(f, theta, chunk, shapes) * size;
    } finally {
      disposeDataset(chunk);
    }
  }
  return total / n;
}

function reconstructions(problem: TaskModel, theta: Float32Array, set: Dataset, count: number): Float32Array {
  const n = Math.min(count, set.inputs.shape[0]);
  return tf.tidy(() => (problem.reconstruct as NonNullable<TaskModel['reconstruct']>)(parameterTensors(problem.model.shapes, theta), set, n).dataSync() as Float32Array);
}

/** The first `count` examples of a set, as new tensors. */
function head(set: Dataset, count: number): Dataset {
  return slice(set, 0, Math.min(count, set.inputs.shape[0]));
}

function slice(set: Dataset, start: number, size: number): Dataset {
  const rows = (t: tf.Tensor) => tf.slice(t, start, size);
  const inputs = rows(set.inputs);
  const targets = set.targets === set.inputs ? inputs : rows(set.targets as tf.Tensor);
  return { inputs, targets };
}
