import { curvatureAt, seededRng, softmaxCrossEntropy, squaredError, type CurvatureAt, type FunctionalModel } from '@hessian-free/curvature';
import type { LinearOperator } from '@hessian-free/linop';
import { startEngine, threads, type ParallelEngine, type TransportFactory } from '@hessian-free/parallel';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The fixtures are plain ES modules: the workers import them without a transform.
// @ts-expect-error: a JavaScript fixture without types
import { model as mlp } from './fixtures/mlp.mjs';
// @ts-expect-error: a JavaScript fixture without types
import { exiting, fragile, linear, rnn } from './fixtures/rnn.mjs';

const MLP_URL = new URL('./fixtures/mlp.mjs', import.meta.url).href;
const RNN_URL = new URL('./fixtures/rnn.mjs', import.meta.url).href;

/**
 * Tolerance of a sharded sum against the in-thread one: both are float32
 * means of the same per-example terms, added in a different order (per
 * shard, then weighted in float64). Their difference is a few ulps of the
 * terms' magnitude: 1e-5 relative to the largest entry.
 */
const SUMMATION_RTOL = 1e-5;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = SUMMATION_RTOL): void {
  expect(got.length).toBe(want.length);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
  }
  expect(diff).toBeLessThanOrEqual(rtol * scale);
}

function product(op: LinearOperator, v: Float32Array): Float32Array {
  const y = new Float32Array(v.length);
  op.apply(v, y);
  return y;
}

const rng = seededRng(11);
const normals = (n: number, s = 1) => Float32Array.from({ length: n }, () => s * rng.normal());

beforeAll(async () => {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('a 2-worker engine against curvatureAt in this thread (MLP, softmax cross-entropy, 37 examples)', () => {
  const N = 37; // odd: the shares are 19 and 18 examples
  const x = normals(N * 6);
  const labels = Int32Array.from({ length: N }, () => Math.floor(rng.uniform() * 3));
  const theta = normals((mlp as FunctionalModel).numParams, 0.7);
  const v = normals(theta.length);
  let inputs: tf.Tensor;
  let engine: ParallelEngine;
  let local: CurvatureAt;
  let point: CurvatureAt;

  beforeAll(async () => {
    inputs = tf.tensor(x, [N, 6]);
    engine = await startEngine({ workers: 2, model: mlp, loss: softmaxCrossEntropy, module: { url: MLP_URL } });
    engine.setData({ inputs, targets: labels });
    local = curvatureAt(mlp, softmaxCrossEntropy, theta, { inputs, targets: labels }, { seed: 5 });
    point = engine.curvatureAt(theta, null, 5);
  });
  afterAll(async () => {
    local.dispose();
    inputs.dispose();
    await engine.dispose();
  });

  it('loss and gradient', () => {
    expect(point.batchSize).toBe(N);
    expect(Math.abs(point.loss - local.loss)).toBeLessThan(SUMMATION_RTOL * Math.abs(local.loss));
    expectClose(point.gradient, local.gradient);
  });

  it('Gauss-Newton, Hessian, true and empirical Fisher products', () => {
    expectClose(product(point.gaussNewton(), v), product(local.gaussNewton(), v));
    expectClose(product(point.hessian(), v), product(local.hessian(), v));
    expectClose(product(point.fisher({ kind: 'true' }), v), product(local.fisher({ kind: 'true' }), v));
    expectClose(product(point.fisher({ kind: 'empirical' }), v), product(local.fisher({ kind: 'empirical' }), v));
  });

  it('the exact diagonal of the empirical Fisher', () => {
    expectClose(point.empiricalFisherDiagonal(), local.empiricalFisherDiagonal());
  });

  it('loss at another point, and loss and gradient on a subset of the data', () => {
    const other = normals(theta.length, 0.3);
    const subset = Int32Array.from([3, 30, 7, 11, 0, 36, 20]);
    const gathered = tf.gather(inputs, tf.tensor1d(subset, 'int32'));
    const subLabels = Int32Array.from(subset, (i) => labels[i]);
    const at = curvatureAt(mlp, softmaxCrossEntropy, other, { inputs: gathered, targets: subLabels });
    try {
      const got = engine.lossAndGradient(other, subset);
      expect(Math.abs(got.loss - at.loss)).toBeLessThan(SUMMATION_RTOL * at.loss);
      expectClose(got.gradient, at.gradient);
      expect(Math.abs(engine.loss(other, subset) - at.loss)).toBeLessThan(SUMMATION_RTOL * at.loss);
    } finally {
      at.dispose();
      gathered.dispose();
    }
  });

  it('the same bits run after run for the same number of workers', () => {
    const first = Array.from(engine.curvatureAt(theta, null, 5).gradient);
    point = engine.curvatureAt(theta, null, 5);
    expect(Array.from(point.gradient)).toEqual(first);
    const a = product(point.gaussNewton(), v);
    const b = product(point.gaussNewton(), v);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('a point that is no longer held says so', () => {
    const older = engine.curvatureAt(theta, null);
    engine.curvatureAt(theta, null);
    expect(() => product(older.gaussNewton(), v)).toThrow(/no longer held/);
  });

  it('leaves no tensor behind in the coordinator', () => {
    const before = tf.memory().numTensors;
    const at = engine.curvatureAt(theta, null);
    product(at.gaussNewton(), v);
    at.empiricalFisherDiagonal({ method: 'rademacher', samples: 2 });
    at.dispose();
    engine.loss(theta, null);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('one worker', () => {
  it('gives the bits of curvatureAt in this thread (same WASM kernels, same order)', async () => {
    const N = 16;
    const inputs = tf.tensor(normals(N * 6), [N, 6]);
    const labels = Int32Array.from({ length: N }, (_, i) => i % 3);
    const theta = normals((mlp as FunctionalModel).numParams, 0.5);
    const v = normals(theta.length);
    const engine = await startEngine({ workers: 1, model: mlp, loss: softmaxCrossEntropy, module: { url: MLP_URL } });
    try {
      engine.setData({ inputs, targets: labels });
      const point = engine.curvatureAt(theta, null);
      const local = curvatureAt(mlp, softmaxCrossEntropy, theta, { inputs, targets: labels });
      expect(point.loss).toBe(local.loss);
      expect(Array.from(point.gradient)).toEqual(Array.from(local.gradient));
      expect(Array.from(product(point.gaussNewton(), v))).toEqual(Array.from(product(local.gaussNewton(), v)));
      local.dispose();
    } finally {
      await engine.dispose();
      inputs.dispose();
    }
  });
});

/** What ParallelPoint adds to CurvatureAt. */
type ParallelCurvature = CurvatureAt & { dampedGaussNewton(weight: number): LinearOperator };

describe('structural damping on an RNN (3 workers, squared error, tensor targets)', () => {
  it('matches the in-thread product', async () => {
    const N = 20;
    const inputs = tf.tensor(normals(N * 3 * 2), [N, 3, 2]);
    const targets = tf.tensor(normals(N), [N, 1]);
    const theta = normals((rnn as FunctionalModel).numParams, 0.5);
    const v = normals(theta.length);
    const engine = await startEngine({ workers: 3, model: rnn, loss: squaredError, module: { url: RNN_URL, model: 'rnn' } });
    try {
      engine.setData({ inputs, targets });
      const point = engine.curvatureAt(theta, null);
      const local = curvatureAt(rnn, squaredError, theta, { inputs, targets });
      expectClose(product(point.structuralDamping(), v), product(local.structuralDamping(), v));
      expectClose(product(point.gaussNewton(), v), product(local.gaussNewton(), v));
      // G + w S in one sweep per worker, against the two products added here.
      const w = 0.3;
      const Sv = product(local.structuralDamping(), v);
      const separate = product(local.gaussNewton(), v).map((g, i) => g + w * Sv[i]);
      expectClose(product((point as ParallelCurvature).dampedGaussNewton(w), v), separate);
      local.dispose();
    } finally {
      await engine.dispose();
      tf.dispose([inputs, targets]);
    }
  });
});

describe('faults and bad input', () => {
  it('rejects bad options before starting a worker', async () => {
    await expect(startEngine({ workers: 0, model: mlp, loss: squaredError, module: { url: MLP_URL } })).rejects.toThrow(/options.workers must be a positive integer/);
    await expect(startEngine({ workers: 1.5, model: mlp, loss: squaredError, module: { url: MLP_URL } })).rejects.toThrow(/options.workers/);
  });

  it('a module without the named export fails the start, naming the export, and ends the workers', async () => {
    await expect(startEngine({ workers: 2, model: mlp, loss: squaredError, module: { url: MLP_URL, model: 'nope' } })).rejects.toThrow(/no export named 'nope'/);
  });

  it('an error in one worker rejects the request, names the worker, and the engine goes on', async () => {
    const N = 8;
    const x = normals(N * 3 * 2);
    x[(N / 2) * 6] = 123; // the first example of worker 1's share
    const inputs = tf.tensor(x, [N, 3, 2]);
    const targets = normals(N);
    const engine = await startEngine({ workers: 2, model: fragile, loss: squaredError, module: { url: RNN_URL, model: 'fragile' } });
    try {
      engine.setData({ inputs, targets });
      const theta = normals((fragile as FunctionalModel).numParams);
      expect(() => engine.curvatureAt(theta, null)).toThrow(/worker 1: .*fragile: the batch starts with 123/);
      expect(() => engine.curvatureAt(theta, Int32Array.from([0, 1, 2, 3]))).not.toThrow();
    } finally {
      await engine.dispose();
      inputs.dispose();
    }
  });

  it('a worker that dies makes the next request fail with a clear error; dispose still works', async () => {
    const handles: { terminate(): Promise<void> }[] = [];
    const spy: TransportFactory = async (k) => {
      const t = await threads()(k);
      handles.push(t);
      return t;
    };
    const engine = await startEngine({ workers: 2, model: mlp, loss: softmaxCrossEntropy, module: { url: MLP_URL }, transport: spy, timeoutMs: 3000 });
    const inputs = tf.tensor(normals(8 * 6), [8, 6]);
    engine.setData({ inputs, targets: Int32Array.from({ length: 8 }, (_, i) => i % 3) });
    const theta = normals((mlp as FunctionalModel).numParams);
    // Killed behind the engine's back (as an out-of-memory kill would).
    await handles[1].terminate();
    // Still blocked in Atomics.wait, the coordinator notices at the deadline.
    expect(() => engine.curvatureAt(theta, null)).toThrow(/worker 1 did not answer within 3000 ms/);
    expect(() => engine.loss(theta, null)).toThrow(/unusable.*dispose it and start a new one/);
    await engine.dispose();
    expect(() => engine.loss(theta, null)).toThrow(/after dispose/);
    inputs.dispose();
  });

  it('a worker whose thread exits mid-request answers it: the request fails at once and the engine refuses more work', async () => {
    const engine = await startEngine({ workers: 2, model: exiting, loss: squaredError, module: { url: RNN_URL, model: 'exiting' } });
    const inputs = tf.tensor([[1, 2], [3, 4], [321, 0], [5, 6]], [4, 2]);
    try {
      engine.setData({ inputs, targets: new Float32Array(4) });
      const theta = normals(3);
      const t0 = performance.now();
      expect(() => engine.loss(theta, null)).toThrow(/worker 1: the worker exited \(code 7\) in the middle of the request/);
      expect(performance.now() - t0).toBeLessThan(60_000); // not the 600 s deadline
      expect(engine.failure?.message).toMatch(/shard worker 1 exited/);
      expect(() => engine.loss(theta, Int32Array.from([0, 1]))).toThrow(/unusable/);
    } finally {
      await engine.dispose();
      inputs.dispose();
    }
  });

  it('a model family: the worker calls the export with the module args', async () => {
    const coordinatorModel = linear(5) as FunctionalModel;
    const engine = await startEngine({ workers: 2, model: coordinatorModel, loss: squaredError, module: { url: RNN_URL, model: 'linear', args: [5] } });
    const x = normals(6 * 5);
    const inputs = tf.tensor(x, [6, 5]);
    const targets = normals(6);
    try {
      engine.setData({ inputs, targets });
      const theta = normals(6);
      const local = curvatureAt(coordinatorModel, squaredError, theta, { inputs, targets });
      expectClose(engine.lossAndGradient(theta, null).gradient, local.gradient);
      local.dispose();
    } finally {
      await engine.dispose();
      inputs.dispose();
    }
  });

  it('a batch smaller than the number of workers is refused', async () => {
    const engine = await startEngine({ workers: 2, model: mlp, loss: softmaxCrossEntropy, module: { url: MLP_URL } });
    try {
      const inputs = tf.tensor(normals(4 * 6), [4, 6]);
      engine.setData({ inputs, targets: Int32Array.from([0, 1, 2, 0]) });
      expect(() => engine.loss(normals((mlp as FunctionalModel).numParams), Int32Array.from([1]))).toThrow(/1 examples cannot be split over 2 workers/);
      inputs.dispose();
    } finally {
      await engine.dispose();
    }
  });
});

describe('process lifetime', () => {
  it('a Node process that used the engine and forgot dispose() exits on its own', () => {
    const script = `
      import * as tf from '@tensorflow/tfjs-core';
      import '@tensorflow/tfjs-backend-wasm';
      import { squaredError } from '@hessian-free/curvature';
      import { startEngine } from '@hessian-free/parallel';
      import { model } from ${JSON.stringify(MLP_URL)};
      await tf.setBackend('wasm');
      const engine = await startEngine({ workers: 2, model, loss: squaredError, module: { url: ${JSON.stringify(MLP_URL)} } });
      engine.setData({ inputs: tf.ones([4, 6]), targets: new Float32Array(4 * 3) });
      console.log('loss', engine.loss(new Float32Array(model.numParams), null));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module'], {
      input: script,
      cwd: new URL('..', import.meta.url),
      timeout: 60_000,
      encoding: 'utf8',
    });
    expect(run.error).toBeUndefined(); // not killed by the timeout
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^loss /);
    expect(run.status).toBe(0);
  });
});
