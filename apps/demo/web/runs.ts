// The runs: Start, Pause, Resume and Reset, one OptimizerRun per chosen
// optimizer, and what their workers' messages change on the page.
import { MNIST_PIXELS } from '../src/data/mnist-shape.js';
import { formatLoss } from '../src/format.js';
import { OPTIMIZER_LABELS, OPTIMIZERS, TASK_SPECS, type OptimizerName } from '../src/tasks.js';
import type { LiveCharts } from './charts.js';
import type { DigitGrid } from './digits.js';
import { OptimizerRun } from './optimizer-run.js';
import type { PageElements } from './page-elements.js';
import type { ProgressTable } from './progress-table.js';
import type { FromWorker } from './protocol.js';
import { selectedTask, TASK_TITLES } from './settings.js';

/** Where the page is: no run yet (or reset), training, paused, or every run ended. */
type Phase = 'idle' | 'running' | 'paused' | 'finished';

/** The rows of the digit grid: the originals (row 0, from the worker's `ready`), then each optimizer's reconstructions. */
const PREVIEW_ROWS: Readonly<Record<OptimizerName, number>> = { hf: 1, adam: 2 };

/** The displays a run updates. */
export interface RunViews {
  readonly charts: LiveCharts;
  readonly digits: DigitGrid;
  readonly table: ProgressTable;
}

/** Wires the form's buttons to the runs and puts the page in its idle phase. */
export function controlRuns(ui: PageElements, { charts, digits, table }: RunViews): void {
  let phase: Phase = 'idle';
  let nextRunId = 1;
  let runs: OptimizerRun[] = [];

  function onMessage(run: OptimizerRun, message: FromWorker): void {
    if (!runs.includes(run)) {
      // A run that was reset: only wait for it to wind down.
      if (message.type === 'done' || message.type === 'error') run.terminate();
      return;
    }
    const label = OPTIMIZER_LABELS[run.optimizer];
    switch (message.type) {
      case 'status':
        setStatus(`${label}: ${message.text}…`);
        break;
      case 'ready':
        if (run.state === 'starting') run.state = 'training';
        setStatus(`${label}: ${message.backend}; ${message.data}.`);
        if (message.originals) digits.drawRow(0, message.originals);
        break;
      case 'step':
        run.records++;
        run.last = message.record;
        run.firstLoss ??= message.record.trainLoss;
        charts.add(run.optimizer, message.record);
        break;
      case 'preview':
        digits.drawRow(PREVIEW_ROWS[run.optimizer], message.images.subarray(0, TASK_SPECS.autoencoder.previewCount * MNIST_PIXELS));
        break;
      case 'paused':
        run.state = 'paused';
        break;
      case 'done':
        run.state = message.aborted ? 'stopped' : 'done';
        run.terminate();
        if (!message.aborted) {
          setStatus(`${label} finished: train loss ${formatLoss(message.trainLoss)}, test loss ${formatLoss(message.testLoss)} (whole sets).`);
        }
        break;
      case 'error':
        run.state = 'failed';
        run.terminate();
        showError(`${label}: ${message.message}`);
        break;
    }
    table.render(run);
    if (phase !== 'idle' && runs.length > 0 && runs.every((r) => !r.active)) setPhase('finished');
  }

  function startRuns(): void {
    if (!ui.form.reportValidity()) return;
    const task = selectedTask(ui);
    const budgetSeconds = Number(ui.budget.value);
    const seed = Number(ui.seed.value);
    const chosen = OPTIMIZERS.filter((optimizer) => ui.use[optimizer].checked);
    if (chosen.length === 0) {
      showError('Choose at least one optimizer.');
      return;
    }
    clearView();
    const runId = nextRunId++;
    runs = chosen.map(
      (optimizer) => new OptimizerRun(optimizer, { type: 'start', runId, optimizer, task, budgetMs: budgetSeconds * 1000, seed }, onMessage),
    );
    runs.forEach((run) => table.render(run));
    setPhase('running');
    setStatus(`Training ${chosen.map((o) => OPTIMIZER_LABELS[o]).join(' and ')} on the ${TASK_TITLES[task].toLowerCase()} task, ${budgetSeconds} s each.`);
  }

  function clearView(): void {
    ui.error.hidden = true;
    ui.error.textContent = '';
    charts.clear();
    digits.clear();
    table.clear();
  }

  function setPhase(next: Phase): void {
    phase = next;
    const busy = next === 'running' || next === 'paused';
    ui.start.textContent = next === 'paused' ? 'Resume' : 'Start';
    ui.start.disabled = next === 'running';
    ui.pause.disabled = next !== 'running';
    ui.reset.disabled = next === 'idle';
    for (const control of [ui.task, ui.budget, ui.seed, ui.use.hf, ui.use.adam]) control.disabled = busy;
    document.body.dataset.phase = next;
    if (next === 'finished') setStatus('Finished. Press Start to run again, or Reset to clear.');
  }

  function setStatus(text: string): void {
    ui.status.textContent = text;
  }

  function showError(text: string): void {
    console.error(text);
    ui.error.textContent = ui.error.textContent ? `${ui.error.textContent}\n${text}` : text;
    ui.error.hidden = false;
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (phase === 'paused') {
      for (const run of runs) {
        if (run.active) {
          run.send({ type: 'resume' });
          run.state = 'training';
          table.render(run);
        }
      }
      setPhase('running');
      setStatus('Resumed.');
    } else if (phase !== 'running') {
      startRuns();
    }
  });

  ui.pause.addEventListener('click', () => {
    for (const run of runs) {
      if (run.active) {
        run.send({ type: 'pause' });
        if (run.state !== 'paused') run.state = 'pausing';
        table.render(run);
      }
    }
    setPhase('paused');
    setStatus('Paused: each optimizer stops before its next step.');
  });

  ui.reset.addEventListener('click', () => {
    for (const run of runs) if (run.active) run.abort();
    runs = [];
    clearView();
    setPhase('idle');
    setStatus('Reset. Choose a task and press Start.');
  });

  setPhase('idle');
}
