// Progress of one optimizer's run. Everywhere: a log line per step record,
// at most one per `intervalMs` of training time (plus step 0, step 1 and the
// last). On a
// terminal, below those lines, a live status line rewritten in place after
// every step (at most 10 times a second): the step count, the training time
// against the budget, and the latest loss.
import { formatLambda, formatLoss, formatScore, formatSeconds, shortScoreName } from '../format.js';
import type { StepRecord } from '../report/metrics.js';
import type { StepProgress } from '../train.js';

/** The part of a Node write stream we use; tests pass a fake. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Where and how a run's progress is shown. */
export interface ProgressOptions {
  readonly stream: OutputStream;
  /** Shown first on each line, e.g. the optimizer's name. */
  readonly label: string;
  readonly budgetMs: number;
  /** At most one log line per this many ms of training time (default 1000), besides the last. */
  readonly intervalMs?: number;
  /** The task's score ('error rate', ...): how a record's testScore is written. */
  readonly scoreName?: string;
  /** TTY only: the status line is redrawn at most once per this many ms of real time (default 100). */
  readonly redrawMs?: number;
  /** The clock of the redraw throttle (tests pass a fake); default performance.now. */
  readonly now?: () => number;
}

/** A run's progress display, fed the step records and (on a terminal) every step. */
export interface Progress {
  /** A step record: its log line (throttled), and the status line. */
  update(step: StepRecord): void;
  /** Any step, recorded or not: the status line only. */
  progress(step: StepProgress): void;
  /** End the display: the last record's line if it was held back; the status line is cleared. */
  finish(): void;
}

/** Log lines, and on a terminal a live status line below them. */
export function createProgress(options: ProgressOptions): Progress {
  const { stream, label, budgetMs, intervalMs = 1000, scoreName, redrawMs = 100, now = () => performance.now() } = options;
  const tty = stream.isTTY === true;
  let lastLoggedAt = -Infinity;
  let pending: StepRecord | undefined;
  let latest: StepRecord | undefined;
  let current: { readonly step: number; readonly timeMs: number } | undefined;
  let statusShown = false;
  let lastDraw = -Infinity;

  const clearStatus = () => {
    if (statusShown) stream.write('\r\x1b[K'); // ESC[K clears the rest of the line
    statusShown = false;
  };
  const log = (s: StepRecord) => {
    clearStatus();
    stream.write(`${[...fields(label, s, scoreName), `time ${formatSeconds(s.timeMs)}`].join('  ')}\n`);
    lastLoggedAt = s.timeMs;
    pending = undefined;
  };
  const drawStatus = (force: boolean) => {
    if (!tty || current === undefined) return;
    const t = now();
    if (!force && t - lastDraw < redrawMs) return;
    lastDraw = t;
    const width = Math.max(20, (stream.columns ?? 80) - 1); // the last column would wrap on some terminals
    const loss = latest ? [`loss ${formatLoss(latest.trainLoss)}`] : [];
    const text = [label, `step ${current.step}`, ...loss, `${formatSeconds(current.timeMs)}/${formatSeconds(budgetMs)}`].join('  ');
    const barWidth = Math.min(30, width - text.length - 3);
    let line = text;
    if (barWidth >= 5) {
      const filled = Math.round(barWidth * Math.min(1, Math.max(0, current.timeMs / budgetMs)));
      line = `${text} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    } else if (text.length > width) {
      line = text.slice(0, width);
    }
    stream.write(`\r${line}\x1b[K`);
    statusShown = true;
  };

  return {
    update(step) {
      latest = step;
      if (current === undefined || step.step >= current.step) current = { step: step.step, timeMs: step.timeMs };
      // The starting point and the first step always get a line: a run shows at once that it trains.
      if (step.step <= 1 || step.timeMs - lastLoggedAt >= intervalMs) log(step);
      else pending = step;
      drawStatus(true);
    },
    progress(step) {
      current = { step: step.step, timeMs: step.timeMs };
      drawStatus(false);
    },
    finish() {
      clearStatus();
      if (pending) log(pending);
    },
  };
}

function fields(label: string, s: StepRecord, scoreName: string | undefined): string[] {
  const out = [label, `step ${s.step}`, `loss ${formatLoss(s.trainLoss)}`];
  if (s.testLoss !== undefined) out.push(`test ${formatLoss(s.testLoss)}`);
  if (s.testScore !== undefined) out.push(`${shortScoreName(scoreName)} ${formatScore(scoreName, s.testScore)}`);
  if (s.lambda !== undefined) out.push(`lambda ${formatLambda(s.lambda)}`);
  if (s.cgIterations !== undefined) out.push(`cg ${s.cgIterations}`);
  return out;
}
