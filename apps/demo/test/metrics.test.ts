import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMetrics, timeToReach, writeMetrics, type StepRecord } from '../src/report/metrics.js';
import { tempDir } from './helpers.js';

// A hand-made series: the loss is not monotone (step 4 goes back up).
const steps: StepRecord[] = [
  { step: 1, timeMs: 100, trainLoss: 50 },
  { step: 2, timeMs: 250, trainLoss: 30 },
  { step: 3, timeMs: 400, trainLoss: 19.5 },
  { step: 4, timeMs: 600, trainLoss: 25 },
  { step: 5, timeMs: 900, trainLoss: 10 },
];

describe('time to reach', () => {
  it('is the time of the first step at or below each level, null if never', () => {
    expect(timeToReach(steps, [40, 30, 20, 10, 5])).toEqual({ '40': 250, '30': 250, '20': 400, '10': 900, '5': null });
  });

  it('is null for every level without steps', () => {
    expect(timeToReach([], [1, 0.1])).toEqual({ '1': null, '0.1': null });
  });

  it('builds the run record with the final numbers', () => {
    const run = runMetrics('hf', 'autoencoder', steps, { trainLoss: 9.5, testLoss: 11 }, [20]);
    expect(run).toEqual({
      optimizer: 'hf',
      task: 'autoencoder',
      steps,
      final: { trainLoss: 9.5, testLoss: 11, steps: 5, timeMs: 900 },
      timeToReach: { '20': 400 },
      interrupted: false,
    });
  });
});

describe('metrics.json', () => {
  it('round-trips through the file', async () => {
    const dir = tempDir();
    const run = runMetrics('adam', 'classifier', steps, { trainLoss: 9 }, [20, 5]);
    const metrics = { task: 'classifier' as const, seed: 3, budgetSeconds: 1, train: 10, test: 5, loss: 'l', lossLevels: [20, 5], createdAt: 'now', interrupted: false, notRun: [], runs: [run] };
    const path = await writeMetrics(dir, metrics);
    expect(path).toBe(`${dir}/metrics.json`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(metrics);
  });
});
