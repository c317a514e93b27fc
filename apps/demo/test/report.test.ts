import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineChart } from '../src/report/chart.js';
import { whatTheRunShows } from '../src/report/claims.js';
import { TASKS } from '../src/tasks.js';
import { OPTIMIZER_COLORS } from '../src/report/colors.js';
import { renderReport, TEXT_COLUMN_PX, writeReport } from '../src/report/html.js';
import { runMetrics, type MetricsFile, type StepRecord } from '../src/report/metrics.js';
import { tempDir } from './helpers.js';

const steps = (scale: number): StepRecord[] =>
  Array.from({ length: 20 }, (_, i) => ({ step: i + 1, timeMs: 500 * (i + 1), trainLoss: scale * 50 * 0.8 ** i, testLoss: scale * 55 * 0.8 ** i }));

const metrics: MetricsFile = {
  task: 'autoencoder',
  seed: 1,
  budgetSeconds: 10,
  train: 100,
  test: 20,
  loss: 'squared error <summed> & "averaged"',
  lossLevels: [40, 20, 10],
  createdAt: '2025-01-01T00:00:00.000Z',
  interrupted: false,
  notRun: [],
  runs: [
    runMetrics('hf', 'autoencoder', steps(1), { trainLoss: 0.6, testLoss: 0.7 }, [40, 20, 10]),
    runMetrics('adam', 'autoencoder', steps(2), { trainLoss: 1.2, testLoss: 1.4 }, [40, 20, 10]),
  ],
};

describe('report.html', () => {
  it('is self-contained: no scripts, no links or sources out, an inline SVG chart', () => {
    const html = renderReport({ metrics });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    // Loss against time and against steps: one solid (train) and one dashed (test) line per optimizer each.
    expect(html.match(/<polyline/g)).toHaveLength(8);
    expect(html).toContain('HF train');
    expect(html).toContain('Adam test');
  });

  it('escapes text', () => {
    const html = renderReport({ metrics });
    expect(html).toContain('squared error &lt;summed&gt; &amp; &quot;averaged&quot;');
    expect(html).not.toContain('<summed>');
  });

  it('has the final numbers and times to reach the loss levels', () => {
    const html = renderReport({ metrics });
    // HF's loss at step i + 1 (time 0.5 (i + 1) s) is 50 * 0.8^i: <= 40 from i = 1 (1.0 s),
    // <= 20 from i = 5 (16.4; 3.0 s), <= 10 from i = 8 (8.39; 4.5 s).
    const cells = ['0.6000', '0.7000', '20', '10.0s', '1.0s', '3.0s', '4.5s'].map((c) => `<td class="num">${c}</td>`);
    expect(html).toContain(`HF</th>${cells.join('')}</tr>`);
    expect(html).toContain('over the whole sets (100 training, 20 test examples)');
  });

  it('shows originals and reconstructions as an embedded PNG for the autoencoder', async () => {
    const originals = new Float32Array(3 * 784).fill(0.5);
    const preview = { count: 3, originals, reconstructions: [{ optimizer: 'hf' as const, images: originals }] };
    const dir = tempDir();
    const path = await writeReport(dir, { metrics, preview });
    const html = readFileSync(path, 'utf8');
    expect(html).toMatch(/<img class="digits" src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(html).toContain('Rows, top to bottom: original, HF reconstruction.');
    expect(renderReport({ metrics })).not.toContain('<img');
  });

  it('keeps the digit grid within the text column', () => {
    const count = 12; // the autoencoder's preview: 12 x 30 + 2 = 362 image pixels wide
    const originals = new Float32Array(count * 784).fill(0.5);
    const preview = { count, originals, reconstructions: [{ optimizer: 'hf' as const, images: originals }, { optimizer: 'adam' as const, images: originals }] };
    const html = renderReport({ metrics, preview });
    const width = Number(/<img class="digits"[^>]* width="(\d+)"/.exec(html)?.[1]);
    expect(width).toBeGreaterThanOrEqual(362);
    expect(width).toBeLessThanOrEqual(TEXT_COLUMN_PX);
    expect(html).toMatch(/img\.digits \{[^}]*max-width: 100%/); // and narrower screens scale it down
  });

  it('says what the run demonstrates, at the top', () => {
    const html = renderReport({ metrics: { ...metrics, demonstrates: 'This run shows <something> honest.' } });
    expect(html.indexOf('class="claim"')).toBeLessThan(html.indexOf('<svg'));
    expect(html).toContain('This run shows &lt;something&gt; honest.');
  });

  it('has one sentence for every task, saying what its run demonstrates, at the length it runs', () => {
    for (const task of TASKS) {
      const claim = whatTheRunShows(task);
      expect(claim, task).toMatch(/^This run [^]*\.\)?$/);
      expect(claim.split(/\. /), `${task}: one sentence`).toHaveLength(1);
    }
    expect(whatTheRunShows('autoencoder')).toContain('Adam ahead of HF');
    expect(whatTheRunShows('rnn-addition', { length: 50 })).toContain('addition problem at T = 50');
    expect(whatTheRunShows('rnn-addition', { length: 30 })).toBe(whatTheRunShows('rnn-addition'));
    expect(whatTheRunShows('rnn-xor', { length: 100 })).toContain('xor problem at T = 100');
  });

  it('starts both curves from the step-0 point, against time and against steps', () => {
    const start = { step: 0, timeMs: 0, trainLoss: 100, testLoss: 110 };
    const withStart = {
      ...metrics,
      runs: [
        runMetrics('hf', 'autoencoder', [start, ...steps(1)], { trainLoss: 0.6 }, [40]),
        runMetrics('adam', 'autoencoder', [start, ...steps(2)], { trainLoss: 1.2 }, [40]),
      ],
    };
    const html = renderReport({ metrics: withStart });
    const firstPoints = [...html.matchAll(/<polyline[^>]* points="([\d.]+,[\d.]+) /g)].map((m) => m[1]);
    expect(firstPoints).toHaveLength(8);
    // Each chart's HF and Adam train lines begin at the same pixel.
    expect(firstPoints[0]).toBe(firstPoints[2]); // time chart
    expect(firstPoints[4]).toBe(firstPoints[6]); // steps chart
    expect(html).toContain('<text x="64" y="332" text-anchor="middle">0</text>'); // step 0 has its tick on the steps axis
  });

  it('uses the same colours as the page (report/colors.ts) for HF and Adam', () => {
    const html = renderReport({ metrics });
    expect(html).toContain(`stroke="${OPTIMIZER_COLORS.hf}"`);
    expect(html).toContain(`stroke="${OPTIMIZER_COLORS.adam}"`);
  });

  it('shows the score, HF\'s lambda and CG iterations per step, and the settings', () => {
    const scored = (scale: number): StepRecord[] => steps(scale).map((s, i) => ({ ...s, testScore: 0.5 / (i + 1), lambda: 2 ** -i, cgIterations: 3 + i }));
    const full: MetricsFile = {
      ...metrics,
      score: 'error rate',
      evaluation: { examples: 1000, share: 0.1 },
      environment: { backend: 'wasm (SIMD)', versions: { node: 'v20.0.0', 'TensorFlow.js': '4.22.0' }, cores: 2 },
      runs: [
        runMetrics('hf', 'autoencoder', scored(1), { trainLoss: 0.6, testLoss: 0.7, testScore: 0.0325 }, [40], {
          settings: { gradientBatchSize: 500, maxCgIterations: 30, structuralDampingMu: 1 / 30, workers: 2 },
          perStep: { lambda: [1, 0.5, 0.25], cgIterations: [30, 12, 7], stepMs: [1000, 900, 800] },
        }),
        runMetrics('adam', 'autoencoder', steps(2), { trainLoss: 1.2, testLoss: 1.4, testScore: 0.05 }, [40], {
          settings: { learningRate: 0.001, batchSize: 100, workers: 2 },
        }),
      ],
    };
    const html = renderReport({ metrics: full });
    expect(html).toContain('Test error rate against training time');
    expect(html).toContain('<th>final test error rate</th>');
    expect(html).toContain('<td class="num">3.25%</td>');
    expect(html).toContain('HF: damping and CG iterations per step');
    expect(html).toContain('at most 30');
    // Every step's CG iterations (perStep, 3 steps), as dots, and the cap as a dashed line.
    expect(html).toContain('CG iterations per step');
    expect(html).toContain('cap (30)');
    expect(html).toContain('gradientBatchSize 500, maxCgIterations 30, structuralDampingMu 0.03333, workers 2');
    expect(html).toContain('learningRate 0.001, batchSize 100, workers 2');
    expect(html).toContain('node v20.0.0, TensorFlow.js 4.22.0');
    expect(html).toContain('the first 1000 training and test examples, at most 10% of the training time');
  });

  it('draws a series of a single point as a dot, and integer ticks on a step axis', () => {
    const svg = lineChart([{ label: 'HF train', color: '#0072b2', points: [[1, 5]] }], {
      title: 't',
      x: { label: 'HF step', scale: 'linear', integer: true },
      y: { label: 'loss', scale: 'log' },
    });
    expect(svg).toContain('<circle');
    expect(svg).not.toContain('<polyline');
    const xTicks = [...svg.matchAll(/<text x="[\d.]+" y="332" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(xTicks.length).toBeGreaterThan(0);
    expect(xTicks.every(Number.isInteger)).toBe(true);
    for (const max of [3, 7, 1000]) {
      const points = Array.from({ length: max + 1 }, (_, i) => [i, 1 + i] as const);
      for (const scale of ['linear', 'asinh'] as const) {
        const chart = lineChart([{ label: 's', color: '#000', points }], { title: 't', x: { label: 'step', scale, integer: true }, y: { label: 'l', scale: 'log' } });
        const ticks = [...chart.matchAll(/<text x="[\d.]+" y="332" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => Number(m[1]));
        expect(ticks.length, `${scale} axis to ${max}`).toBeGreaterThan(1);
        expect(ticks.every((t) => Number.isInteger(t) && t >= 0 && t <= max), `${scale} axis to ${max}: ${ticks}`).toBe(true);
      }
    }
  });

  it('draws an empty chart when there are no steps', () => {
    const empty = { ...metrics, runs: [runMetrics('hf', 'autoencoder', [], { trainLoss: 1 }, [])] };
    expect(renderReport({ metrics: empty })).toContain('no data');
  });
});
