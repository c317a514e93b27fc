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

  it('on a TTY keeps the log lines and shows a live status line below them, fitting the terminal', () => {
    for (const columns of [120, 60, 30]) {
      const stream = memoryStream({ isTTY: true, columns });
      let clock = 0;
      const progress = createProgress({ stream, label: 'hf', budgetMs: 4400, now: () => clock });
      steps.forEach((s) => {
        clock += 1000;
        progress.update(s);
      });
      progress.finish();
      // Rebuild what the terminal shows: \r returns to the line's start, ESC[K clears it, \n moves on.
      const screen: string[] = [''];
      for (const piece of stream.text().split(/(\r|\x1b\[K|\n)/)) {
        if (piece === '\r' || piece === '\x1b[K') screen[screen.length - 1] = piece === '\x1b[K' ? screen.at(-1)! : '';
        else if (piece === '\n') screen.push('');
        else screen[screen.length - 1] += piece;
      }
      // The same throttled lines as without a TTY, one per line, and no status line left at the end.
      expect(screen).toEqual([
        'hf  step 1  loss 10.00  lambda 5.0e-1  cg 10  time 0.0s',
        'hf  step 4  loss 2.500  lambda 5.0e-1  cg 13  time 1.0s',
        'hf  step 6  loss 1.667  lambda 5.0e-1  cg 15  time 2.1s',
        'hf  step 7  loss 1.429  lambda 5.0e-1  cg 16  time 2.2s',
        '',
      ]);
      // A status line after every record, fitting the terminal.
      const statuses = stream.chunks.filter((c) => /^\r[^\r\n]+\x1b\[K$/.test(c));
      expect(statuses).toHaveLength(steps.length);
      for (const status of statuses) expect(status.length - 1 - 3).toBeLessThanOrEqual(columns - 1); // without \r and ESC[K
      if (columns === 120) {
        expect(statuses.at(-1)).toBe(`\rhf  step 7  loss 1.429  2.2s/4.4s [${'#'.repeat(15)}${'-'.repeat(15)}]\x1b[K`);
      }
    }
  });

  it('on a TTY redraws the status line after unrecorded steps, at most once per redraw interval', () => {
    const stream = memoryStream({ isTTY: true, columns: 80 });
    let clock = 0;
    const progress = createProgress({ stream, label: 'adam', budgetMs: 1000, now: () => clock, redrawMs: 100 });
    progress.update({ step: 0, timeMs: 0, trainLoss: 2 });
    for (let step = 1; step <= 50; step++) {
      clock += 10; // 10 ms of real time per step: 5 redraws in 500 ms
      progress.progress({ step, timeMs: step * 20, stepMs: 20 });
    }
    const statuses = stream.chunks.filter((c) => c.startsWith('\r') && c.endsWith('\x1b[K') && c.length > 4);
    expect(statuses).toHaveLength(1 + 5);
    expect(statuses.at(-1)).toContain('adam  step 50  loss 2.000  1.0s/1.0s');
    progress.finish();
    expect(stream.text().endsWith('\r\x1b[K')).toBe(true); // the status line is cleared, the log stays
  });

  it('on a TTY writes nothing at the end when there were no steps', () => {
    const stream = memoryStream({ isTTY: true, columns: 80 });
    createProgress({ stream, label: 'hf', budgetMs: 1000 }).finish();
    expect(stream.text()).toBe('');
  });
});
