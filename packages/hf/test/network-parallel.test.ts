import { hessianFree, softmaxCrossEntropy, type FunctionalModel, type HessianFreeOptions } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a JavaScript fixture without types (workers import it as it is)
import { dying, model } from './fixtures/classifier.mjs';
import { useBackend } from './helpers/hf-backend.js';
import { multiclassSet, normals32 } from './helpers/hf-fixtures.js';

const MODULE = new URL('./fixtures/classifier.mjs', import.meta.url).href;
const mlp = model as FunctionalModel;

let inputs: tf.Tensor;
let labels: Int32Array;
const theta0 = normals32(mlp.numParams, 3, 0.5);
/** Batches larger than a worker's share, small enough for a quick test; no yields (nothing else runs). */
const base: HessianFreeOptions = { gradientBatchSize: 160, curvatureBatchSize: 80, maxCgIterations: 20, seed: 4, yieldToEventLoop: false };

beforeAll(async () => {
  await useBackend('wasm');
  const set = multiclassSet(240, 4, 3, 9);
  inputs = tf.tensor(set.x, [set.m, set.d]);
  labels = set.labels;
});
afterAll(() => inputs.dispose());

/** Runs `steps` steps; returns the reports and the final parameters. */
async function run(options: HessianFreeOptions, steps: number, m: FunctionalModel = mlp) {
  const hf = hessianFree(m, softmaxCrossEntropy, { inputs, targets: labels }, theta0, options);
  try {
    const reports = [];
    for (let i = 0; i < steps; i++) reports.push(await hf.step());
    return { reports, theta: hf.parameters };
  } finally {
    hf.dispose();
  }
}

describe('hessianFree on worker threads', () => {
  it('2 workers take the steps one thread takes, up to float32 summation order', async () => {
    const one = await run(base, 4);
    const two = await run({ ...base, workers: 2, modelModule: { url: MODULE } }, 4);
    // The sums differ only in the order of float32 additions (about 1e-7
    // relative); over 4 steps of CG that moves the losses by far less than 1e-3.
    two.reports.forEach((r, i) => {
      expect(r.accepted).toBe(one.reports[i].accepted);
      expect(Math.abs(r.lossAfter - one.reports[i].lossAfter)).toBeLessThan(1e-3 * one.reports[i].lossBefore);
    });
    expect(two.reports[3].lossAfter).toBeLessThan(0.8 * two.reports[0].lossBefore); // it trains
  });

  it('the same number of workers gives the same bits, run after run', async () => {
    const options = { ...base, workers: 2, modelModule: { url: MODULE } };
    const a = await run(options, 3);
    const b = await run(options, 3);
    expect(Array.from(b.theta)).toEqual(Array.from(a.theta));
    expect(b.reports.map((r) => r.lossAfter)).toEqual(a.reports.map((r) => r.lossAfter));
  });

  it('workers > 1 without a modelModule is refused, naming both options', () => {
    expect(() => hessianFree(mlp, softmaxCrossEntropy, { inputs, targets: labels }, theta0, { workers: 2 })).toThrow(
      /options\.workers > 1 needs hessianFree: options\.modelModule/,
    );
    expect(() =>
      hessianFree(mlp, softmaxCrossEntropy, { inputs, targets: labels }, theta0, { workers: 2, modelModule: { url: MODULE, modle: 'x' } as never }),
    ).toThrow(/unknown option 'modle'/);
  });

  it('a worker that exits mid-step makes that step reject with the state unchanged; the next step starts new workers', async () => {
    const marker = join(tmpdir(), `hf-die-${process.pid}-${Date.now()}`);
    writeFileSync(marker, '');
    process.env.HF_TEST_DIE_FILE = marker;
    const hf = hessianFree(dying as FunctionalModel, softmaxCrossEntropy, { inputs, targets: labels }, theta0, {
      ...base,
      workers: 2,
      modelModule: { url: MODULE, model: 'dying' },
    });
    try {
      let failure: unknown = null;
      for (let i = 0; i < 4 && failure === null; i++) {
        const before = { theta: hf.parameters, steps: hf.stepCount, lambda: hf.lambda, state: JSON.stringify(hf.state()) };
        try {
          await hf.step();
        } catch (error) {
          failure = error;
          expect(Array.from(hf.parameters)).toEqual(Array.from(before.theta));
          expect(hf.stepCount).toBe(before.steps);
          expect(hf.lambda).toBe(before.lambda);
          expect(JSON.stringify(hf.state())).toBe(before.state);
        }
      }
      expect(String(failure)).toMatch(/worker \d: the worker exited \(code 9\)/);
      const report = await hf.step(); // new workers
      expect(Number.isFinite(report.lossAfter)).toBe(true);
    } finally {
      hf.dispose();
      delete process.env.HF_TEST_DIE_FILE;
    }
  });
});
