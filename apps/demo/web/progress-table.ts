// The progress table: one row per optimizer with its state, shard workers,
// steps, training time, losses, score, damping and CG iterations. The rows
// also carry data- attributes (state, records, workers, first and last loss)
// for the browser test.
import { formatLambda, formatLoss, formatScore, formatSeconds } from '../src/format.js';
import { OPTIMIZER_LABELS, OPTIMIZERS, type OptimizerName } from '../src/tasks.js';
import { COLORS } from './charts.js';
import type { OptimizerRun, RunState } from './optimizer-run.js';

const FIELDS = ['state', 'workers', 'steps', 'time', 'train', 'test', 'score', 'lambda', 'cg'] as const;
type Field = (typeof FIELDS)[number];

const STATE_TEXT: Readonly<Record<RunState, string>> = {
  waiting: 'waiting for its turn',
  starting: 'starting',
  training: 'training',
  pausing: 'pausing after this step',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

/** The rows of the progress table, one per optimizer. */
export class ProgressTable {
  private readonly rows = new Map<OptimizerName, HTMLTableRowElement>();

  /** Adds a row per optimizer to the table's first body. */
  constructor(table: HTMLTableElement) {
    for (const optimizer of OPTIMIZERS) {
      const row = document.createElement('tr');
      row.dataset.optimizer = optimizer;
      const name = document.createElement('th');
      name.scope = 'row';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = COLORS[optimizer];
      name.append(swatch, optimizer === 'hf' ? 'Hessian-free' : OPTIMIZER_LABELS[optimizer]);
      row.append(name);
      for (const field of FIELDS) {
        const cell = document.createElement('td');
        cell.dataset.field = field;
        row.append(cell);
      }
      table.tBodies[0].append(row);
      this.rows.set(optimizer, row);
    }
  }

  /** Shows a run's state, its latest step and its last step record in its optimizer's row. */
  render(run: OptimizerRun): void {
    const row = this.rows.get(run.optimizer)!;
    row.dataset.state = run.state;
    row.dataset.records = String(run.records);
    if (run.workers !== undefined) row.dataset.workers = String(run.workers);
    if (run.firstLoss !== undefined) row.dataset.firstLoss = String(run.firstLoss);
    if (run.last) row.dataset.lastLoss = String(run.last.trainLoss);
    if (run.last) row.dataset.lastTime = String(run.last.timeMs);
    const set = (field: Field, text: string) => (this.cell(run.optimizer, field).textContent = text);
    const latest = run.progress && run.progress.step >= (run.last?.step ?? 0) ? run.progress : run.last;
    set('state', STATE_TEXT[run.state]);
    set('workers', run.workers === undefined ? '' : run.workers === 1 ? 'none' : String(run.workers));
    set('steps', String(latest?.step ?? 0));
    set('time', formatSeconds(latest?.timeMs ?? 0));
    set('train', formatLoss(run.last?.trainLoss));
    set('test', formatLoss(run.last?.testLoss));
    set('score', formatScore(run.scoreName, run.last?.testScore));
    const lambda = run.progress?.lambda ?? run.last?.lambda;
    const cg = run.progress?.cgIterations ?? run.last?.cgIterations;
    set('lambda', lambda === undefined ? '-' : formatLambda(lambda));
    set('cg', cg === undefined ? '-' : String(cg));
  }

  /** Empties every row. */
  clear(): void {
    for (const [optimizer, row] of this.rows) {
      for (const key of ['state', 'records', 'workers', 'firstLoss', 'lastLoss', 'lastTime']) delete row.dataset[key];
      for (const field of FIELDS) this.cell(optimizer, field).textContent = '';
    }
  }

  private cell(optimizer: OptimizerName, field: Field): HTMLTableCellElement {
    return this.rows.get(optimizer)!.querySelector(`[data-field="${field}"]`) as HTMLTableCellElement;
  }
}
