// report.html: a self-contained page (inline CSS and SVG, images as data URIs,
// no scripts, no links out): what the run demonstrates, the loss against
// training time and against steps from the same starting point, the task's
// score, HF's lambda and CG iterations per step, the final numbers, the
// run's settings and, for the autoencoder, original versus reconstructed
// digits.
import { join } from 'node:path';
import { formatLoss, formatScore, formatSeconds } from '../format.js';
import { OPTIMIZER_LABELS, TASK_SPECS, type OptimizerName } from '../tasks.js';
import { lineChart, lossChart, type ChartSeries } from './chart.js';
import { CG_COLOR, LAMBDA_COLOR, OPTIMIZER_COLORS } from './colors.js';
import { digitGridPng } from './digit-grid.js';
import { writeFileAtomically } from './atomic-write.js';
import { escapeHtml } from './escape.js';
import type { MetricsFile, RunMetrics, StepRecord } from './metrics.js';
import { pngDataUri } from './png.js';

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

/** The text column's width in CSS pixels (60rem less 1rem of padding each side, at 16 px): the digit grid fits in it. */
export const TEXT_COLUMN_PX = 928;

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .75rem; border-bottom: 1px solid #ddd; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { max-width: 100%; height: auto; font-size: 12px; }
.chart .plot-area { fill: none; stroke: #888; } .chart .grid { stroke: #e4e4e4; } .chart .chart-title { font-size: 14px; }
.pair { display: flex; flex-wrap: wrap; gap: 0 1rem; } .pair .chart { flex: 1 1 22rem; }
img.digits { image-rendering: pixelated; max-width: 100%; height: auto; }
.claim { font-size: 1.05rem; border-left: 4px solid #0072b2; padding: .5rem .75rem; background: #f0f6fb; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em; vertical-align: -.05em; }
.muted { color: #666; }
.interrupted { border-left: 4px solid #d55e00; padding: .5rem .75rem; background: #fdf3ec; }`;

/** The page as a string. */
export function renderReport(input: ReportInput): string {
  const m = input.metrics;
  const spec = TASK_SPECS[m.task];
  const subset = m.evaluation
    ? `the first ${m.evaluation.examples.toLocaleString('en-US')} training and test examples`
    : 'the training and test examples the trainer measured';
  const body = [
    `<h1>Hessian-free vs Adam: ${escapeHtml(m.task)}${m.interrupted ? ' (interrupted)' : ''}</h1>`,
    m.demonstrates ? `<p class="claim">${escapeHtml(m.demonstrates)}</p>` : '',
    m.interrupted ? interruptedNotice(m) : '',
    `<p>${escapeHtml(spec.summary)}. ${m.train} training and ${m.test} test examples, seed ${m.seed}, ` +
      `${m.budgetSeconds} s of training time per optimizer, one optimizer after the other: the clock runs only while an ` +
      `optimizer steps (the workers' start and the measurement of the losses are outside it). Loss: ${escapeHtml(m.loss)}.</p>`,
    `<p class="muted">The curves are measured on ${escapeHtml(subset)}, outside the clock; step 0 is the starting ` +
      'point, the same for both optimizers. The final numbers below are over the whole sets.</p>',
    '<h2>Loss against training time</h2>',
    lossChart(lossSeries(m.runs, (s) => s.timeMs), { title: `${m.task}: loss against training time` }),
    '<h2>Loss against steps</h2>',
    lineChart(lossSeries(m.runs, (s) => s.step), {
      title: `${m.task}: loss against steps`,
      x: { label: 'steps (log scale above 1; step 0 is the start)', scale: 'asinh', integer: true },
      y: { label: 'loss (log scale)', scale: 'log' },
    }),
    m.score ? scoreSection(m, m.score) : '',
    hfSection(m),
    '<h2>Final numbers</h2>',
    finalTable(m),
    settingsSection(m),
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

/** Each run's train (solid) and test (dashed) loss against `x` of its records. */
function lossSeries(runs: readonly RunMetrics[], x: (s: StepRecord) => number): ChartSeries[] {
  return runs.flatMap((run) => {
    const label = OPTIMIZER_LABELS[run.optimizer];
    const color = OPTIMIZER_COLORS[run.optimizer];
    const train: ChartSeries = { label: `${label} train`, color, points: run.steps.map((s) => [x(s), s.trainLoss] as const) };
    const tested = run.steps.filter((s) => s.testLoss !== undefined);
    if (tested.length === 0) return [train];
    return [train, { label: `${label} test`, color, dashed: true, points: tested.map((s) => [x(s), s.testLoss as number] as const) }];
  });
}

/** The score (error rate, mean absolute error) on the test examples against training time. */
function scoreSection(m: MetricsFile, score: string): string {
  const series: ChartSeries[] = m.runs.map((run) => ({
    label: `${OPTIMIZER_LABELS[run.optimizer]} test`,
    color: OPTIMIZER_COLORS[run.optimizer],
    points: run.steps.filter((s) => s.testScore !== undefined).map((s) => [s.timeMs / 1000, s.testScore as number] as const),
  }));
  const rate = score === 'error rate';
  return [
    `<h2>Test ${escapeHtml(score)} against training time</h2>`,
    lineChart(series, {
      title: `${m.task}: test ${score} against training time`,
      x: { label: 'training time (s)', scale: 'linear' },
      y: { label: rate ? `${score} (fraction)` : `${score} (log scale)`, scale: rate ? 'linear' : 'log' },
    }),
  ].join('\n');
}

/** HF's damping lambda and CG iterations per step, from every step when the run kept them, else from its records. */
function hfSection(m: MetricsFile): string {
  const run = m.runs.find((r) => r.optimizer === 'hf');
  if (!run) return '';
  let lambda: (readonly [number, number])[];
  let cg: (readonly [number, number])[];
  if (run.perStep) {
    lambda = run.perStep.lambda.map((v, i) => [i + 1, v] as const);
    cg = run.perStep.cgIterations.map((v, i) => [i + 1, v] as const);
  } else {
    lambda = run.steps.filter((s) => s.lambda !== undefined).map((s) => [s.step, s.lambda as number] as const);
    cg = run.steps.filter((s) => s.cgIterations !== undefined).map((s) => [s.step, s.cgIterations as number] as const);
  }
  if (lambda.length === 0 && cg.length === 0) return '';
  const cap = run.settings?.maxCgIterations;
  const capSeries: ChartSeries[] =
    typeof cap === 'number' && cg.length > 0
      ? [{ label: `cap (${cap})`, color: '#888888', dashed: true, points: [[Math.min(...cg.map(([s]) => s)), cap], [Math.max(...cg.map(([s]) => s)), cap]] }]
      : [];
  const stepAxis = { label: 'HF step', scale: 'linear', integer: true } as const;
  return [
    '<h2>HF: damping and CG iterations per step</h2>',
    `<p class="muted">lambda after each step (Levenberg-Marquardt) and the CG iterations each step ran${typeof cap === 'number' ? `, at most ${cap}` : ''}.</p>`,
    '<div class="pair">',
    lineChart([{ label: 'lambda', color: LAMBDA_COLOR, markers: lambda.length <= 60, points: lambda }], {
      title: 'HF: damping lambda',
      x: stepAxis,
      y: { label: 'lambda (log scale)', scale: 'log' },
      width: 460,
      height: 300,
    }),
    lineChart([{ label: 'CG iterations', color: CG_COLOR, markers: cg.length <= 60, points: cg }, ...capSeries], {
      title: 'HF: CG iterations per step',
      x: stepAxis,
      y: { label: 'CG iterations', scale: 'linear', integer: true },
      width: 460,
      height: 300,
    }),
    '</div>',
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
  const scoreHead = m.score ? `<th>final test ${escapeHtml(m.score)}</th>` : '';
  const rows = m.runs.map((run) => {
    const cells = [
      formatLoss(run.final.trainLoss),
      formatLoss(run.final.testLoss),
      ...(m.score ? [formatScore(m.score, run.final.testScore)] : []),
      String(run.final.steps),
      formatSeconds(run.final.timeMs),
      ...m.lossLevels.map((l) => formatSeconds(run.timeToReach[String(l)])),
    ];
    const name = `${OPTIMIZER_LABELS[run.optimizer]}${run.interrupted ? ' (interrupted)' : ''}`;
    return `<tr><th>${swatch(run.optimizer)}${escapeHtml(name)}</th>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return [
    '<table>',
    `<thead><tr><th>optimizer</th><th>final train loss</th><th>final test loss</th>${scoreHead}<th>steps</th><th>training time</th>${levelHeads}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
    `<p class="muted">Final losses${m.score ? ` and ${escapeHtml(m.score)}` : ''} over the whole sets (${m.train} training, ${m.test} test examples); ` +
      'the times to reach a loss are those of the curves (the training subset).</p>',
  ].join('\n');
}

/** The settings each optimizer trained with, and where. */
function settingsSection(m: MetricsFile): string {
  const rows: string[] = [];
  for (const run of m.runs) {
    if (!run.settings) continue;
    const text = Object.entries(run.settings)
      .map(([key, value]) => `${key} ${typeof value === 'number' ? formatSetting(value) : String(value)}`)
      .join(', ');
    rows.push(`<tr><th>${swatch(run.optimizer)}${escapeHtml(OPTIMIZER_LABELS[run.optimizer])}</th><td>${escapeHtml(text)}</td></tr>`);
  }
  const env = m.environment;
  if (env) {
    rows.push(`<tr><th>backend</th><td>${escapeHtml(env.backend)}</td></tr>`);
    const versions = Object.entries(env.versions).map(([name, version]) => `${name} ${version}`).join(', ');
    rows.push(`<tr><th>versions</th><td>${escapeHtml(versions)}</td></tr>`);
    rows.push(`<tr><th>machine</th><td>${env.cores} logical cores</td></tr>`);
  }
  if (m.evaluation) {
    rows.push(
      `<tr><th>evaluation</th><td>the first ${m.evaluation.examples} training and test examples, at most ` +
        `${Math.round(100 * m.evaluation.share)}% of the training time, outside the clock</td></tr>`,
    );
  }
  if (rows.length === 0) return '';
  return ['<h2>Settings</h2>', '<table class="settings">', `<tbody>${rows.join('')}</tbody>`, '</table>'].join('\n');
}

/** A number as a person would write it in a settings line (1/30 as 0.03333, 1e-3 as 0.001). */
function formatSetting(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function swatch(optimizer: OptimizerName): string {
  return `<span class="swatch" style="background:${OPTIMIZER_COLORS[optimizer]}"></span>`;
}

function digitSection(preview: DigitPreview): string {
  const rows = [preview.originals, ...preview.reconstructions.map((r) => r.images)];
  const labels = ['original', ...preview.reconstructions.map((r) => `${OPTIMIZER_LABELS[r.optimizer]} reconstruction`)];
  const { png, width, height } = digitGridPng(rows, preview.count);
  // As large as fits the text column in whole pixels per digit pixel; CSS scales it down on narrow screens.
  const scale = Math.max(1, Math.floor(TEXT_COLUMN_PX / width));
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
