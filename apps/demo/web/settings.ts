// The settings form: the task choice (also from the page's `?task=` query),
// how the optimizers share the cores (in turn or side by side, and how many
// shard workers each), and what the page says about the choice.
import { whatTheRunShows } from '../src/report/claims.js';
import { TASK_SPECS } from '../src/tasks.js';
import { EVALUATION_EXAMPLES } from '../src/trainers/evaluation-schedule.js';
import type { PageElements } from './page-elements.js';
import { WEB_TASKS, type Schedule, type WebTask } from './protocol.js';

/** The name each task has on the page. */
export const TASK_TITLES: Readonly<Record<WebTask, string>> = {
  autoencoder: 'MNIST autoencoder',
  spirals: 'Two spirals',
  'rnn-addition': 'RNN addition',
};

/** The task chosen in the form. */
export function selectedTask(ui: PageElements): WebTask {
  return ui.task.value as WebTask;
}

/** Logical cores of this computer, as the browser reports them. */
export function cores(): number {
  return Math.max(1, Math.floor(navigator.hardwareConcurrency || 1));
}

/** Whether the page is cross-origin isolated: shared memory for the shard workers (see vite.config.ts). */
export function isolated(): boolean {
  return globalThis.crossOriginIsolated === true;
}

/** How the optimizers of a run share the machine. */
export interface ComputePlan {
  readonly schedule: Schedule;
  /** Shard workers per optimizer; undefined: hf's choice among the cores each optimizer gets. */
  readonly workers: number | undefined;
}

/**
 * The compute the form asks for, made equal for both optimizers: in turn,
 * each may use every core; side by side, each gets half of them (at least
 * one). Without isolation every optimizer trains in its one Web Worker.
 */
export function computePlan(ui: PageElements): ComputePlan {
  const schedule = ui.schedule.value as Schedule;
  if (!isolated()) return { schedule, workers: 1 };
  const chosen = ui.workers.value === 'auto' ? undefined : Number(ui.workers.value);
  if (schedule === 'in-turn') return { schedule, workers: chosen };
  const half = Math.max(1, Math.floor(cores() / 2));
  return { schedule, workers: Math.min(chosen ?? half, half) };
}

/** One or two sentences: what compute each optimizer gets, and why. */
export function describeCompute(plan: ComputePlan): string {
  const n = cores();
  const workers =
    plan.workers === undefined
      ? 'as many shard workers as its batches keep busy (hf\'s choice)'
      : plan.workers === 1
        ? 'no shard workers (its training worker computes alone)'
        : `${plan.workers} shard workers`;
  const isolation = isolated()
    ? ''
    : ' This page is not cross-origin isolated (it needs the Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers), so there is no shared memory for shard workers: each optimizer computes in its one Web Worker.';
  if (plan.schedule === 'in-turn') {
    return `Same compute for both: HF trains first, then Adam, each alone on this computer's ${n} core${n === 1 ? '' : 's'} with ${workers}.${isolation}`;
  }
  return (
    `Same compute for both: they train side by side, each with half of this computer's ${n} core${n === 1 ? '' : 's'} (${workers} each); ` +
    `their clocks run at once, so each includes what the other costs the machine.${isolation}`
  );
}

/**
 * Fills the task and worker lists, selects the task the query names (the
 * autoencoder otherwise), and keeps the budget, the summary, the compute
 * note and the previews in step with the choices.
 */
export function setUpSettings(ui: PageElements): void {
  for (const task of WEB_TASKS) ui.task.add(new Option(TASK_TITLES[task], task));
  ui.task.value = 'autoencoder';
  const fromQuery = new URLSearchParams(location.search).get('task');
  if (fromQuery && (WEB_TASKS as readonly string[]).includes(fromQuery)) ui.task.value = fromQuery;
  ui.workers.add(new Option('auto', 'auto', true, true));
  for (let k = 1; k <= cores(); k++) ui.workers.add(new Option(String(k), String(k)));
  if (!isolated()) {
    ui.workers.value = '1';
    ui.workers.disabled = true;
    ui.workers.title = 'This page is not cross-origin isolated: no shard workers.';
  }
  const showTask = (): void => {
    const spec = TASK_SPECS[selectedTask(ui)];
    ui.budget.value = String(spec.budgetSeconds);
    ui.summary.textContent = `${spec.summary}. Loss: ${spec.loss}.`;
    ui.claim.textContent = whatTheRunShows(selectedTask(ui));
    ui.lossUnits.textContent =
      `The table and the charts measure the first ${EVALUATION_EXAMPLES.toLocaleString('en-US')} training and test examples, ` +
      `outside the clock (${spec.loss}); the final numbers below, once a run ends, are over the whole sets.`;
    ui.previews.hidden = selectedTask(ui) !== 'autoencoder';
  };
  const showCompute = (): void => {
    ui.compute.textContent = describeCompute(computePlan(ui));
  };
  ui.task.addEventListener('change', showTask);
  ui.schedule.addEventListener('change', showCompute);
  ui.workers.addEventListener('change', showCompute);
  showTask();
  showCompute();
}
