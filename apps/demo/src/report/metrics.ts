// The record of one optimizer's run, the time it took to reach fixed loss
// levels, and metrics.json.
import { join } from 'node:path';
import type { OptimizerName, TaskName } from '../tasks.js';
import { writeFileAtomically } from './atomic-write.js';

/** One optimizer step. */
export interface StepRecord {
  readonly step: number;
  /** Wall-clock milliseconds since the trainer started. */
  readonly timeMs: number;
  /** Loss on the training data (the minibatch or the set, as the trainer reports it). */
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
  readonly steps: number;
  readonly timeMs: number;
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
  final: { readonly trainLoss: number; readonly testLoss?: number },
  levels: readonly number[],
  extra: { readonly interrupted?: boolean; readonly parametersFile?: string } = {},
): RunMetrics {
  const last = steps.at(-1);
  return {
    optimizer,
    task,
    steps,
    final: {
      trainLoss: final.trainLoss,
      ...(final.testLoss !== undefined ? { testLoss: final.testLoss } : {}),
      steps: last ? last.step : 0,
      timeMs: last ? last.timeMs : 0,
    },
    timeToReach: timeToReach(steps, levels),
    interrupted: extra.interrupted ?? false,
    ...(extra.parametersFile !== undefined ? { parametersFile: extra.parametersFile } : {}),
  };
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
