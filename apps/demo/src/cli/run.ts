// The command line's flow: validate everything, load the data once, run each
// optimizer's trainer with a progress display, then print the summary table
// and write metrics.json and report.html. Trainers come in from outside.
import { resolve } from 'node:path';
import { describeTaskData, loadTaskData, type TaskData } from '../data/task-data.js';
import { MNIST_PIXELS } from '../data/mnist.js';
import { writeReport, type DigitPreview } from '../report/html.js';
import { runMetrics, writeMetrics, type RunMetrics, type StepRecord } from '../report/metrics.js';
import { TASK_SPECS, type OptimizerName } from '../tasks.js';
import type { Trainer, TrainOutcome } from '../train.js';
import { helpText, parseArgs, UsageError, type CliOptions } from './args.js';
import { prepareOutputDir } from './output-dir.js';
import { createProgress, type OutputStream } from './progress.js';
import { formatSummaryTable } from './table.js';

/** What the command line runs with: the trainers, the output streams, and hooks (tests pass fakes). */
export interface CliEnvironment {
  /** The training loop of each optimizer; a requested optimizer without one is an error. */
  readonly trainers: Partial<Readonly<Record<OptimizerName, Trainer>>>;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Runs once input is validated, before any data is loaded (the CLI selects the WASM backend here). */
  readonly prepare?: () => Promise<string | void>;
  /** Folder that a relative --out is resolved against; default process.cwd(). */
  readonly cwd?: string;
}

/** Run the command line; resolves to the exit code (0 done, 1 failure, 2 bad input). */
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
  const missing = options.optimizers.find((o) => env.trainers[o] === undefined);
  if (missing) return fail(`no trainer for optimizer "${missing}" in this build (the training loop is not wired in yet)`, 1);

  try {
    return await run(options, outDir, env);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 1);
  }
}

async function run(options: CliOptions, outDir: string, env: CliEnvironment): Promise<number> {
  const { stdout } = env;
  const spec = TASK_SPECS[options.task];
  stdout.write(
    `demo: ${options.task} with ${options.optimizers.join(', ')}, ${options.budgetSeconds} s each, seed ${options.seed}\n`,
  );
  const prepared = await env.prepare?.();
  if (prepared) stdout.write(`${prepared}\n`);
  const data = loadTaskData(options.task, options);
  stdout.write(`${describeTaskData(data)}\n`);

  const budgetMs = options.budgetSeconds * 1000;
  const runs: RunMetrics[] = [];
  const outcomes: { optimizer: OptimizerName; outcome: TrainOutcome }[] = [];
  for (const optimizer of options.optimizers) {
    const trainer = env.trainers[optimizer] as Trainer;
    const steps: StepRecord[] = [];
    const progress = createProgress({ stream: stdout, label: optimizer, budgetMs });
    let outcome: TrainOutcome;
    try {
      outcome = await trainer(options.task, data, { budgetMs, seed: options.seed, previewCount: spec.previewCount }, (step) => {
        steps.push(step);
        progress.update(step);
      });
    } catch (error) {
      throw new Error(`${optimizer} training failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      progress.finish();
    }
    runs.push(runMetrics(optimizer, options.task, steps, outcome, spec.lossLevels));
    outcomes.push({ optimizer, outcome });
  }

  stdout.write(`\n${formatSummaryTable(runs, spec.lossLevels)}\n`);
  const metrics = {
    task: options.task,
    seed: options.seed,
    budgetSeconds: options.budgetSeconds,
    train: options.train,
    test: options.test,
    loss: spec.loss,
    lossLevels: spec.lossLevels,
    createdAt: new Date().toISOString(),
    runs,
  };
  const metricsPath = await writeMetrics(outDir, metrics);
  const reportPath = await writeReport(outDir, { metrics, preview: digitPreview(data, spec.previewCount, outcomes) });
  stdout.write(`Wrote ${reportPath}\nWrote ${metricsPath}\n`);
  return 0;
}

/** The autoencoder's originals and reconstructions, from the runs that returned them. */
function digitPreview(
  data: TaskData,
  count: number,
  outcomes: readonly { optimizer: OptimizerName; outcome: TrainOutcome }[],
): DigitPreview | undefined {
  if (data.kind !== 'mnist' || count === 0) return undefined;
  const n = Math.min(count, data.test.count);
  const reconstructions = outcomes.flatMap(({ optimizer, outcome }) => {
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
