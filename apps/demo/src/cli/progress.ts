// Progress of one optimizer's run: on a terminal a single live line rewritten
// in place; elsewhere (CI, a pipe, a file) plain log lines, throttled.
import { formatLambda, formatLoss, formatSeconds } from '../format.js';
import type { StepRecord } from '../report/metrics.js';

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
  /** Non-TTY only: at most one line per this many ms of run time (default 1000). */
  readonly intervalMs?: number;
}

/** A run's progress display, fed one step record at a time. */
export interface Progress {
  /** Show the latest step. */
  update(step: StepRecord): void;
  /** End the display: a newline on a TTY, the last step's line otherwise. */
  finish(): void;
}

/** A live line rewritten in place on a terminal, throttled log lines elsewhere. */
export function createProgress(options: ProgressOptions): Progress {
  return options.stream.isTTY ? liveLine(options) : logLines(options);
}

function fields(label: string, s: StepRecord): string[] {
  const out = [label, `step ${s.step}`, `loss ${formatLoss(s.trainLoss)}`];
  if (s.testLoss !== undefined) out.push(`test ${formatLoss(s.testLoss)}`);
  if (s.lambda !== undefined) out.push(`lambda ${formatLambda(s.lambda)}`);
  if (s.cgIterations !== undefined) out.push(`cg ${s.cgIterations}`);
  return out;
}

function liveLine({ stream, label, budgetMs }: ProgressOptions): Progress {
  let shown = false;
  return {
    update(step) {
      const width = Math.max(20, (stream.columns ?? 80) - 1); // the last column would wrap on some terminals
      const text = [...fields(label, step), `${formatSeconds(step.timeMs)}/${formatSeconds(budgetMs)}`].join('  ');
      const barWidth = Math.min(30, width - text.length - 3);
      let line = text;
      if (barWidth >= 5) {
        const filled = Math.round(barWidth * Math.min(1, Math.max(0, step.timeMs / budgetMs)));
        line = `${text} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
      } else if (text.length > width) {
        line = text.slice(0, width);
      }
      stream.write(`\r${line}\x1b[K`); // ESC[K clears what a longer previous line left
      shown = true;
    },
    finish() {
      if (shown) stream.write('\n');
    },
  };
}

function logLines({ stream, label, intervalMs = 1000 }: ProgressOptions): Progress {
  let lastLoggedAt = -Infinity;
  let pending: StepRecord | undefined;
  const log = (s: StepRecord) => {
    stream.write(`${[...fields(label, s), `time ${formatSeconds(s.timeMs)}`].join('  ')}\n`);
    lastLoggedAt = s.timeMs;
    pending = undefined;
  };
  return {
    update(step) {
      if (step.timeMs - lastLoggedAt >= intervalMs) log(step);
      else pending = step;
    },
    finish() {
      if (pending) log(pending);
    },
  };
}
