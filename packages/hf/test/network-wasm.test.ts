import { squaredError } from '@hessian-free/curvature';
import { evaluateLoss, hessianFree, useWasmBackend } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { disposeAll, nonlinearSet, normals32, tanhMlp, tensors } from './helpers/hf-fixtures.js';

// The backend hf ships for, set up by hf's own useWasmBackend(), in its own
// file so that the backend choice does not leak into the cpu tests. WASM
// computes in float32 like cpu; only the rounding differs, so the checks are
// the ones that do not depend on it.

beforeAll(async () => {
  await useWasmBackend();
  await useWasmBackend(); // idempotent
});

it('3 HF steps on a tiny tanh MLP lower the loss, with no tensor left behind', async () => {
  expect(tf.getBackend()).toBe('wasm');
  const set = nonlinearSet(64, 2, 121);
  const model = tanhMlp(2, 6, 1);
  const theta0 = normals32(model.numParams, 122, 0.7);
  const data = tensors(set);
  const before = tf.memory().numTensors;
  const opt = hessianFree(model, squaredError, data, theta0, { curvatureBatchSize: 32, maxCgIterations: 30 });
  const f0 = evaluateLoss(model, squaredError, data, theta0);
  const reports = [await opt.step(), await opt.step(), await opt.step()];
  for (const r of reports) {
    expect(Number.isFinite(r.lossAfter) && Number.isFinite(r.lambda)).toBe(true);
    if (r.accepted) expect(r.lossAfter).toBeLessThan(r.lossBefore);
  }
  const f3 = evaluateLoss(model, squaredError, data, opt.parameters);
  console.log(`network-wasm: loss ${f0.toFixed(4)} -> ${f3.toFixed(4)} in 3 steps; CG iterations ${reports.map((r) => r.cg.iterations).join(',')}`);
  // Whole-set batches: the objective after 3 steps is below the start by a clear margin.
  expect(f3).toBeLessThan(0.8 * f0);
  opt.dispose();
  expect(tf.memory().numTensors).toBe(before);
  disposeAll(data);
  expect(tf.getBackend()).toBe('wasm');
});
