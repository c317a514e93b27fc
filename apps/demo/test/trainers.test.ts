// The real trainers (HF and Adam) on small tasks, on the WASM backend as the
// command line uses it: they train, report in order, honour pause and abort,
// and leave no tensors behind.
import * as tf from '@tensorflow/tfjs-core';
import { useWasmBackend } from '@hessian-free/hf';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTaskData } from '../src/data/task-data.js';
import { MNIST_PIXELS } from '../src/data/mnist.js';
import type { StepRecord } from '../src/report/metrics.js';
import { trainers } from '../src/trainers/index.js';

beforeAll(async () => {
  await useWasmBackend();
});

const spirals = loadTaskData('spirals', { train: 400, test: 200, seed: 3 });

async function train(optimizer: 'hf' | 'adam', budgetMs: number, extra = {}) {
  const steps: StepRecord[] = [];
  const before = tf.memory().numTensors;
  const outcome = await trainers[optimizer]('spirals', spirals, { budgetMs, seed: 1, previewCount: 0, ...extra }, (s) => steps.push(s));
  return { steps, outcome, leaked: tf.memory().numTensors - before };
}

describe('trainers on two spirals', () => {
  for (const optimizer of ['hf', 'adam'] as const) {
    it(`${optimizer}: the loss goes down, records are in order, no tensor leaks`, async () => {
      const { steps, outcome, leaked } = await train(optimizer, 1500);
      expect(leaked).toBe(0);
      expect(steps.length).toBeGreaterThan(2);
      // ln 2 = 0.693 is the loss of a constant guess between the two classes.
      expect(steps[0].trainLoss).toBeGreaterThan(0.3);
      expect(outcome.trainLoss).toBeLessThan(0.95 * steps[0].trainLoss);
      for (let i = 1; i < steps.length; i++) {
        expect(steps[i].step).toBeGreaterThan(steps[i - 1].step);
        expect(steps[i].timeMs).toBeGreaterThanOrEqual(steps[i - 1].timeMs);
      }
      expect(steps.at(-1)?.timeMs).toBeGreaterThanOrEqual(1500);
      expect(outcome.parameters?.every(Number.isFinite)).toBe(true);
      expect(steps.every((s) => s.testScore !== undefined && s.testScore >= 0 && s.testScore <= 1)).toBe(true);
      if (optimizer === 'hf') expect(steps.every((s) => s.lambda! > 0 && s.cgIterations! >= 1)).toBe(true);
    });
  }

  it('stops between steps when aborted, and awaits the pause gate before every step', async () => {
    const controller = new AbortController();
    let gates = 0;
    const { steps, leaked } = await train('hf', 60_000, {
      signal: controller.signal,
      beforeStep: async () => {
        gates++;
        if (gates === 3) controller.abort();
      },
    });
    expect(leaked).toBe(0);
    expect(gates).toBe(3);
    expect(steps.at(-1)?.step).toBe(2);
  });
});

describe('the autoencoder trainer', () => {
  it('returns reconstructions of the first test digits and previews them live', async () => {
    const data = loadTaskData('autoencoder', { train: 300, test: 100, seed: 1 });
    const previews: Float32Array[] = [];
    const outcome = await trainers.hf('autoencoder', data, { budgetMs: 1, seed: 1, previewCount: 4, onPreview: (r) => previews.push(r) }, () => {});
    expect(outcome.reconstructions?.length).toBe(4 * MNIST_PIXELS);
    expect(previews.length).toBeGreaterThan(0);
    expect(previews[0].length).toBe(4 * MNIST_PIXELS);
    expect(outcome.reconstructions!.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
