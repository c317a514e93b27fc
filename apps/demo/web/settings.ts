// The settings form: the task choice (also from the page's `?task=` query) and
// what the page says about the chosen task.
import { TASK_SPECS } from '../src/tasks.js';
import type { PageElements } from './page-elements.js';
import { WEB_TASKS, type WebTask } from './protocol.js';

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

/**
 * Fills the task list, selects the task the query names (the autoencoder
 * otherwise), and keeps the budget, the summary and the previews in step with
 * the choice.
 */
export function setUpSettings(ui: PageElements): void {
  for (const task of WEB_TASKS) ui.task.add(new Option(TASK_TITLES[task], task));
  ui.task.value = 'autoencoder';
  const fromQuery = new URLSearchParams(location.search).get('task');
  if (fromQuery && (WEB_TASKS as readonly string[]).includes(fromQuery)) ui.task.value = fromQuery;
  const showTask = (): void => {
    const spec = TASK_SPECS[selectedTask(ui)];
    ui.budget.value = String(spec.budgetSeconds);
    ui.summary.textContent = `${spec.summary}. Loss: ${spec.loss}.`;
    ui.lossUnits.textContent = `Losses are measured on up to 1,000 training and test examples after the step: ${spec.loss}.`;
    ui.previews.hidden = selectedTask(ui) !== 'autoencoder';
  };
  ui.task.addEventListener('change', showTask);
  showTask();
}
