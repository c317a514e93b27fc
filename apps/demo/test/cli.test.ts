import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import type { MetricsFile } from '../src/report/metrics.js';
import type { Trainer } from '../src/train.js';
import { memoryStream, quadraticTrainer, tempDir } from './helpers.js';

describe('the command line with a fake trainer', () => {
  it('runs both optimizers on the autoencoder: progress, table, metrics.json and report.html, and says where', async () => {
    const cwd = tempDir();
    const hf = quadraticTrainer(10);
    const adam = quadraticTrainer(20);
    const stdout = memoryStream();
    const stderr = memoryStream();
    const code = await runCli(['--budget', '1', '--train', '200', '--test', '50', '--out', 'run'], { trainers: { hf, adam }, stdout, stderr, cwd });
    expect(stderr.text()).toBe('');
    expect(code).toBe(0);
    expect([hf.calls, adam.calls]).toEqual([1, 1]);

    const out = stdout.text();
    expect(out).toContain('demo: autoencoder with hf, adam, 1 s each, seed 1\n');
    expect(out).toContain('MNIST: 200 training / 50 test digits');
    // Not a TTY: plain, throttled progress lines (100 hf steps of 10 ms, 50 adam steps of 20 ms).
    expect(out).toContain('hf  step 1  loss ');
    expect(out).toContain('hf  step 100  loss ');
    expect(out).toContain('adam  step 50  loss ');
    expect(out).not.toContain('hf  step 2  ');
    expect(out).not.toContain('\r');
    expect(out).toMatch(/optimizer +steps +time +train loss +test loss +to 40\.00 +to 20\.00 +to 10\.00\n/);
    expect(out).toMatch(/\nhf +100 +1\.0s /);
    expect(out).toMatch(/\nadam +50 +1\.0s /);
    const dir = join(cwd, 'run');
    expect(out).toContain(`Wrote ${join(dir, 'report.html')}\nWrote ${join(dir, 'metrics.json')}\n`);

    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'report.html']); // the write probe is gone
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(metrics).toMatchObject({ task: 'autoencoder', seed: 1, budgetSeconds: 1, train: 200, test: 50, lossLevels: [40, 20, 10] });
    expect(metrics.runs.map((r) => [r.optimizer, r.steps.length, r.final.steps, r.final.timeMs])).toEqual([
      ['hf', 100, 100, 1000],
      ['adam', 50, 50, 1000],
    ]);
    // The quadratic's loss is 1.70 after the first step (10 ms), below every level.
    expect(metrics.runs[0].timeToReach).toEqual({ '40': 10, '20': 10, '10': 10 });

    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('<img class="digits" src="data:image/png;base64,');
    expect(html).toContain('original, HF reconstruction, Adam reconstruction');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  });

  it('shows a live \\r line on a TTY', async () => {
    const cwd = tempDir();
    const stdout = memoryStream({ isTTY: true, columns: 100 });
    const code = await runCli(['--task', 'rnn-addition', '--optimizers', 'hf', '--budget', '0.05', '--train', '20', '--test', '10'], {
      trainers: { hf: quadraticTrainer(10) },
      stdout,
      stderr: memoryStream(),
      cwd,
    });
    expect(code).toBe(0);
    expect(stdout.text()).toContain('addition problem: 20 training / 10 test sequences of length 30\n');
    expect(stdout.text()).toContain('\rhf  step 5  loss ');
    expect(existsSync(join(cwd, 'demo-output', 'report.html'))).toBe(true);
    const html = readFileSync(join(cwd, 'demo-output', 'report.html'), 'utf8');
    expect(html).not.toContain('<img'); // digits only for the autoencoder
  });

  it('passes the same data, the budget, the seed and the preview size to every trainer', async () => {
    const seen: Parameters<Trainer>[] = [];
    const spy: Trainer = async (...args) => {
      seen.push(args);
      args[3]({ step: 1, timeMs: 5, trainLoss: 1 });
      return { trainLoss: 1 };
    };
    const code = await runCli(['--task', 'classifier', '--budget', '2', '--seed', '9', '--train', '30', '--test', '10'], {
      trainers: { hf: spy, adam: spy },
      stdout: memoryStream(),
      stderr: memoryStream(),
      cwd: tempDir(),
    });
    expect(code).toBe(0);
    expect(seen).toHaveLength(2);
    expect(seen[0][0]).toBe('classifier');
    expect(seen[0][1]).toBe(seen[1][1]);
    expect(seen[0][2]).toEqual({ budgetMs: 2000, seed: 9, previewCount: 0 });
  });

  it('reports a failing trainer on one line with exit code 1', async () => {
    const stderr = memoryStream();
    const broken: Trainer = async () => {
      throw new Error('CG diverged\nwith details');
    };
    const code = await runCli(['--task', 'rnn-addition', '--train', '5', '--test', '5', '--budget', '1'], {
      trainers: { hf: broken, adam: quadraticTrainer() },
      stdout: memoryStream(),
      stderr,
      cwd: tempDir(),
    });
    expect(code).toBe(1);
    expect(stderr.text()).toBe('demo: error: hf training failed: CG diverged\n');
  });

  it('says so, before training, when an optimizer has no trainer in this build', async () => {
    const adam = quadraticTrainer();
    const stderr = memoryStream();
    const code = await runCli(['--budget', '1'], { trainers: { adam }, stdout: memoryStream(), stderr, cwd: tempDir() });
    expect(code).toBe(1);
    expect(stderr.text()).toBe('demo: error: no trainer for optimizer "hf" in this build (the training loop is not wired in yet)\n');
    expect(adam.calls).toBe(0);
  });

  it('prints the help on stdout with exit code 0', async () => {
    const stdout = memoryStream();
    expect(await runCli(['--help'], { trainers: {}, stdout, stderr: memoryStream(), cwd: tempDir() })).toBe(0);
    expect(stdout.text()).toMatch(/^Usage: demo \[options\]/);
  });
});
