// The runs: Start, Pause, Resume and Reset, one OptimizerRun per chosen
// optimizer, started one after the other or side by side as the form says
// (so that each gets the same compute), and what their workers' messages
// change on the page.
import { MNIST_PIXELS } from '../src/data/mnist-shape.js';
import { formatLoss, formatScore, shortScoreName } from '../src/format.js';
import { OPTIMIZER_LABELS, OPTIMIZERS, TASK_SPECS, type OptimizerName } from '../src/tasks.js';
import type { LiveCharts } from './charts.js';
import type { DigitGrid } from './digits.js';
import { OptimizerRun } from './optimizer-run.js';
import type { PageElements } from './page-elements.js';
import type { ProgressTable } from './progress-table.js';
import type { FromWorker, Schedule } from './protocol.js';
import { computePlan, describeCompute, selectedTask, TASK_TITLES } from './settings.js';
import type { StepProgressLine } from './step-progress.js';

/** Where the page is: no run yet (or reset), training, paused, or every run ended. */
type Phase = 'idle' | 'running' | 'paused' | 'finished';

/** The rows of the digit grid: the originals (row 0, from the worker's `ready`), then each optimizer's reconstructions. */
const PREVIEW_ROWS: Readonly<Record<OptimizerName, number>> = { hf: 1, adam: 2 };

/** The displays a run updates. */
export interface RunViews {
  readonly charts: LiveCharts;
  readonly digits: DigitGrid;
  readonly table: ProgressTable;
  readonly stepLine: StepProgressLine;
}

/** Wires the form's buttons to the runs and puts the page in its idle phase. */
export function controlRuns(ui: PageElements, { charts, digits, table, stepLine }: RunViews): void {
  let phase: Phase = 'idle';
  let nextRunId = 1;
  let runs: OptimizerRun[] = [];
  let schedule: Schedule = 'in-turn';

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
      case 'started':
        run.workers = message.workers;
        run.settings = message.settings;
        run.scoreName = message.scoreName;
        if (message.scoreName) ui.scoreHead.textContent = `Test ${shortScoreName(message.scoreName)}`;
        if (run.optimizer === 'hf') stepLine.setCap(typeof message.settings.maxCgIterations === 'number' ? message.settings.maxCgIterations : undefined);
        showSettings(run);
        setStatus(
          `${label} trains${message.workers > 1 ? ` on ${message.workers} shard workers` : ' in its Web Worker alone'}` +
            `${message.isolated ? '' : ' (this page is not cross-origin isolated: no shard workers)'}.`,
        );
        break;
      case 'step':
        run.records++;
        run.last = message.record;
        run.firstLoss ??= message.record.trainLoss;
        charts.add(run.optimizer, message.record);
        break;
      case 'stepStart':
        if (phase === 'running') stepLine.stepStarted(message.step);
        break;
      case 'progress':
        run.progress = message.progress;
        charts.addProgress(run.optimizer, message.progress);
        if (run.optimizer === 'hf') stepLine.stepEnded(message.progress);
        break;
      case 'preview':
        digits.drawRow(PREVIEW_ROWS[run.optimizer], message.images.subarray(0, TASK_SPECS.autoencoder.previewCount * MNIST_PIXELS));
        break;
      case 'paused':
        run.state = 'paused';
        if (run.optimizer === 'hf') stepLine.stop();
        break;
      case 'done':
        run.state = message.aborted ? 'stopped' : 'done';
        run.terminate();
        if (run.optimizer === 'hf') stepLine.stop();
        if (!message.aborted) {
          const score = run.scoreName ? `, test ${run.scoreName} ${formatScore(run.scoreName, message.testScore)}` : '';
          const text = `${label}: train loss ${formatLoss(message.trainLoss)}, test loss ${formatLoss(message.testLoss)}${score} (whole sets).`;
          const item = document.createElement('li');
          item.dataset.optimizer = run.optimizer;
          item.textContent = text;
          ui.finals.append(item);
          setStatus(`${label} finished: ${text.slice(label.length + 2)}`);
        }
        launchNext();
        break;
      case 'error':
        run.state = 'failed';
        run.terminate();
        if (run.optimizer === 'hf') stepLine.stop();
        showError(`${label}: ${message.message}`);
        launchNext();
        break;
    }
    table.render(run);
    if (phase !== 'idle' && runs.length > 0 && runs.every((r) => !r.active)) setPhase('finished');
  }

  /** In turn: when a run ends, the next waiting one starts (unless the page is paused: then on Resume). */
  function launchNext(): void {
    if (phase !== 'running') return;
    const next = runs.find((r) => r.state === 'waiting');
    if (next && !runs.some((r) => r.launched && r.active)) {
      next.launch();
      table.render(next);
    }
  }

  function showSettings(run: OptimizerRun): void {
    if (!run.settings) return;
    const item = document.createElement('li');
    item.dataset.optimizer = run.optimizer;
    const settings = Object.entries(run.settings)
      .map(([key, value]) => `${key} ${typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value}`)
      .join(', ');
    item.textContent = `${OPTIMIZER_LABELS[run.optimizer]} settings: ${settings}.`;
    ui.runSettings.append(item);
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
    const plan = computePlan(ui);
    schedule = plan.schedule;
    const runId = nextRunId++;
    runs = chosen.map(
      (optimizer) =>
        new OptimizerRun(
          optimizer,
          { type: 'start', runId, optimizer, task, budgetMs: budgetSeconds * 1000, seed, ...(plan.workers !== undefined ? { workers: plan.workers } : {}) },
          onMessage,
        ),
    );
    setPhase('running');
    if (schedule === 'side-by-side') runs.forEach((run) => run.launch());
    else runs[0].launch();
    runs.forEach((run) => table.render(run));
    ui.compute.textContent = describeCompute(plan);
    const order = chosen.map((o) => OPTIMIZER_LABELS[o]).join(schedule === 'in-turn' ? ' then ' : ' and ');
    setStatus(`Training ${order} on the ${TASK_TITLES[task].toLowerCase()} task, ${budgetSeconds} s of training each.`);
  }

  function clearView(): void {
    ui.error.hidden = true;
    ui.error.textContent = '';
    ui.finals.replaceChildren();
    ui.runSettings.replaceChildren();
    charts.clear();
    digits.clear();
    table.clear();
    stepLine.clear();
  }

  function setPhase(next: Phase): void {
    phase = next;
    const busy = next === 'running' || next === 'paused';
    ui.start.textContent = next === 'paused' ? 'Resume' : 'Start';
    ui.start.disabled = next === 'running';
    ui.pause.disabled = next !== 'running';
    ui.reset.disabled = next === 'idle';
    for (const control of [ui.task, ui.budget, ui.seed, ui.schedule, ui.use.hf, ui.use.adam]) control.disabled = busy;
    ui.workers.disabled = busy || ui.workers.title !== '';
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
        if (run.active && run.launched) {
          run.send({ type: 'resume' });
          run.state = 'training';
          table.render(run);
        }
      }
      setPhase('running');
      setStatus('Resumed.');
      launchNext();
    } else if (phase !== 'running') {
      startRuns();
    }
  });

  ui.pause.addEventListener('click', () => {
    for (const run of runs) {
      if (run.active && run.launched) {
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
