// Ctrl-C during training, for real: the built command line in a child
// process, on a small spirals run with a long budget, gets SIGINT after its
// first HF step line. It must stop at a step, write complete metrics.json and
// report.html marked as interrupted, and exit with 130 (128 + SIGINT).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricsFile } from '../src/report/metrics.js';
import { tempDir } from './helpers.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(REPO, 'apps/demo/dist/cli.js');

beforeAll(() => {
  // The test runs the CLI as a user does, from dist: build it (incremental, a second or two when up to date).
  execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-b', 'apps/demo'], { cwd: REPO, stdio: 'pipe' });
});

describe('SIGINT', () => {
  it('during training: stops at a step, writes the report of what was done marked interrupted, exits 130', async () => {
    const out = join(tempDir(), 'run');
    const child = spawn(
      process.execPath,
      [CLI, '--task', 'spirals', '--optimizers', 'hf,adam', '--budget', '120', '--train', '300', '--test', '100', '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let interruptedAt = 0;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!interruptedAt && /^hf {2}step 1 /m.test(stdout)) {
        interruptedAt = performance.now();
        child.kill('SIGINT');
      }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    const context = `stdout:\n${stdout}\nstderr:\n${stderr}`;
    expect(interruptedAt, context).toBeGreaterThan(0);
    expect([code, signal], context).toEqual([130, null]);
    expect(performance.now() - interruptedAt, 'seconds from SIGINT to exit').toBeLessThan(30_000);
    expect(stderr).toContain('demo: interrupted');

    expect(readdirSync(out).sort()).toEqual(['metrics.json', 'report.html']);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(metrics.interrupted).toBe(true);
    expect(metrics.notRun).toEqual(['adam']);
    expect(metrics.runs).toHaveLength(1);
    const [hf] = metrics.runs;
    expect(hf.optimizer).toBe('hf');
    expect(hf.interrupted).toBe(true);
    expect(hf.final.steps).toBeGreaterThanOrEqual(1);
    expect(hf.final.timeMs).toBeLessThan(120_000);
    expect(Number.isFinite(hf.final.trainLoss)).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(html).toContain('Interrupted');
  });
});
