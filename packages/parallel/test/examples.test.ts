import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the README example (examples/gauss-newton-step.mjs)', () => {
  it('runs on two workers and lowers the loss', () => {
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../examples/gauss-newton-step.mjs', import.meta.url))], {
      timeout: 120_000,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const match = /^loss (\d+\.\d+) -> (\d+\.\d+) \(CG: \d+ iterations, \w+\)$/m.exec(run.stdout);
    expect(match).not.toBeNull();
    expect(Number(match?.[2])).toBeLessThan(Number(match?.[1]));
  });
});
