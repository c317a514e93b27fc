import { adam, sgdMomentum, softmaxCrossEntropy, type AdamOptions, type FirstOrderOptimizer, type FunctionalModel, type SgdMomentumOptions } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a JavaScript fixture without types (workers import it as it is)
import { dying, model } from './fixtures/classifier.mjs';
import { useBackend } from './helpers/hf-backend.js';
import { identical, multiclassSet, normals32 } from './helpers/hf-fixtures.js';

// adam and sgdMomentum with their minibatch loss and gradient summed by
// worker threads (@hessian-free/parallel), against the same optimizers in
// this thread. The workers run packages/parallel/dist: build it first
// (npx tsc -b packages/parallel).

const MODULE = new URL('./fixtures/classifier.mjs', import.meta.url).href;
const mlp = model as FunctionalModel;
const STEPS = 20;

let inputs: tf.Tensor;
let labels: Int32Array;
const theta0 = normals32(mlp.numParams, 3, 0.5);

beforeAll(async () => {
  await useBackend('wasm');
  const set = multiclassSet(240, 4, 3, 9);
  inputs = tf.tensor(set.x, [set.m, set.d]);
  labels = set.labels;
});
afterAll(() => inputs.dispose());

type Name = 'adam' | 'sgdMomentum';
/** Minibatches of 64 (32 per worker), with an l2 term so that its gradient is exercised too. */
const OPTIONS: Record<Name, AdamOptions & SgdMomentumOptions> = {
  adam: { learningRate: 2e-2, batchSize: 64, l2: 1e-3, seed: 5 },
  sgdMomentum: { learningRate: 5e-2, momentum: 0.9, batchSize: 64, l2: 1e-3, seed: 5 },
};
const PARALLEL = { workers: 2, modelModule: { url: MODULE } };

function make(name: Name, options: AdamOptions & SgdMomentumOptions, m: FunctionalModel = mlp): FirstOrderOptimizer {
  const data = { inputs, targets: labels };
  return name === 'adam' ? adam(m, softmaxCrossEntropy, data, theta0, options) : sgdMomentum(m, softmaxCrossEntropy, data, theta0, options);
}

/** Runs `steps` steps; returns the reported losses and the final parameters. */
async function run(name: Name, options: AdamOptions & SgdMomentumOptions, steps = STEPS) {
  const opt = make(name, options);
  try {
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) losses.push((await opt.step()).loss);
    return { losses, theta: opt.parameters };
  } finally {
    opt.dispose();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('adam and sgdMomentum on worker threads', () => {
  for (const name of ['adam', 'sgdMomentum'] as const) {
    it(`${name}: 2 workers take the ${STEPS} steps one thread takes, up to float32 summation order`, async () => {
      const one = await run(name, OPTIONS[name]);
      const two = await run(name, { ...OPTIONS[name], ...PARALLEL });
      // The same minibatches; each step's gradient differs only by float32
      // rounding: the workers sum 32 examples each (curvature's reverse
      // sweep) and add the halves in float64, one thread sums all 64 through
      // tf.variableGrads, and the l2 term is added in plain JS rather than by
      // tfjs. That is a relative difference of a few 1e-7 per component, and
      // both updates are smooth in the gradient (Adam's denominator stays far
      // above epsilon here), so over 20 steps the parameters (of order 1,
      // moving by about 0.1 in all) differ by a few float32 ulps: measured
      // 1.2e-7 (both optimizers), and the losses by about 3e-7 relative. The
      // bounds leave two orders of magnitude for other machines and stay far
      // below what a wrong sum would give (a gradient missing the l2 term
      // moves the parameters by about 1e-4 in 20 steps; a shard weighted
      // wrongly, by far more).
      two.losses.forEach((loss, i) => expect(Math.abs(loss - one.losses[i])).toBeLessThan(1e-5 * one.losses[i]));
      expect(maxAbsDiff(two.theta, one.theta)).toBeLessThan(1e-5);
      expect(two.losses[STEPS - 1]).toBeLessThan(0.7 * two.losses[0]); // it trains
    });

    it(`${name}: the same number of workers gives the same bits, run after run; workers: 1 is the thread's path`, async () => {
      const a = await run(name, { ...OPTIONS[name], ...PARALLEL }, 5);
      const b = await run(name, { ...OPTIONS[name], ...PARALLEL }, 5);
      expect(identical(a.theta, b.theta)).toBe(true);
      expect(b.losses).toEqual(a.losses);
      // workers: 1 with a modelModule runs in this thread: the bits of the default.
      const thread = await run(name, OPTIONS[name], 5);
      const one = await run(name, { ...OPTIONS[name], workers: 1, modelModule: { url: MODULE } }, 5);
      expect(identical(one.theta, thread.theta)).toBe(true);
      expect(one.losses).toEqual(thread.losses);
    });
  }

  it('bad worker options are refused at construction, naming the option', () => {
    for (const name of ['adam', 'sgdMomentum'] as const) {
      expect(() => make(name, { workers: 2 })).toThrow(new RegExp(`^${name}: options\\.workers > 1 needs ${name}: options\\.modelModule`));
      expect(() => make(name, { workers: 0, modelModule: { url: MODULE } })).toThrow(
        new RegExp(`^${name}: options\\.workers must be an integer >= 1, got 0`),
      );
      expect(() => make(name, { ...PARALLEL, modelModule: { url: MODULE, modle: 'x' } as never })).toThrow(/modelModule must hold only known options .* unknown option 'modle'/);
      expect(() => make(name, { ...PARALLEL, modelModule: { url: '' } })).toThrow(new RegExp(`^${name}: options\\.modelModule\\.url must be a non-empty string`));
      expect(() => make(name, { ...PARALLEL, workerScript: 5 as never })).toThrow(new RegExp(`^${name}: options\\.workerScript must be a string or a URL, got 5`));
    }
    // A model export that is a function of args (a family of models) passes the check.
    make('adam', { ...PARALLEL, modelModule: { url: MODULE, model: 'family', args: [16] } }).dispose();
  });

  it('a worker that exits mid-step makes that step reject with the optimizer unchanged; the next step starts new workers and takes the step it would have taken', async () => {
    const steps = 5;
    const reference = await run('adam', { ...OPTIONS.adam, ...PARALLEL }, steps);
    const marker = join(tmpdir(), `hf-baselines-die-${process.pid}-${Date.now()}`);
    writeFileSync(marker, '');
    process.env.HF_TEST_DIE_FILE = marker;
    const opt = make('adam', { ...OPTIONS.adam, ...PARALLEL, modelModule: { url: MODULE, model: 'dying' } }, dying as FunctionalModel);
    try {
      let failure: unknown = null;
      const losses: number[] = [];
      while (losses.length < steps) {
        const before = { theta: opt.parameters, steps: opt.stepCount };
        try {
          losses.push((await opt.step()).loss);
        } catch (error) {
          expect(failure).toBe(null); // one fault only: the new workers live
          failure = error;
          expect(identical(opt.parameters, before.theta)).toBe(true);
          expect(opt.stepCount).toBe(before.steps);
        }
      }
      expect(String(failure)).toMatch(/worker \d: the worker exited \(code 9\)/);
      // The failed step drew no minibatch: the run goes on as if it had not been.
      expect(losses).toEqual(reference.losses);
      expect(identical(opt.parameters, reference.theta)).toBe(true);
    } finally {
      opt.dispose();
      delete process.env.HF_TEST_DIE_FILE;
    }
  });

  it('a step yields to the event loop before its work: an abort queued before it is seen, and nothing changes (one thread and workers)', async () => {
    for (const options of [OPTIONS.adam, { ...OPTIONS.adam, ...PARALLEL }]) {
      const opt = make('adam', options);
      const fresh = make('adam', options);
      try {
        const controller = new AbortController();
        setImmediate(() => controller.abort()); // queued before the step's own yield (setImmediate in Node), so it runs there
        const theta = opt.parameters;
        const error: unknown = await opt.step({ signal: controller.signal }).catch((e: unknown) => e);
        expect(controller.signal.aborted).toBe(true);
        expect(error).toBe(controller.signal.reason);
        expect(identical(opt.parameters, theta)).toBe(true);
        expect(opt.stepCount).toBe(0);
        // The same minibatch as a fresh optimizer's first step: the aborted step drew nothing.
        expect((await opt.step()).loss).toBe((await fresh.step()).loss);
        expect(identical(opt.parameters, fresh.parameters)).toBe(true);
      } finally {
        opt.dispose();
        fresh.dispose();
      }
    }
  });

  it('one step at a time; no tensors are left behind; dispose ends the run', async () => {
    const before = tf.memory().numTensors;
    const opt = make('sgdMomentum', { ...OPTIONS.sgdMomentum, ...PARALLEL });
    const first = opt.step();
    await expect(opt.step()).rejects.toThrow(/^sgdMomentum\.step: a step is already running/);
    await first;
    for (let i = 0; i < 3; i++) await opt.step();
    expect(opt.stepCount).toBe(4);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => opt.parameters).toThrow(/disposed/);
    await expect(opt.step()).rejects.toThrow(/disposed/);
  });
});
