// The demo's trainers: Hessian-free (Martens 2010; with structural damping for
// the RNN, Martens & Sutskever 2011), Adam and SGD with momentum, with
// per-task settings.
import { adam, hessianFree, sgdMomentum, type FirstOrderOptimizer, type HessianFreeOptimizer, type HessianFreeOptions } from '@hessian-free/hf';
import { isSequenceTask, SEQUENCE_TASK_NAMES, type SequenceTaskName } from '../data/sequences/index.js';
import type { OptimizerName, TaskName } from '../tasks.js';
import type { Trainer, TrainOptions } from '../train.js';
import type { SettingsRecord } from '../train.js';
import { trainLoop, type DemoOptimizer, type OptimizerFactory, type StepExtras } from './loop.js';
import { taskModel, type ModelSizes } from './models.js';

/**
 * HF on the sequence tasks: gradient on 1,000 sequences, curvature products on
 * 100, up to 150 CG iterations, structural damping with mu = 1/30 (Martens &
 * Sutskever 2011). Measured at T = 100 (apps/demo/README.md): these made 55-61
 * steps in 10 minutes and left the plateau on 100,000 training sequences; the
 * former settings (curvature on 250, up to 100 CG iterations) made 25.
 */
export const SEQUENCE_HF_SETTINGS: HessianFreeOptions = { gradientBatchSize: 1000, curvatureBatchSize: 100, maxCgIterations: 150, structuralDampingMu: 1 / 30 };

/**
 * HF per task: gradients on large batches and curvature products on smaller
 * ones, as Martens does; structural damping with mu = 1/30 for the RNNs
 * (Martens & Sutskever 2011).
 */
export const HF_SETTINGS: Readonly<Record<TaskName, HessianFreeOptions>> = {
  autoencoder: { gradientBatchSize: 500, curvatureBatchSize: 100, maxCgIterations: 30 },
  classifier: { gradientBatchSize: 2000, curvatureBatchSize: 500, maxCgIterations: 50 },
  spirals: { gradientBatchSize: 1000, curvatureBatchSize: 1000, maxCgIterations: 100 },
  ...perSequenceTask(SEQUENCE_HF_SETTINGS),
};

/** A first-order optimizer's learning rate and minibatch size. */
export interface FirstOrderSettings {
  readonly learningRate: number;
  readonly batchSize: number;
}

/** Adam per task: minibatch size and a learning rate (the bench in apps/demo/bench runs a grid). */
export const ADAM_SETTINGS: Readonly<Record<TaskName, FirstOrderSettings>> = {
  autoencoder: { learningRate: 1e-3, batchSize: 100 },
  classifier: { learningRate: 1e-3, batchSize: 100 },
  spirals: { learningRate: 1e-2, batchSize: 100 },
  ...perSequenceTask({ learningRate: 1e-3, batchSize: 100 }),
};

function perSequenceTask<T>(settings: T): Record<SequenceTaskName, T> {
  return Object.fromEntries(SEQUENCE_TASK_NAMES.map((name) => [name, settings])) as Record<SequenceTaskName, T>;
}

/** The worker options both optimizers take (hf's workers, modelModule, workerScript). */
export type WorkerOptions = Pick<HessianFreeOptions, 'workers' | 'modelModule' | 'workerScript'>;

/**
 * Where the workers build a task's network: this app's models module
 * (trainers/models.js, its export taskNetwork(task, sizes), handed the same
 * task and model settings as this thread's network). Under a test runner
 * that runs the TypeScript sources, the workers (threads the runner does not
 * transform) import the built module.
 *
 * Workers: `options.workers`; when it is not given, in Node every core for
 * the sequence tasks (hf's default counts examples x parameters, which
 * underestimates a recurrent network's work by its number of steps: a
 * T = 100 HF step ran faster on 2 workers than on 1, see the README), else
 * hf's default.
 */
export function workerOptions(
  task: TaskName,
  options: Pick<TrainOptions, 'workers' | 'modelModuleUrl' | 'workerScript' | 'cell'>,
): WorkerOptions {
  const workers = options.workers ?? (isSequenceTask(task) ? nodeCores() : undefined);
  if (workers === 1) return { workers: 1 };
  const here = import.meta.url;
  const url = options.modelModuleUrl ?? (here.endsWith('.ts') ? new URL('../../dist/trainers/models.js', here) : new URL('./models.js', here)).href;
  return {
    ...(workers !== undefined ? { workers } : {}),
    modelModule: { url, model: 'taskNetwork', args: [task, modelSizes(options)] },
    ...(options.workerScript !== undefined ? { workerScript: options.workerScript } : {}),
  };
}

/** The model settings a run asks for (plain data: they also go to the workers). */
export function modelSizes(options: Pick<TrainOptions, 'cell'>): ModelSizes {
  return options.cell !== undefined ? { cell: options.cell } : {};
}

/** Logical cores in Node (os.availableParallelism); undefined elsewhere (browsers: hf's default). */
function nodeCores(): number | undefined {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = node?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const cores = os?.availableParallelism?.();
  return typeof cores === 'number' && cores >= 1 ? Math.floor(cores) : undefined;
}

/** Makes a Hessian-free optimizer with these settings (and the run's seed) for the training loop. */
export function hfOptimizer(settings: HessianFreeOptions): OptimizerFactory {
  return (problem, train, theta0, seed) => {
    const optimizer = hessianFree(problem.model, problem.loss, train, theta0, { ...settings, seed });
    // lambda before the first step is the initial lambda (hf's default unless the settings give one).
    return loopOptimizer(optimizer, { ...plainSettings(settings), initialLambda: optimizer.lambda }, async (signal) => {
      const report = await optimizer.step({ signal });
      return { lambda: report.lambda, cgIterations: report.cg.iterations, phases: report.timings };
    });
  };
}

/** Makes an Adam optimizer with these settings (and the run's seed) for the training loop. */
export function adamOptimizer(settings: FirstOrderSettings & WorkerOptions): OptimizerFactory {
  return (problem, train, theta0, seed) => firstOrder(adam(problem.model, problem.loss, train, theta0, { ...settings, seed }), plainSettings(settings));
}

/** Makes an SGD-with-momentum optimizer with these settings (and the run's seed) for the training loop. */
export function sgdOptimizer(settings: FirstOrderSettings & WorkerOptions & { readonly momentum: number }): OptimizerFactory {
  return (problem, train, theta0, seed) =>
    firstOrder(sgdMomentum(problem.model, problem.loss, train, theta0, { ...settings, seed }), plainSettings(settings));
}

/** The numbers, names and switches of an optimizer's settings (not where its workers come from: the worker script, the model module). */
function plainSettings(settings: object): Record<string, number | string | boolean> {
  const plain: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'workerScript' || key === 'modelModule') continue;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') plain[key] = value;
  }
  return plain;
}

/** A first-order optimizer in the training loop: its steps carry nothing besides the losses. */
function firstOrder(optimizer: FirstOrderOptimizer, settings: SettingsRecord): DemoOptimizer {
  return loopOptimizer(optimizer, settings, async (signal) => {
    await optimizer.step({ signal });
    return {};
  });
}

/**
 * One of hf's optimizers in the training loop: `step` makes its step record's
 * extras, the report's settings are `settings` and its number of workers, and
 * the rest passes through.
 */
function loopOptimizer(
  optimizer: HessianFreeOptimizer | FirstOrderOptimizer,
  settings: SettingsRecord,
  step: (signal?: AbortSignal) => Promise<StepExtras>,
): DemoOptimizer {
  return {
    step,
    settings: { ...settings, workers: optimizer.workers },
    get workers() {
      return optimizer.workers;
    },
    ready: () => optimizer.ready(),
    get parameters() {
      return optimizer.parameters;
    },
    dispose: () => optimizer.dispose(),
  };
}

/** The trainer of each optimizer the command line and the page run: HF and Adam with their per-task settings. */
export const trainers: Readonly<Record<OptimizerName, Trainer>> = {
  hf: (task, data, options, onStep) =>
    trainLoop(taskModel(task, modelSizes(options)), data, options, onStep, hfOptimizer({ ...HF_SETTINGS[task], ...workerOptions(task, options) })),
  adam: (task, data, options, onStep) =>
    trainLoop(taskModel(task, modelSizes(options)), data, options, onStep, adamOptimizer({ ...ADAM_SETTINGS[task], ...workerOptions(task, options) })),
};
