import { squaredError } from '@hessian-free/curvature';
import { adam, evaluateLoss, hessianFree, sgdMomentum } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { nonlinearSet, normals32, tanhMlp } from './helpers/hf-fixtures.js';

// No tensor leaks over long runs: tf.memory().numTensors is the same at step
// 10 and at the last step, and back to where it was once the optimizer is
// disposed. Tiny model (2-4-1 tanh MLP, 17 parameters), 40 examples,
// minibatches (so the gather path runs), at most 4 CG iterations per step.

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-leaks:\n  ${measured.join('\n  ')}`));

const set = nonlinearSet(40, 2, 81);
const model = tanhMlp(2, 4, 1);
const theta0 = normals32(model.numParams, 82, 0.5);

it('200 HF steps leave numTensors stable, and exactly as before after dispose()', async () => {
  // Targets as a Float32Array here (the tensor form is covered by the other files).
  const inputs = tf.tensor2d(set.x, [set.m, set.d]);
  const before = tf.memory().numTensors;
  const opt = hessianFree(model, squaredError, { inputs, targets: set.y }, theta0, {
    gradientBatchSize: 24,
    curvatureBatchSize: 8,
    maxCgIterations: 4,
    yieldToEventLoop: false,
  });
  const t0 = performance.now();
  let atStep10 = -1;
  let accepted = 0;
  let firstLoss = NaN;
  let lastLoss = NaN;
  for (let k = 1; k <= 200; k++) {
    const r = await opt.step();
    if (k === 1) firstLoss = r.lossBefore;
    lastLoss = r.lossAfter;
    if (r.accepted) accepted++;
    if (k === 10) atStep10 = tf.memory().numTensors;
    if (k > 10) expect(tf.memory().numTensors).toBe(atStep10);
  }
  measured.push(
    `HF: 200 steps in ${(performance.now() - t0).toFixed(0)} ms, ${accepted} accepted, minibatch loss ${firstLoss.toFixed(3)} -> ${lastLoss.toFixed(4)}; ` +
      `tensors held while live: ${atStep10 - before}`,
  );
  opt.dispose();
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
});

it('structural damping, the exact Hessian and the Fisher do not leak either (20 steps each)', async () => {
  const inputs = tf.tensor2d(set.x, [set.m, set.d]);
  const targets = tf.tensor2d(set.y, [set.m, 1]);
  const before = tf.memory().numTensors;
  for (const curvature of ['hessian', 'fisher'] as const) {
    const opt = hessianFree(model, squaredError, { inputs, targets }, theta0, { curvature, gradientBatchSize: 20, curvatureBatchSize: 20, maxCgIterations: 4, yieldToEventLoop: false });
    let atStep5 = -1;
    for (let k = 1; k <= 20; k++) {
      await opt.step();
      if (k === 5) atStep5 = tf.memory().numTensors;
      if (k > 5) expect(tf.memory().numTensors).toBe(atStep5);
    }
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
  inputs.dispose();
  targets.dispose();
});

for (const name of ['adam', 'sgdMomentum'] as const) {
  it(`${name}: 100 steps leave numTensors stable, and exactly as before after dispose()`, async () => {
    const inputs = tf.tensor2d(set.x, [set.m, set.d]);
    const before = tf.memory().numTensors;
    const data = { inputs, targets: set.y };
    const opt = name === 'adam' ? adam(model, squaredError, data, theta0, { learningRate: 1e-2, batchSize: 16 }) : sgdMomentum(model, squaredError, data, theta0, { batchSize: 16 });
    let atStep10 = -1;
    for (let k = 1; k <= 100; k++) {
      await opt.step();
      if (k === 10) atStep10 = tf.memory().numTensors;
      if (k > 10) expect(tf.memory().numTensors).toBe(atStep10);
    }
    measured.push(`${name}: tensors held while live after 10+ steps: ${atStep10 - before}`);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
  });
}

it('evaluateLoss leaves no tensors (several chunk sizes)', () => {
  const inputs = tf.tensor2d(set.x, [set.m, set.d]);
  const targets = tf.tensor2d(set.y, [set.m, 1]);
  const before = tf.memory().numTensors;
  for (const batchSize of [1, 7, 1000]) evaluateLoss(model, squaredError, { inputs, targets }, theta0, { batchSize });
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
  targets.dispose();
});
