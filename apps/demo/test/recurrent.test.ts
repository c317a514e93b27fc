// The sequence tasks' networks (trainers/recurrent.ts) and their training:
// outputs against a float64 reference written here, independence from the
// padding, the initialization's spectral radius, and short HF runs (tanh
// RNN and LSTM, in this thread and on worker threads) that lower the loss.
import * as tf from '@tensorflow/tfjs-core';
import { parameterTensors, useWasmBackend } from '@hessian-free/hf';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEQUENCE_TASKS } from '../src/data/sequences/index.js';
import type { SequenceData } from '../src/data/sequences/layout.js';
import { sequenceProblem } from '../src/data/sequences/seeded.js';
import { loadTaskData } from '../src/data/task-data.js';
import type { StepRecord } from '../src/report/metrics.js';
import { trainers } from '../src/trainers/index.js';
import { taskModel } from '../src/trainers/models.js';
import { recurrentInit, recurrentNetwork, recurrentShapes, type CellName } from '../src/trainers/recurrent.js';

beforeAll(async () => {
  await useWasmBackend();
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The network's outputs for sequence n, in float64 over the sequence's own steps only (no padding). */
function reference(cell: CellName, theta: Float32Array, sizes: { features: number; hidden: number; readoutSteps: number }, d: SequenceData, n: number): number[] {
  const { features: F, hidden: H, readoutSteps: K } = sizes;
  const shapes = recurrentShapes(cell, sizes);
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const shape of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    parts.push(theta.subarray(offset, offset + size));
    offset += size;
  }
  const [W, U, b, Wo, c] = parts;
  const width = shapes[0][1];
  let h = new Float64Array(H);
  let s = new Float64Array(H);
  const L = d.lengths[n];
  const states: Float64Array[] = [];
  for (let t = 0; t < L; t++) {
    const row = (n * d.steps + d.steps - L + t) * d.channels;
    const pre = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      let sum = b[j];
      for (let i = 0; i < F; i++) sum += d.inputs[row + i] * W[i * width + j];
      for (let i = 0; i < H; i++) sum += h[i] * U[i * width + j];
      pre[j] = sum;
    }
    const next = new Float64Array(H);
    if (cell === 'tanh') {
      for (let j = 0; j < H; j++) next[j] = Math.tanh(pre[j]);
    } else {
      const cellNext = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        cellNext[j] = sigmoid(pre[H + j]) * s[j] + sigmoid(pre[j]) * Math.tanh(pre[2 * H + j]);
        next[j] = sigmoid(pre[3 * H + j]) * Math.tanh(cellNext[j]);
      }
      s = cellNext;
    }
    h = next;
    states.push(h);
  }
  return states.slice(L - K).map((state) => state.reduce((sum, v, i) => sum + v * Wo[i], c[0]));
}

describe('the recurrent networks over padded sequences', () => {
  const cases = [
    ['tanh', 'rnn-addition'],
    ['lstm', 'rnn-addition'],
    ['tanh', 'rnn-memorization'],
    ['lstm', 'rnn-memorization'],
  ] as const;
  it.each(cases)('%s on %s: each sequence gives its float64 reference, whatever its padding', (cell, name) => {
    const task = SEQUENCE_TASKS[name];
    const sizes = { features: task.channels, hidden: 16, readoutSteps: task.readoutSteps };
    const model = recurrentNetwork(cell, sizes);
    // Weights larger than the initialization's, so that the states are far from 0 and a padding leak would show.
    const theta = recurrentInit(cell, sizes, 3).map((v, i) => v + 0.3 * Math.sin(i));
    const d = sequenceProblem(task, 40, 20, 2);
    expect(new Set(d.lengths).size).toBeGreaterThan(1); // some sequences are padded, some not
    const before = tf.memory().numTensors;
    const z = tf.tidy(() => {
      const x = tf.tensor3d(d.inputs, [d.count, d.steps, d.channels]);
      return model.traceParams(parameterTensors(model.shapes, theta), x)[0].dataSync();
    });
    expect(tf.memory().numTensors).toBe(before);
    let worst = 0;
    for (let n = 0; n < d.count; n++) {
      const expected = reference(cell, theta, sizes, d, n);
      for (let k = 0; k < task.readoutSteps; k++) worst = Math.max(worst, Math.abs(z[n * task.readoutSteps + k] - expected[k]) / (1 + Math.abs(expected[k])));
    }
    // Tolerance: float32 arithmetic over 22 steps of 16 units, states bounded by 1: a few hundred ulps of 1.
    expect(worst).toBeLessThan(1e-4);
  });

  it('starts the tanh RNN with recurrent weights of spectral radius about 1.1 and small output weights', () => {
    const sizes = { features: 2, hidden: 100, readoutSteps: 1 };
    for (const seed of [1, 2, 3]) {
      const theta = recurrentInit('tanh', sizes, seed);
      const Wh = theta.subarray(200, 200 + 100 * 100);
      // Gelfand: ||A^k v||^(1/k) tends to the spectral radius; k = 400 from a random start, in float64.
      let v = Float64Array.from({ length: 100 }, (_, i) => Math.cos(7 * i + seed));
      let logGrowth = 0;
      for (let k = 0; k < 400; k++) {
        const w = new Float64Array(100);
        for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) w[j] += v[i] * Wh[i * 100 + j];
        const norm = Math.hypot(...w);
        logGrowth += Math.log(norm);
        v = w.map((x) => x / norm);
      }
      const radius = Math.exp(logGrowth / 400);
      // The circular law gives 1.1 for large matrices; a 100-unit draw scatters by about 10%.
      expect(radius).toBeGreaterThan(0.9);
      expect(radius).toBeLessThan(1.35);
      const Wo = theta.subarray(200 + 10000 + 100, 200 + 10000 + 100 + 100);
      expect(Math.max(...Wo.map(Math.abs))).toBeLessThan(0.05);
    }
  });
});

async function train(optimizer: 'hf' | 'adam', task: 'rnn-addition' | 'rnn-memorization', cell: CellName, workers: number, budgetMs: number) {
  const data = loadTaskData(task, { train: 600, test: 200, seed: 4, length: task === 'rnn-memorization' ? 12 : 10 });
  const steps: StepRecord[] = [];
  const before = tf.memory().numTensors;
  const outcome = await trainers[optimizer](task, data, { budgetMs, seed: 1, previewCount: 0, workers, cell }, (s) => steps.push(s));
  return { steps, outcome, leaked: tf.memory().numTensors - before };
}

describe('HF on a sequence task at a tiny T lowers the loss', () => {
  it.each([
    ['tanh', 1],
    ['lstm', 1],
    ['tanh', 2],
    ['lstm', 2],
  ] as const)('%s cell, %i worker(s): addition at T = 10', async (cell, workers) => {
    const { steps, outcome, leaked } = await train('hf', 'rnn-addition', cell, workers, 4000);
    expect(leaked).toBe(0);
    expect(outcome.workers).toBe(workers);
    expect(steps[0]).toMatchObject({ step: 0, timeMs: 0 });
    expect(steps.length).toBeGreaterThanOrEqual(2); // step 0 and at least one HF step (an LSTM step on a loaded machine can take most of the budget)
    // The starting mean squared error is about E[(a + b)^2] = 7/6 for outputs near 0; a constant 1 gives the variance, 1/6.
    expect(steps[0].trainLoss).toBeGreaterThan(0.5);
    expect(outcome.trainLoss).toBeLessThan(0.5 * steps[0].trainLoss);
    expect(steps.slice(1).every((s) => s.lambda! > 0 && s.cgIterations! >= 1)).toBe(true);
    // The score is the task's success statistic, the mean absolute error.
    expect(steps.every((s) => s.testScore !== undefined && s.testScore >= 0)).toBe(true);
    expect(steps.at(-1)!.testScore!).toBeLessThan(steps[0].testScore!);
  });

  it('memorization (5 logistic outputs, T = 12) with the LSTM on 2 workers', async () => {
    const { steps, outcome, leaked } = await train('hf', 'rnn-memorization', 'lstm', 2, 4000);
    expect(leaked).toBe(0);
    expect(outcome.workers).toBe(2);
    // 5 bits at chance: 5 ln 2 = 3.47 nats. Recall over even 12 steps takes
    // HF more than a few seconds of steps: here only no step may make it worse.
    expect(steps[0].trainLoss).toBeGreaterThan(3);
    expect(outcome.trainLoss).toBeLessThan(steps[0].trainLoss);
    expect(outcome.parameters?.every(Number.isFinite)).toBe(true);
  });

  it('taskModel builds what the workers build (taskNetwork(task, sizes)), with the cell asked for', () => {
    const tanh = taskModel('rnn-xor');
    const lstm = taskModel('rnn-xor', { cell: 'lstm', rnnHidden: 8 });
    expect(tanh.model.numParams).toBe(2 * 100 + 100 * 100 + 100 + 100 + 1);
    expect(lstm.model.numParams).toBe(2 * 32 + 8 * 32 + 32 + 8 + 1);
    expect(tanh.loss.name).toBe('sigmoid-cross-entropy');
    expect(taskModel('rnn-addition').loss.name).toBe('squared-error');
  });
});
