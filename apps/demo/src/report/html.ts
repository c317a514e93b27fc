// report.html: a self-contained page (inline CSS and SVG, images as data URIs,
// no scripts, no links out) with the loss curves, the final numbers and, for
// the autoencoder, original versus reconstructed digits.
import { join } from 'node:path';
import { formatLoss, formatSeconds } from '../format.js';
import { OPTIMIZER_LABELS, TASK_SPECS, type OptimizerName } from '../tasks.js';
import { lossChart, type ChartSeries } from './chart.js';
import { digitGridPng } from './digit-grid.js';
import { writeFileAtomically } from './atomic-write.js';
import { escapeHtml } from './escape.js';
import type { MetricsFile } from './metrics.js';
import { pngDataUri } from './png.js';

const COLORS: Readonly<Record<OptimizerName, string>> = { hf: '#d62728', adam: '#1f77b4' };

/** Original test digits and, per optimizer, their reconstructions, each [count, 784]. */
export interface DigitPreview {
  readonly count: number;
  readonly originals: Float32Array;
  readonly reconstructions: readonly { readonly optimizer: OptimizerName; readonly images: Float32Array }[];
}

/** What the report shows: the run's metrics and, for the autoencoder, the digit previews. */
export interface ReportInput {
  readonly metrics: MetricsFile;
  readonly preview?: DigitPreview;
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; } th, td { padding: .25rem .75rem; border-bottom: 1px solid #ddd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { max-width: 100%; height: auto; font-size: 12px; }
.chart .plot-area { fill: none; stroke: #888; } .chart .grid { stroke: #e4e4e4; } .chart .chart-title { font-size: 14px; }
img.digits { image-rendering: pixelated; }
.muted { color: #666; }
.interrupted { border-left: 4px solid #d62728; padding: .5rem .75rem; background: #fdf0f0; }`;

/** The page as a string. */
export function renderReport(input: ReportInput): string {
  const m = input.metrics;
  const spec = TASK_SPECS[m.task];
  const series: ChartSeries[] = m.runs.flatMap((run) => {
    const train: ChartSeries = {
      label: `${OPTIMIZER_LABELS[run.optimizer]} train`,
      color: COLORS[run.optimizer],
      points: run.steps.map((s) => [s.timeMs, s.trainLoss] as const),
    };
    const tested = run.steps.filter((s) => s.testLoss !== undefined);
    if (tested.length === 0) return [train];
    const test: ChartSeries = {
      label: `${OPTIMIZER_LABELS[run.optimizer]} test`,
      color: COLORS[run.optimizer],
      dashed: true,
      points: tested.map((s) => [s.timeMs, s.testLoss as number] as const),
    };
    return [train, test];
  });
  const body = [
    `<h1>Hessian-free vs Adam: ${escapeHtml(m.task)}${m.interrupted ? ' (interrupted)' : ''}</h1>`,
    m.interrupted ? interruptedNotice(m) : '',
    `<p>${escapeHtml(spec.summary)}. ${m.train} training and ${m.test} test examples, seed ${m.seed}, ` +
      `${m.budgetSeconds} s of wall-clock time per optimizer. Loss: ${escapeHtml(m.loss)}.</p>`,
    '<h2>Loss versus time</h2>',
    lossChart(series, { title: `${m.task}: loss versus wall-clock time` }),
    '<h2>Final numbers</h2>',
    finalTable(m),
    input.preview ? digitSection(input.preview) : '',
    `<p class="muted">Written ${escapeHtml(m.createdAt)}. The same numbers are in metrics.json.</p>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`hessian-free demo: ${m.task}${m.interrupted ? ' (interrupted)' : ''}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter((part) => part !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** What an interrupted run did and did not do. */
function interruptedNotice(m: MetricsFile): string {
  const done = m.runs.map((run) => {
    const label = OPTIMIZER_LABELS[run.optimizer];
    return run.interrupted
      ? `${label} stopped after ${formatSeconds(run.final.timeMs)} of training (${run.final.steps} steps)`
      : `${label} ran its whole budget`;
  });
  const notRun = m.notRun.map((o) => `${OPTIMIZER_LABELS[o]} was not run`);
  const what = [...done, ...notRun].join('; ');
  return `<p class="interrupted"><strong>Interrupted</strong> (Ctrl-C) before the end of the run: ${escapeHtml(what)}. The numbers below are those of what was done.</p>`;
}

function finalTable(m: MetricsFile): string {
  const levelHeads = m.lossLevels.map((l) => `<th>time to loss &le; ${escapeHtml(formatLoss(l))}</th>`).join('');
  const rows = m.runs.map((run) => {
    const cells = [
      formatLoss(run.final.trainLoss),
      formatLoss(run.final.testLoss),
      String(run.final.steps),
      formatSeconds(run.final.timeMs),
      ...m.lossLevels.map((l) => formatSeconds(run.timeToReach[String(l)])),
    ];
    const name = `${OPTIMIZER_LABELS[run.optimizer]}${run.interrupted ? ' (interrupted)' : ''}`;
    return `<tr><th>${escapeHtml(name)}</th>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return [
    '<table>',
    `<thead><tr><th>optimizer</th><th>final train loss</th><th>final test loss</th><th>steps</th><th>time</th>${levelHeads}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
  ].join('\n');
}

function digitSection(preview: DigitPreview): string {
  const rows = [preview.originals, ...preview.reconstructions.map((r) => r.images)];
  const labels = ['original', ...preview.reconstructions.map((r) => `${OPTIMIZER_LABELS[r.optimizer]} reconstruction`)];
  const { png, width, height } = digitGridPng(rows, preview.count);
  const scale = 3;
  return [
    '<h2>Test digits and their reconstructions</h2>',
    `<p>Rows, top to bottom: ${escapeHtml(labels.join(', '))}.</p>`,
    `<img class="digits" src="${pngDataUri(png)}" width="${width * scale}" height="${height * scale}" alt="${escapeHtml(`rows: ${labels.join(', ')}`)}">`,
  ].join('\n');
}

/** The name of the report in the output folder. */
export const REPORT_FILE = 'report.html';

/** Write report.html into `dir` (whole or not at all: see atomic-write.ts); returns its path. */
export async function writeReport(dir: string, input: ReportInput): Promise<string> {
  const path = join(dir, REPORT_FILE);
  await writeFileAtomically(path, renderReport(input));
  return path;
}
