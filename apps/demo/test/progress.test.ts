import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/cli/progress.js';
import type { StepRecord } from '../src/report/metrics.js';
import { memoryStream } from './helpers.js';

const steps: StepRecord[] = [0, 300, 900, 1000, 1500, 2100, 2200].map((timeMs, i) => ({
  step: i + 1,
  timeMs,
  trainLoss: 10 / (i + 1),
  lambda: 0.5,
  cgIterations: 10 + i,
}));

describe('progress', () => {
  it('without a TTY writes plain lines, at most one per second of run time, plus the last', () => {
    const stream = memoryStream();
    const progress = createProgress({ stream, label: 'hf', budgetMs: 5000 });
    steps.forEach((s) => progress.update(s));
    progress.finish();
    const lines = stream.text().split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1)).toEqual([
      'hf  step 1  loss 10.00  lambda 5.0e-1  cg 10  time 0.0s',
      'hf  step 4  loss 2.500  lambda 5.0e-1  cg 13  time 1.0s',
      'hf  step 6  loss 1.667  lambda 5.0e-1  cg 15  time 2.1s',
      'hf  step 7  loss 1.429  lambda 5.0e-1  cg 16  time 2.2s',
    ]);
    expect(stream.text()).not.toContain('\r');
  });

  it('does not repeat the last line when it was already logged', () => {
    const stream = memoryStream();
    const progress = createProgress({ stream, label: 'adam', budgetMs: 5000, intervalMs: 0 });
    // Adam reports no damping and no CG iterations: those fields are left out.
    steps.slice(0, 2).forEach(({ step, timeMs, trainLoss }) => progress.update({ step, timeMs, trainLoss }));
    progress.finish();
    expect(stream.text().split('\n')).toHaveLength(3);
    expect(stream.text()).not.toContain('lambda');
    expect(stream.text()).toContain('adam  step 2  loss 5.000');
  });

  it('on a TTY rewrites one line with \\r, with a budget bar, fitting the terminal', () => {
    for (const columns of [120, 60, 30]) {
      const stream = memoryStream({ isTTY: true, columns });
      const progress = createProgress({ stream, label: 'hf', budgetMs: 4400 });
      steps.forEach((s) => progress.update(s));
      progress.finish();
      expect(stream.chunks).toHaveLength(steps.length + 1);
      expect(stream.chunks.at(-1)).toBe('\n');
      for (const chunk of stream.chunks.slice(0, -1)) {
        expect(chunk).toMatch(/^\r[^\r\n]*\x1b\[K$/);
        expect(chunk.length - 1 - 3).toBeLessThanOrEqual(columns - 1); // without \r and ESC[K
      }
      const last = stream.chunks.at(-2)!;
      if (columns === 120) {
        expect(last).toBe(`\rhf  step 7  loss 1.429  lambda 5.0e-1  cg 16  2.2s/4.4s [${'#'.repeat(15)}${'-'.repeat(15)}]\x1b[K`);
      }
    }
  });

  it('on a TTY writes nothing at the end when there were no steps', () => {
    const stream = memoryStream({ isTTY: true, columns: 80 });
    createProgress({ stream, label: 'hf', budgetMs: 1000 }).finish();
    expect(stream.text()).toBe('');
  });
});
