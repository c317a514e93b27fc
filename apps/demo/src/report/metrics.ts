// The record of one optimizer's run, the time it took to reach fixed loss
// levels, and metrics.json.
import { join } from 'node:path';
import type { OptimizerName, TaskName } from '../tasks.js';
import { writeFileAtomically } from './atomic-write.js';

/** One optimizer step. */
export interface StepRecord {
  /** Steps taken; 0 is the starting point, before any step. */
  readonly step: number;
  /** Training time so far in milliseconds (the clock stops while losses are measured). */
  readonly timeMs: number;
  /** Loss on the training data (the demo's trainers: on the first 1,000 examples, EVALUATION_EXAMPLES). */
  readonly trainLoss: number;
  readonly testLoss?: number;
  /** The task's second figure of merit on the test data (error rate, mean absolute error), if it has one. */
  readonly testScore?: number;
  /** HF: the Levenberg-Marquardt damping after this step. */
  readonly lambda?: number;
  /** HF: CG iterations in this step. */
  readonly cgIterations?: number;
}

/** A run's end: the losses of the final parameters on the whole sets, its steps and its training time. */
export interface FinalMetrics {
  readonly trainLoss: number;
  readonly testLoss?: number;
  /** The task's second figure of merit on the whole test set (MetricsFile.score names it). */
  readonly testScore?: number;
  readonly steps: number;
  readonly timeMs: number;
}

/** HF's statistics of every step (records come only at evaluation points): one entry per step, in order. */
export interface PerStepStats {
  /** lambda after each step. */
  readonly lambda: readonly number[];
  /** CG iterations of each step. */
  readonly cgIterations: readonly number[];
  /** Training time of each step, in ms. */
  readonly stepMs: readonly number[];
}

/** Everything recorded of one optimizer's run on one task. */
export interface RunMetrics {
  readonly optimizer: OptimizerName;
  readonly task: TaskName;
  readonly steps: readonly StepRecord[];
  readonly final: FinalMetrics;
  /** Loss level (as a string key) -> milliseconds to first reach it, or null if never. */
  readonly timeToReach: Readonly<Record<string, number | null>>;
  /** True when training was interrupted (Ctrl-C) before the budget was spent: the record is of what was done. */
  readonly interrupted: boolean;
  /** With --save-parameters: the file beside metrics.json that holds this run's final parameters. */
  readonly parametersFile?: string;
  /** The settings the optimizer trained with (learning rate, batch sizes, CG cap, workers, ...). */
  readonly settings?: Readonly<Record<string, number | string | boolean>>;
  /** HF: lambda, CG iterations and time of every step. */
  readonly perStep?: PerStepStats;
}

/**
 * For each level, the time of the first step whose training loss is at or
 * below it, or null if no step got there.
 */
export function timeToReach(steps: readonly StepRecord[], levels: readonly number[]): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const level of levels) {
    const hit = steps.find((s) => s.trainLoss <= level);
    result[String(level)] = hit ? hit.timeMs : null;
  }
  return result;
}

/**
 * Assemble a run's record from its steps and final losses. Only the losses
 * are taken from `final` (a trainer's outcome also carries the parameters
 * and reconstructions, which are not metrics).
 */
export function runMetrics(
  optimizer: OptimizerName,
  task: TaskName,
  steps: readonly StepRecord[],
  final: { readonly trainLoss: number; readonly testLoss?: number; readonly testScore?: number },
  levels: readonly number[],
  extra: {
    readonly interrupted?: boolean;
    readonly parametersFile?: string;
    readonly settings?: Readonly<Record<string, number | string | boolean>>;
    readonly perStep?: PerStepStats;
  } = {},
): RunMetrics {
  const last = steps.at(-1);
  return {
    optimizer,
    task,
    steps,
    final: {
      trainLoss: final.trainLoss,
      ...(final.testLoss !== undefined ? { testLoss: final.testLoss } : {}),
      ...(final.testScore !== undefined ? { testScore: final.testScore } : {}),
      steps: last ? last.step : 0,
      timeMs: last ? last.timeMs : 0,
    },
    timeToReach: timeToReach(steps, levels),
    interrupted: extra.interrupted ?? false,
    ...(extra.parametersFile !== undefined ? { parametersFile: extra.parametersFile } : {}),
    ...(extra.settings !== undefined ? { settings: extra.settings } : {}),
    ...(extra.perStep !== undefined && extra.perStep.lambda.length > 0 ? { perStep: extra.perStep } : {}),
  };
}

/** Where and with what the run trained: for the report's settings table. */
export interface RunEnvironment {
  /** The TensorFlow.js backend, e.g. "wasm (TensorFlow.js 4.22.0, one thread per engine)". */
  readonly backend: string;
  /** Versions: Node.js, TensorFlow.js, @hessian-free/hf. */
  readonly versions: Readonly<Record<string, string>>;
  /** Logical cores of the machine. */
  readonly cores: number;
}

/** How the step records' losses were measured (outside the clock). */
export interface EvaluationInfo {
  /** The first this many examples of the training and of the test set. */
  readonly examples: number;
  /** Evaluation was held to this share of the training time. */
  readonly share: number;
}

/** The whole content of metrics.json. */
export interface MetricsFile {
  readonly task: TaskName;
  readonly seed: number;
  readonly budgetSeconds: number;
  readonly train: number;
  readonly test: number;
  /** What the losses measure (TaskSpec.loss). */
  readonly loss: string;
  /** The task's second figure of merit, if it has one: its name ('error rate', 'mean absolute error'). */
  readonly score?: string;
  /** One sentence: what this run demonstrates. */
  readonly demonstrates?: string;
  /** How the step records' losses were measured. */
  readonly evaluation?: EvaluationInfo;
  /** Backend, versions, cores. */
  readonly environment?: RunEnvironment;
  readonly lossLevels: readonly number[];
  readonly createdAt: string;
  /** True when the run was interrupted (Ctrl-C): the file holds what was done. */
  readonly interrupted: boolean;
  /** The optimizers asked for that did not run because of the interrupt. */
  readonly notRun: readonly OptimizerName[];
  readonly runs: readonly RunMetrics[];
}

/** The name of the metrics file in the output folder. */
export const METRICS_FILE = 'metrics.json';

/** The text of metrics.json. */
export function metricsJson(metrics: MetricsFile): string {
  return `${JSON.stringify(metrics, null, 2)}\n`;
}

/** Write metrics.json into `dir` (whole or not at all: see atomic-write.ts); returns its path. */
export async function writeMetrics(dir: string, metrics: MetricsFile): Promise<string> {
  const path = join(dir, METRICS_FILE);
  await writeFileAtomically(path, metricsJson(metrics));
  return path;
}
