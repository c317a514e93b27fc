import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReport, writeReport } from '../src/report/html.js';
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
    // One solid (train) and one dashed (test) line per optimizer.
    expect(html.match(/<polyline/g)).toHaveLength(4);
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
    expect(html).toContain(`<tr><th>HF</th>${cells.join('')}</tr>`);
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

  it('draws an empty chart when there are no steps', () => {
    const empty = { ...metrics, runs: [runMetrics('hf', 'autoencoder', [], { trainLoss: 1 }, [])] };
    expect(renderReport({ metrics: empty })).toContain('no data');
  });
});
