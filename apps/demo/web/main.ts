// The page: settings, Start / Pause / Reset, one training worker per
// optimizer, and the live view (progress table, charts, reconstructions).
import { MNIST_PIXELS } from '../src/data/mnist-shape.js';
import { formatLambda, formatLoss, formatSeconds } from '../src/format.js';
import type { StepRecord } from '../src/report/metrics.js';
import { TASK_SPECS, type OptimizerName } from '../src/tasks.js';
import { COLORS, LABELS, LiveCharts } from './charts.js';
import { DigitGrid } from './digits.js';
import { WEB_TASKS, type FromWorker, type StartRun, type ToWorker, type WebTask } from './protocol.js';

const TASK_TITLES: Readonly<Record<WebTask, string>> = {
  autoencoder: 'MNIST autoencoder',
  spirals: 'Two spirals',
  'rnn-addition': 'RNN addition',
};
const OPTIMIZERS: readonly OptimizerName[] = ['hf', 'adam'];
/** How long an aborted worker may take to wind down before it is terminated. */
const ABORT_GRACE_MS = 5000;

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

const ui = {
  form: element('controls', HTMLFormElement),
  task: element('task', HTMLSelectElement),
  budget: element('budget', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  use: { hf: element('use-hf', HTMLInputElement), adam: element('use-adam', HTMLInputElement) },
  start: element('start', HTMLButtonElement),
  pause: element('pause', HTMLButtonElement),
  reset: element('reset', HTMLButtonElement),
  summary: element('task-summary', HTMLParagraphElement),
  status: element('status', HTMLParagraphElement),
  error: element('error', HTMLParagraphElement),
  stats: element('stats', HTMLTableElement),
  lossUnits: element('loss-units', HTMLParagraphElement),
  previews: element('previews', HTMLElement),
  digits: element('digits', HTMLCanvasElement),
};

type Phase = 'idle' | 'running' | 'paused' | 'finished';
type RunState = 'starting' | 'training' | 'pausing' | 'paused' | 'done' | 'stopped' | 'failed';

/** One optimizer's worker for one run, and what the page shows of it. */
class OptimizerRun {
  readonly worker: Worker;
  state: RunState = 'starting';
  /** Step records received (an optimizer with cheap steps reports only some of its steps). */
  records = 0;
  firstLoss: number | undefined;
  last: StepRecord | undefined;
  private killTimer = 0;

  constructor(
    readonly optimizer: OptimizerName,
    readonly start: StartRun,
    onMessage: (run: OptimizerRun, message: FromWorker) => void,
  ) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `train-${optimizer}` });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (event.data.runId === start.runId) onMessage(this, event.data);
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      onMessage(this, { runId: start.runId, type: 'error', message: event.message || 'the worker failed to load' });
    });
    this.send(start);
  }

  get active(): boolean {
    return this.state !== 'done' && this.state !== 'stopped' && this.state !== 'failed';
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Abort through the trainer's signal; terminate if it has not stopped within the grace period. */
  abort(): void {
    this.send({ type: 'abort' });
    this.killTimer = window.setTimeout(() => this.terminate(), ABORT_GRACE_MS);
  }

  terminate(): void {
    window.clearTimeout(this.killTimer);
    this.worker.terminate();
  }
}

let phase: Phase = 'idle';
let nextRunId = 1;
let runs: OptimizerRun[] = [];
const charts = new LiveCharts(
  { byTime: element('chart-time', HTMLElement), bySteps: element('chart-steps', HTMLElement), hf: element('chart-hf', HTMLElement) },
  'loss',
);
const PREVIEW_ROWS: Readonly<Record<OptimizerName, number>> = { hf: 1, adam: 2 };
const digits = new DigitGrid(ui.digits, TASK_SPECS.autoencoder.previewCount, 3);

// ---- settings ----

for (const task of WEB_TASKS) ui.task.add(new Option(TASK_TITLES[task], task));
ui.task.value = 'autoencoder';
const fromQuery = new URLSearchParams(location.search).get('task');
if (fromQuery && (WEB_TASKS as readonly string[]).includes(fromQuery)) ui.task.value = fromQuery;

function selectedTask(): WebTask {
  return ui.task.value as WebTask;
}

function showTask(): void {
  const spec = TASK_SPECS[selectedTask()];
  ui.budget.value = String(spec.budgetSeconds);
  ui.summary.textContent = `${spec.summary}. Loss: ${spec.loss}.`;
  ui.lossUnits.textContent = `Losses are measured on up to 1,000 training and test examples after the step: ${spec.loss}.`;
  ui.previews.hidden = selectedTask() !== 'autoencoder';
}

ui.task.addEventListener('change', showTask);
showTask();

// ---- progress table ----

const rows = new Map<OptimizerName, HTMLTableRowElement>();
for (const optimizer of OPTIMIZERS) {
  const row = document.createElement('tr');
  row.dataset.optimizer = optimizer;
  const name = document.createElement('th');
  name.scope = 'row';
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = COLORS[optimizer];
  name.append(swatch, optimizer === 'hf' ? 'Hessian-free' : LABELS[optimizer]);
  row.append(name);
  for (const field of ['state', 'steps', 'time', 'train', 'test', 'lambda', 'cg']) {
    const cell = document.createElement('td');
    cell.dataset.field = field;
    row.append(cell);
  }
  ui.stats.tBodies[0].append(row);
  rows.set(optimizer, row);
}

function cell(optimizer: OptimizerName, field: string): HTMLTableCellElement {
  return rows.get(optimizer)!.querySelector(`[data-field="${field}"]`) as HTMLTableCellElement;
}

const STATE_TEXT: Readonly<Record<RunState, string>> = {
  starting: 'starting',
  training: 'training',
  pausing: 'pausing after this step',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

function renderRun(run: OptimizerRun): void {
  const row = rows.get(run.optimizer)!;
  row.dataset.state = run.state;
  row.dataset.records = String(run.records);
  if (run.firstLoss !== undefined) row.dataset.firstLoss = String(run.firstLoss);
  if (run.last) row.dataset.lastLoss = String(run.last.trainLoss);
  cell(run.optimizer, 'state').textContent = STATE_TEXT[run.state];
  cell(run.optimizer, 'steps').textContent = String(run.last?.step ?? 0);
  cell(run.optimizer, 'time').textContent = formatSeconds(run.last?.timeMs ?? 0);
  cell(run.optimizer, 'train').textContent = formatLoss(run.last?.trainLoss);
  cell(run.optimizer, 'test').textContent = formatLoss(run.last?.testLoss);
  cell(run.optimizer, 'lambda').textContent = run.last?.lambda === undefined ? '-' : formatLambda(run.last.lambda);
  cell(run.optimizer, 'cg').textContent = run.last?.cgIterations === undefined ? '-' : String(run.last.cgIterations);
}

function clearRows(): void {
  for (const [optimizer, row] of rows) {
    for (const key of ['state', 'records', 'firstLoss', 'lastLoss']) delete row.dataset[key];
    for (const field of ['state', 'steps', 'time', 'train', 'test', 'lambda', 'cg']) cell(optimizer, field).textContent = '';
  }
}

// ---- runs ----

function onMessage(run: OptimizerRun, message: FromWorker): void {
  if (!runs.includes(run)) {
    // A run that was reset: only wait for it to wind down.
    if (message.type === 'done' || message.type === 'error') run.terminate();
    return;
  }
  const label = LABELS[run.optimizer];
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
  renderRun(run);
  if (phase !== 'idle' && runs.length > 0 && runs.every((r) => !r.active)) setPhase('finished');
}

function startRuns(): void {
  if (!ui.form.reportValidity()) return;
  const task = selectedTask();
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
  runs.forEach(renderRun);
  setPhase('running');
  setStatus(`Training ${chosen.map((o) => LABELS[o]).join(' and ')} on the ${TASK_TITLES[task].toLowerCase()} task, ${budgetSeconds} s each.`);
}

function clearView(): void {
  ui.error.hidden = true;
  ui.error.textContent = '';
  charts.clear();
  digits.clear();
  clearRows();
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
        renderRun(run);
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
      renderRun(run);
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
