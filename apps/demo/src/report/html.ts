// report.html: a self-contained page (inline CSS and SVG, images as data URIs,
// no scripts, no links out) with the loss curves, the final numbers and, for
// the autoencoder, original versus reconstructed digits.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLoss, formatSeconds } from '../format.js';
import { OPTIMIZER_LABELS, TASK_SPECS, type OptimizerName } from '../tasks.js';
import { lossChart, type ChartSeries } from './chart.js';
import { digitGridPng } from './digit-grid.js';
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
.muted { color: #666; }`;

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
    `<h1>Hessian-free vs Adam: ${escapeHtml(m.task)}</h1>`,
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
    `<title>${escapeHtml(`hessian-free demo: ${m.task}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter((part) => part !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
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
    return `<tr><th>${escapeHtml(OPTIMIZER_LABELS[run.optimizer])}</th>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`;
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

/** Write report.html into `dir`; returns its path. */
export async function writeReport(dir: string, input: ReportInput): Promise<string> {
  const path = join(dir, 'report.html');
  await writeFile(path, renderReport(input));
  return path;
}
