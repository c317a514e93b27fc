import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import type { MetricsFile } from '../src/report/metrics.js';
import { readParameters } from '../src/report/parameters.js';
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
    expect(out).toContain('demo: autoencoder with hf, adam, 1 s of training each, seed 1\n');
    // What the run demonstrates, in one sentence at the top, and how long it takes in all.
    expect(out.split('\n')[1]).toMatch(/^This run shows /);
    expect(out).toMatch(/\ntime: 1 s of training per optimizer, one after the other; .* outside the clock: about \d+ s in all/);
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
    expect(stdout.text()).toContain('addition problem: 20 training / 10 test sequences of length 30 (T) to 33\n');
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
    expect(seen[0][2]).toMatchObject({ budgetMs: 2000, seed: 9, previewCount: 0 });
    expect(Object.keys(seen[0][2]).sort()).toEqual(['budgetMs', 'onProgress', 'onReady', 'previewCount', 'seed', 'workers']);
    expect(seen[0][2].workers).toBeUndefined();
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

  it('writes metrics only to metrics.json: no parameters, no reconstructions', async () => {
    const cwd = tempDir();
    const parameters = Float32Array.from({ length: 5000 }, (_, i) => i / 7);
    const withParameters = (trainer: Trainer): Trainer => async (...args) => ({ ...(await trainer(...args)), parameters, shapes: [[50, 100]] });
    const code = await runCli(['--budget', '1', '--train', '200', '--test', '50', '--out', 'run'], {
      trainers: { hf: withParameters(quadraticTrainer(10)), adam: withParameters(quadraticTrainer(20)) },
      stdout: memoryStream(),
      stderr: memoryStream(),
      cwd,
    });
    expect(code).toBe(0);
    const dir = join(cwd, 'run');
    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'report.html']); // parameters only when asked for
    const text = readFileSync(join(dir, 'metrics.json'), 'utf8');
    expect(text.length).toBeLessThan(100_000); // 150 step records: a few tens of kB
    expect(text).not.toMatch(/parameters|reconstructions|"0":/);
    const metrics = JSON.parse(text) as MetricsFile;
    for (const run of metrics.runs) expect(Object.keys(run.final).sort()).toEqual(['steps', 'testLoss', 'timeMs', 'trainLoss']);
    expect(metrics.interrupted).toBe(false);
    expect(metrics.runs.map((r) => r.interrupted)).toEqual([false, false]);
  });

  it('--save-parameters writes each run\'s final parameters to parameters-<optimizer>.bin (float32 LE after a JSON header)', async () => {
    const cwd = tempDir();
    const theta = { hf: Float32Array.from([1.5, -2, 3e-8, 0]), adam: Float32Array.from([4, 5, 6, 7]) };
    const fake = (optimizer: 'hf' | 'adam'): Trainer => async (...args) => ({
      ...(await quadraticTrainer(10)(...args)),
      parameters: theta[optimizer],
      shapes: [[2, 1], [2]],
    });
    const stdout = memoryStream();
    const code = await runCli(['--task', 'spirals', '--budget', '0.1', '--train', '20', '--test', '10', '--out', 'run', '--save-parameters'], {
      trainers: { hf: fake('hf'), adam: fake('adam') },
      stdout,
      stderr: memoryStream(),
      cwd,
    });
    expect(code).toBe(0);
    const dir = join(cwd, 'run');
    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'parameters-adam.bin', 'parameters-hf.bin', 'report.html']);
    expect(stdout.text()).toContain(`Wrote ${join(dir, 'parameters-hf.bin')}\n`);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(metrics.runs.map((r) => r.parametersFile)).toEqual(['parameters-hf.bin', 'parameters-adam.bin']);
    for (const optimizer of ['hf', 'adam'] as const) {
      const bytes = readFileSync(join(dir, `parameters-${optimizer}.bin`));
      const { header, values } = readParameters(bytes);
      expect(header).toMatchObject({ format: 'hessian-free-demo-parameters', version: 1, dtype: 'float32', byteOrder: 'little-endian', task: 'spirals', optimizer, seed: 1, count: 4, shapes: [[2, 1], [2]], interrupted: false, createdAt: metrics.createdAt });
      expect(values).toEqual(theta[optimizer]);
      // The layout a reader in another language relies on: uint32 LE header length, the header, then float32 LE.
      const headerLength = bytes.readUInt32LE(0);
      expect(headerLength % 4).toBe(0);
      expect(bytes.length).toBe(4 + headerLength + 4 * 4);
      expect(bytes.readFloatLE(4 + headerLength)).toBe(theta[optimizer][0]);
    }
  });

  it('rejects a value given to --save-parameters', async () => {
    const stderr = memoryStream();
    const code = await runCli(['--save-parameters=yes'], { trainers: {}, stdout: memoryStream(), stderr, cwd: tempDir() });
    expect(code).toBe(2);
    expect(stderr.text()).toBe('demo: error: --save-parameters takes no value, got "yes"\n');
  });

  it('leaves the previous metrics.json and report.html as they were when the new report cannot be made', async () => {
    const cwd = tempDir();
    const argv = ['--budget', '0.1', '--train', '20', '--test', '10', '--out', 'run'];
    const env = { stdout: memoryStream(), stderr: memoryStream(), cwd };
    expect(await runCli(argv, { ...env, trainers: { hf: quadraticTrainer(10), adam: quadraticTrainer(10) } })).toBe(0);
    const dir = join(cwd, 'run');
    const before = ['metrics.json', 'report.html'].map((f) => readFileSync(join(dir, f), 'utf8'));
    // A trainer whose reconstructions have the wrong size: the report fails after training.
    const broken: Trainer = async (...args) => ({ ...(await quadraticTrainer(10)(...args)), reconstructions: new Float32Array(3) });
    const stderr = memoryStream();
    expect(await runCli(argv, { ...env, stderr, trainers: { hf: broken, adam: quadraticTrainer(10) } })).toBe(1);
    expect(stderr.text()).toMatch(/^demo: error: hf returned 3 reconstruction values/);
    expect(['metrics.json', 'report.html'].map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'report.html']); // no temporary files left
  });

  it('on an interrupt (the signal) stops at a step, writes what was done marked interrupted, skips the rest, exits 130', async () => {
    const cwd = tempDir();
    const interrupt = new AbortController();
    // A trainer that honours the signal between steps; the interrupt comes after its 5th step.
    const stoppable: Trainer = async (_task, _data, options, onStep) => {
      let step = 0;
      while (!options.signal?.aborted && step * 10 < options.budgetMs) {
        step++;
        onStep({ step, timeMs: step * 10, trainLoss: 10 / step });
        if (step === 5) interrupt.abort();
        await new Promise((r) => setTimeout(r, 1));
      }
      return { trainLoss: 10 / step, testLoss: 11 / step };
    };
    const adam = quadraticTrainer(10);
    const stdout = memoryStream();
    const stderr = memoryStream();
    const code = await runCli(['--task', 'spirals', '--budget', '10', '--train', '20', '--test', '10', '--out', 'run'], {
      trainers: { hf: stoppable, adam },
      stdout,
      stderr,
      cwd,
      signal: interrupt.signal,
    });
    expect(code).toBe(130);
    expect(adam.calls).toBe(0);
    const dir = join(cwd, 'run');
    expect(readdirSync(dir).sort()).toEqual(['metrics.json', 'report.html']);
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(metrics.interrupted).toBe(true);
    expect(metrics.notRun).toEqual(['adam']);
    expect(metrics.runs.map((r) => [r.optimizer, r.interrupted, r.final.steps])).toEqual([['hf', true, 5]]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Interrupted');
    expect(html).toContain('Adam was not run');
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(stdout.text()).toMatch(/\nhf \(interrupted\) +5 +0\.1s /);
    expect(stdout.text()).toContain(`Wrote ${join(dir, 'report.html')}`);
  });

  it('on an interrupt before any training writes nothing and exits 130', async () => {
    const cwd = tempDir();
    const interrupt = new AbortController();
    interrupt.abort();
    const hf = quadraticTrainer(10);
    const stderr = memoryStream();
    const code = await runCli(['--task', 'spirals', '--train', '20', '--test', '10', '--out', 'run'], {
      trainers: { hf, adam: hf },
      stdout: memoryStream(),
      stderr,
      cwd,
      signal: interrupt.signal,
    });
    expect(code).toBe(130);
    expect(hf.calls).toBe(0);
    expect(readdirSync(join(cwd, 'run'))).toEqual([]);
    expect(stderr.text()).toBe('demo: interrupted before any training: nothing written\n');
  });
});
