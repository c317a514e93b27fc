// The command line's flow: validate everything, load the data once, run each
// optimizer's trainer with a progress display, then print the summary table
// and write metrics.json and report.html (and, if asked, the parameters).
// Trainers come in from outside.
//
// The modules that load TensorFlow.js (the data, through the seeded generator
// of @hessian-free/hf, and the trainers) are imported only once the input is
// valid, so that a bad flag is answered at once.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { MNIST_PIXELS } from '../data/mnist-shape.js';
import type { TaskData } from '../data/task-data.js';
import { writeFilesAtomically, type FileToWrite } from '../report/atomic-write.js';
import { whatTheRunShows } from '../report/claims.js';
import { renderReport, REPORT_FILE, type DigitPreview } from '../report/html.js';
import {
  METRICS_FILE,
  metricsJson,
  runMetrics,
  type MetricsFile,
  type PerStepStats,
  type RunEnvironment,
  type RunMetrics,
  type StepRecord,
} from '../report/metrics.js';
import { encodeParameters, PARAMETERS_FORMAT, type ParametersHeader } from '../report/parameters.js';
import { TASK_SPECS, type OptimizerName } from '../tasks.js';
import { EVALUATION_EXAMPLES, EVALUATION_SHARE } from '../trainers/evaluation-schedule.js';
import type { Trainer, TrainOutcome } from '../train.js';
import { helpText, parseArgs, UsageError, type CliOptions } from './args.js';
import { prepareOutputDir } from './output-dir.js';
import { createProgress, type OutputStream } from './progress.js';
import { formatSummaryTable } from './table.js';
import { formatDuration, planRun } from './time-plan.js';

/** The training loop of each optimizer; a requested optimizer without one is an error. */
export type TrainerTable = Partial<Readonly<Record<OptimizerName, Trainer>>>;

/** What the command line runs with: the trainers, the output streams, and hooks (tests pass fakes). */
export interface CliEnvironment {
  /** The trainers, or a function that loads them (the real ones import TensorFlow.js, which takes a while). */
  readonly trainers: TrainerTable | (() => Promise<TrainerTable>);
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /**
   * Runs once input is validated, before any data is loaded (the CLI selects
   * the WASM backend here); says which backend and versions, for the log and
   * the report.
   */
  readonly prepare?: () => Promise<PreparedBackend | string | void>;
  /** Folder that a relative --out is resolved against; default process.cwd(). */
  readonly cwd?: string;
  /**
   * Aborts on an interrupt (the CLI: the first Ctrl-C). Training stops at a
   * step, the rest of the optimizers are not run, the report of what was
   * done is written, marked as interrupted, and the exit code is 130.
   */
  readonly signal?: AbortSignal;
}

/** What `prepare` set up: a line for the log, the backend and the versions for the report. */
export interface PreparedBackend {
  /** One line, e.g. "backend: wasm (TensorFlow.js 4.22.0, one thread per engine)". */
  readonly line: string;
  /** The backend, e.g. "wasm (SIMD, one thread per engine)". */
  readonly backend: string;
  /** Node.js, TensorFlow.js, @hessian-free/hf, ... */
  readonly versions: Readonly<Record<string, string>>;
}

/** The exit code of an interrupted run: 128 + SIGINT, as a shell reports a Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** Run the command line; resolves to the exit code (0 done, 1 failure, 2 bad input, 130 interrupted). */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const fail = (message: string, code: number) => {
    env.stderr.write(`demo: error: ${message.split('\n')[0]}\n`);
    return code;
  };
  let options: CliOptions;
  let outDir: string;
  try {
    const parsed = parseArgs(argv);
    if (parsed.help) {
      env.stdout.write(helpText());
      return 0;
    }
    options = parsed.options;
    outDir = resolve(env.cwd ?? process.cwd(), options.out);
    await prepareOutputDir(outDir);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message, 2);
    throw error;
  }

  try {
    const trainers = typeof env.trainers === 'function' ? await env.trainers() : env.trainers;
    const missing = options.optimizers.find((o) => trainers[o] === undefined);
    if (missing) return fail(`no trainer for optimizer "${missing}" in this build (the training loop is not wired in yet)`, 1);
    return await run(options, outDir, trainers, env);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 1);
  }
}

interface Finished {
  readonly optimizer: OptimizerName;
  readonly outcome: TrainOutcome;
  readonly steps: readonly StepRecord[];
  readonly perStep: PerStepStats;
  readonly interrupted: boolean;
}

async function run(options: CliOptions, outDir: string, trainers: TrainerTable, env: CliEnvironment): Promise<number> {
  const { stdout, signal } = env;
  const spec = TASK_SPECS[options.task];
  const each = options.optimizers.length > 1 ? ' each' : '';
  stdout.write(
    `demo: ${options.task} with ${options.optimizers.join(', ')}, ${options.budgetSeconds} s of training${each}, seed ${options.seed}\n`,
  );
  const demonstrates = whatTheRunShows(options.task, { length: options.length });
  stdout.write(`${demonstrates}\n`);
  const plan = planRun({ ...options, optimizers: options.optimizers });
  const share = `${Math.round(100 * EVALUATION_SHARE)}%`;
  stdout.write(
    `time: ${options.budgetSeconds} s of training per optimizer, one after the other; measuring the losses (at most ${share} of ` +
      `the training time) and starting the workers are outside the clock${plan ? `: about ${formatDuration(plan.totalMs)} in all (estimated from runs on a 2-core machine)` : ''}\n`,
  );
  const prepared = await env.prepare?.();
  const preparedLine = typeof prepared === 'string' ? prepared : prepared?.line;
  if (preparedLine) stdout.write(`${preparedLine}\n`);
  const { describeTaskData, loadTaskData } = await import('../data/task-data.js');
  const data = loadTaskData(options.task, options);
  stdout.write(`${describeTaskData(data)}\n`);

  const budgetMs = options.budgetSeconds * 1000;
  const cores = availableParallelism();
  const { workers } = options;
  stdout.write(
    workers === undefined
      ? `workers: per optimizer, as many of the ${cores} cores as its batches keep busy (--workers N to set), each optimizer in turn\n`
      : `workers: ${workers === 1 ? 'none, this thread' : `${workers} worker threads`} for each optimizer, in turn (${cores} cores here)\n`,
  );
  const finished: Finished[] = [];
  let scoreName: string | undefined;
  for (const optimizer of options.optimizers) {
    if (signal?.aborted) break;
    const trainer = trainers[optimizer] as Trainer;
    const steps: StepRecord[] = [];
    const perStep = { lambda: [] as number[], cgIterations: [] as number[], stepMs: [] as number[] };
    let progress = createProgress({ stream: stdout, label: optimizer, budgetMs });
    let outcome: TrainOutcome;
    try {
      const trainOptions = {
        budgetMs,
        seed: options.seed,
        previewCount: spec.previewCount,
        workers,
        ...(options.cell !== undefined ? { cell: options.cell } : {}),
        ...(signal ? { signal } : {}),
        onReady: (start: { readonly workers: number; readonly scoreName?: string }) => {
          scoreName ??= start.scoreName;
          progress = createProgress({ stream: stdout, label: optimizer, budgetMs, ...(scoreName ? { scoreName } : {}) });
          stdout.write(`${optimizer}: ${start.workers === 1 ? 'this thread (no workers)' : `${start.workers} worker threads`}\n`);
        },
        onProgress: (step: { readonly step: number; readonly timeMs: number; readonly stepMs: number; readonly lambda?: number; readonly cgIterations?: number }) => {
          if (step.lambda !== undefined && step.cgIterations !== undefined) {
            perStep.lambda.push(step.lambda);
            perStep.cgIterations.push(step.cgIterations);
            perStep.stepMs.push(Math.round(step.stepMs * 10) / 10);
          }
          progress.progress(step);
        },
      };
      outcome = await trainer(options.task, data, trainOptions, (step) => {
        steps.push(step);
        progress.update(step);
      });
    } catch (error) {
      throw new Error(`${optimizer} training failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      progress.finish();
    }
    scoreName ??= outcome.scoreName;
    // Interrupted before its first step: not run at all.
    if (signal?.aborted && !steps.some((s) => s.step > 0)) break;
    // A trainer stops after the first step that ends past the budget: a run that did not get there was cut short.
    const interrupted = signal?.aborted === true && (steps.at(-1)?.timeMs ?? 0) < budgetMs;
    finished.push({ optimizer, outcome, steps, perStep, interrupted });
  }
  const interrupted = signal?.aborted === true;
  if (finished.length === 0) {
    env.stderr.write('demo: interrupted before any training: nothing written\n');
    return EXIT_INTERRUPTED;
  }

  // Everything is made before anything is written: a failure here leaves the folder as it was.
  const createdAt = new Date().toISOString();
  const parametersFiles = new Map<OptimizerName, FileToWrite>();
  if (options.saveParameters) {
    for (const { optimizer, outcome, interrupted: cut } of finished) {
      if (outcome.parameters === undefined) continue;
      const header: ParametersHeader = {
        format: PARAMETERS_FORMAT,
        version: 1,
        dtype: 'float32',
        byteOrder: 'little-endian',
        task: options.task,
        optimizer,
        seed: options.seed,
        count: outcome.parameters.length,
        ...(outcome.shapes ? { shapes: outcome.shapes } : {}),
        interrupted: cut,
        createdAt,
      };
      parametersFiles.set(optimizer, { path: join(outDir, `parameters-${optimizer}.bin`), data: encodeParameters(header, outcome.parameters) });
    }
  }
  const runs: RunMetrics[] = finished.map(({ optimizer, outcome, steps, perStep, interrupted: cut }) => {
    const file = parametersFiles.get(optimizer);
    return runMetrics(optimizer, options.task, steps, outcome, spec.lossLevels, {
      interrupted: cut,
      ...(file ? { parametersFile: file.path.slice(outDir.length + 1) } : {}),
      ...(outcome.settings ? { settings: outcome.settings } : {}),
      perStep,
    });
  });
  const environment: RunEnvironment | undefined =
    prepared && typeof prepared === 'object'
      ? { backend: prepared.backend, versions: { node: process.version, ...prepared.versions }, cores }
      : undefined;
  const metrics: MetricsFile = {
    task: options.task,
    seed: options.seed,
    budgetSeconds: options.budgetSeconds,
    train: options.train,
    test: options.test,
    loss: spec.loss,
    ...(scoreName ? { score: scoreName } : {}),
    demonstrates,
    evaluation: { examples: EVALUATION_EXAMPLES, share: EVALUATION_SHARE },
    ...(environment ? { environment } : {}),
    lossLevels: spec.lossLevels,
    createdAt,
    interrupted,
    notRun: options.optimizers.filter((o) => !finished.some((f) => f.optimizer === o)),
    runs,
  };
  const report = renderReport({ metrics, preview: digitPreview(data, spec.previewCount, finished) });
  stdout.write(
    `\n${formatSummaryTable(runs, spec.lossLevels, {
      ...(scoreName ? { score: scoreName } : {}),
      train: options.train,
      test: options.test,
      evaluationExamples: EVALUATION_EXAMPLES,
    })}\n`,
  );

  const files: FileToWrite[] = [
    { path: join(outDir, METRICS_FILE), data: metricsJson(metrics) },
    { path: join(outDir, REPORT_FILE), data: report },
    ...parametersFiles.values(),
  ];
  await writeFilesAtomically(files);
  stdout.write(`Wrote ${files[1].path}\nWrote ${files[0].path}\n`);
  for (const file of files.slice(2)) stdout.write(`Wrote ${file.path}\n`);
  if (interrupted) {
    stdout.write('Interrupted: the report and metrics.json hold what was done, marked as interrupted.\n');
    return EXIT_INTERRUPTED;
  }
  return 0;
}

/** The autoencoder's originals and reconstructions, from the runs that returned them. */
function digitPreview(data: TaskData, count: number, finished: readonly Finished[]): DigitPreview | undefined {
  if (data.kind !== 'mnist' || count === 0) return undefined;
  const n = Math.min(count, data.test.count);
  const reconstructions = finished.flatMap(({ optimizer, outcome }) => {
    const images = outcome.reconstructions;
    if (images === undefined) return [];
    if (images.length !== n * MNIST_PIXELS) {
      throw new Error(`${optimizer} returned ${images.length} reconstruction values, expected ${n} digits x ${MNIST_PIXELS}`);
    }
    return [{ optimizer, images }];
  });
  if (reconstructions.length === 0) return undefined;
  return { count: n, originals: data.test.images.subarray(0, n * MNIST_PIXELS), reconstructions };
}
