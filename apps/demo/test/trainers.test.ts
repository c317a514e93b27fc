// The real trainers (HF and Adam) on small tasks, on the WASM backend as the
// command line uses it: they train, report in order, honour pause and abort,
// and leave no tensors behind.
import * as tf from '@tensorflow/tfjs-core';
import { parameterTensors, useWasmBackend } from '@hessian-free/hf';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTaskData } from '../src/data/task-data.js';
import { MNIST_PIXELS } from '../src/data/mnist.js';
import type { StepRecord } from '../src/report/metrics.js';
import { trainers } from '../src/trainers/index.js';
import { measureInChunks, trainLoop, type OptimizerFactory } from '../src/trainers/loop.js';
import { disposeDataset, taskModel } from '../src/trainers/models.js';

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
      // Step 0 is the starting point, before any step: the same initial parameters for both optimizers.
      expect(steps[0]).toMatchObject({ step: 0, timeMs: 0 });
      if (optimizer === 'hf') expect(steps.slice(1).every((s) => s.lambda! > 0 && s.cgIterations! >= 1)).toBe(true);
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

describe('every trainer lets the event loop run between steps', () => {
  // The browser's Pause and Reset, and the command line's Ctrl-C, arrive as
  // events: a trainer that never yields (Adam's step is synchronous tfjs
  // work) would not see them until its budget is spent.
  for (const optimizer of ['hf', 'adam'] as const) {
    it(`${optimizer}: a timer set during training fires within a step, and the pause gate then holds`, async () => {
      const controller = new AbortController();
      const budgetMs = 10_000;
      let firedAt = 0;
      const due = performance.now() + 300;
      const timer = setTimeout(() => (firedAt = performance.now()), 300);
      let gatesAfterFire = 0;
      try {
        const { steps, leaked } = await train(optimizer, budgetMs, {
          signal: controller.signal,
          beforeStep: async () => {
            if (firedAt === 0) return;
            gatesAfterFire++;
            controller.abort(); // what the page's pause gate and Reset do: no further step starts
          },
        });
        expect(leaked).toBe(0);
        expect(firedAt, 'the timer fired while training ran').toBeGreaterThan(0);
        // One HF step on 400 points takes well under a second even on a busy machine.
        expect(firedAt - due, 'ms the timer was late').toBeLessThan(2000);
        expect(gatesAfterFire).toBe(1);
        expect(steps.at(-1)!.timeMs).toBeLessThan(budgetMs / 2);
      } finally {
        clearTimeout(timer);
      }
    });
  }
});

describe('the training loop', () => {
  it('yields to the event loop before every step, even for an optimizer whose step never does', async () => {
    // A fake optimizer whose step is synchronous work of about 2 ms, as Adam's
    // step is on the WASM backend: awaiting it runs only microtasks.
    let steps = 0;
    const busy: OptimizerFactory = (_problem, _train, theta0) => ({
      workers: 1,
      async step() {
        const until = performance.now() + 2;
        while (performance.now() < until);
        steps++;
        return {};
      },
      parameters: theta0,
      dispose: () => {},
    });
    const controller = new AbortController();
    const due = performance.now() + 100;
    let firedAt = 0;
    let stepsAtFire = 0;
    const timer = setTimeout(() => {
      firedAt = performance.now();
      stepsAtFire = steps;
      controller.abort(); // the page's Reset or the CLI's Ctrl-C
    }, 100);
    try {
      await trainLoop(taskModel('spirals'), spirals, { budgetMs: 5000, seed: 1, previewCount: 0, signal: controller.signal }, () => {}, busy);
    } finally {
      clearTimeout(timer);
    }
    expect(firedAt, 'the timer fired while training ran').toBeGreaterThan(0);
    expect(firedAt - due, 'ms the timer was late').toBeLessThan(200);
    expect(steps - stepsAtFire, 'steps taken after the abort').toBe(0);
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

describe('measureInChunks', () => {
  it('gives the mean over the whole set, as one pass over all examples does, for a set that is not a multiple of the chunk', () => {
    const problem = taskModel('autoencoder');
    const sets = problem.datasets(loadTaskData('autoencoder', { train: 2345, test: 10, seed: 2 }));
    const theta = problem.init(4);
    // The reference: every reconstruction from one forward pass, the squared errors summed in float64 here.
    const params = parameterTensors(problem.model.shapes, theta);
    const reconstructions = tf.tidy(() => tf.sigmoid(problem.model.traceParams(params, sets.train.inputs)[0]).dataSync());
    const images = sets.train.inputs.dataSync();
    const mean = (count: number) => {
      let sum = 0;
      for (let i = 0; i < count * MNIST_PIXELS; i++) sum += (reconstructions[i] - images[i]) ** 2;
      return sum / count;
    };
    const onePass = mean(2345);
    // The first 1,000 digits alone differ from the whole set, so a chunk dropped or weighted wrongly shows.
    const firstChunk = mean(1000);
    tf.dispose(params);
    const chunked = measureInChunks(problem.metric, theta, sets.train, problem.model.shapes);
    const tolerance = 1e-5 * onePass; // float32 sums within a chunk
    expect(Math.abs(firstChunk - onePass)).toBeGreaterThan(10 * tolerance);
    expect(Math.abs(chunked - onePass)).toBeLessThan(tolerance);
    disposeDataset(sets.train);
    disposeDataset(sets.test);
  });
});
