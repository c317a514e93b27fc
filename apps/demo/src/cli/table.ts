// The end-of-run summary: one row per optimizer, plain text, aligned, and a
// note on what the numbers measure (the whole sets; the progress lines and
// the charts measure fixed subsets).
import { formatLoss, formatScore, formatSeconds, shortScoreName } from '../format.js';
import type { RunMetrics } from '../report/metrics.js';

/** What the table's note says of the sets and the task's score. */
export interface SummaryTableOptions {
  /** The task's score ('error rate', 'mean absolute error'): a column of its final value on the whole test set. */
  readonly score?: string;
  /** Examples in the whole training and test sets. */
  readonly train?: number;
  readonly test?: number;
  /** Examples of each set the progress lines and the charts measure (EVALUATION_EXAMPLES). */
  readonly evaluationExamples?: number;
}

/**
 * Columns: optimizer, steps, training time, final train and test loss (and
 * the score) on the whole sets, and the time to first reach each loss level
 * (the training subset's loss; "-" if never reached).
 */
export function formatSummaryTable(runs: readonly RunMetrics[], levels: readonly number[], options: SummaryTableOptions = {}): string {
  const { score } = options;
  const header = [
    'optimizer',
    'steps',
    'time',
    'train loss',
    'test loss',
    ...(score ? [`test ${shortScoreName(score)}`] : []),
    ...levels.map((l) => `to ${formatLoss(l)}`),
  ];
  const rows = runs.map((r) => [
    r.interrupted ? `${r.optimizer} (interrupted)` : r.optimizer,
    String(r.final.steps),
    formatSeconds(r.final.timeMs),
    formatLoss(r.final.trainLoss),
    formatLoss(r.final.testLoss),
    ...(score ? [formatScore(score, r.final.testScore)] : []),
    ...levels.map((l) => formatSeconds(r.timeToReach[String(l)])),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  // First column left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes = ['"time": training time, the clock stopped while losses are measured'];
  const sets =
    options.train !== undefined && options.test !== undefined ? ` (${options.train} training, ${options.test} test examples)` : '';
  const subset = options.evaluationExamples !== undefined ? `the first ${options.evaluationExamples} examples of each set` : 'subsets';
  notes.push(`losses${score ? ` and ${score}` : ''} of the final parameters over the whole sets${sets}; the lines above measure ${subset}`);
  if (levels.length > 0) notes.push('"to L": training time until the loss on the training subset first reached L');
  return `${[line(header), rule, ...rows.map(line)].join('\n')}\n${notes.join('\n')}\n`;
}
