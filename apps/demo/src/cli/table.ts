// The end-of-run summary: one row per optimizer, plain text, aligned.
import { formatLoss, formatSeconds } from '../format.js';
import type { RunMetrics } from '../report/metrics.js';

/**
 * Columns: optimizer, steps, time, final train and test loss, and the time to
 * first reach each loss level (training loss; "-" if never reached).
 */
export function formatSummaryTable(runs: readonly RunMetrics[], levels: readonly number[]): string {
  const header = ['optimizer', 'steps', 'time', 'train loss', 'test loss', ...levels.map((l) => `to ${formatLoss(l)}`)];
  const rows = runs.map((r) => [
    r.interrupted ? `${r.optimizer} (interrupted)` : r.optimizer,
    String(r.final.steps),
    formatSeconds(r.final.timeMs),
    formatLoss(r.final.trainLoss),
    formatLoss(r.final.testLoss),
    ...levels.map((l) => formatSeconds(r.timeToReach[String(l)])),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  // First column left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const note = levels.length > 0 ? '"to L": time until the training loss first reached L\n' : '';
  return `${[line(header), rule, ...rows.map(line)].join('\n')}\n${note}`;
}
