import { sigmoidCrossEntropy, squaredError } from '@hessian-free/curvature';
import { adam, evaluateLoss, sgdMomentum, sparseInit } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { disposeAll, identical, linearModel, logisticSet, nonlinearSet, normals32, regressionSet, tanhMlp, tensors, withOnes } from './helpers/hf-fixtures.js';

// The first-order baselines, evaluateLoss against plain-JS sums, and Martens'
// sparse initialization.

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-baselines:\n  ${measured.join('\n  ')}`));

describe('adam and sgdMomentum', () => {
  const set = nonlinearSet(64, 2, 101);
  const model = tanhMlp(2, 6, 1);
  const theta0 = normals32(model.numParams, 102, 0.5);
  for (const name of ['adam', 'sgdMomentum'] as const) {
    it(`${name}: 150 minibatch steps lower the full-set loss by half`, async () => {
      const data = tensors(set);
      const opt =
        name === 'adam'
          ? adam(model, squaredError, data, theta0, { learningRate: 2e-2, batchSize: 16, seed: 3 })
          : sgdMomentum(model, squaredError, data, theta0, { learningRate: 2e-2, momentum: 0.9, batchSize: 16, seed: 3 });
      const before = evaluateLoss(model, squaredError, data, theta0);
      for (let k = 1; k <= 150; k++) {
        const r = await opt.step();
        expect(r.step).toBe(k);
        expect(Number.isFinite(r.loss)).toBe(true);
      }
      expect(opt.stepCount).toBe(150);
      const after = evaluateLoss(model, squaredError, data, opt.parameters);
      measured.push(`${name}: full-set loss ${before.toFixed(4)} -> ${after.toFixed(4)} in 150 steps of 16`);
      expect(after).toBeLessThan(0.5 * before);
      opt.dispose();
      expect(() => opt.parameters).toThrow(/disposed/);
      disposeAll(data);
    });
  }

  it('the same seed gives the same run; an aborted signal rejects and changes nothing', async () => {
    const data = tensors(set);
    const a = adam(model, squaredError, data, theta0, { batchSize: 8, seed: 11 });
    const b = adam(model, squaredError, data, theta0, { batchSize: 8, seed: 11 });
    for (let k = 0; k < 5; k++) expect((await a.step()).loss).toBe((await b.step()).loss);
    expect(identical(a.parameters, b.parameters)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    const before = a.parameters;
    await expect(a.step({ signal: controller.signal })).rejects.toBe(controller.signal.reason);
    expect(identical(a.parameters, before)).toBe(true);
    expect(a.stepCount).toBe(5);
    a.dispose();
    b.dispose();
    disposeAll(data);
  });

  it('l2 joins the objective: the reported loss is the mean loss + (l2/2)|theta|^2 (plain JS, 1e-6 relative)', async () => {
    // One full-batch step: the report's loss is the objective BEFORE the update, at theta0.
    const lin = linearModel(2);
    const s = regressionSet(10, 2, 103);
    const data = tensors(s);
    const theta = Float32Array.of(0.3, -0.4, 0.2);
    const l2 = 0.7;
    const opt = sgdMomentum(lin, squaredError, data, theta, { batchSize: 10, l2 });
    const r = await opt.step();
    let f = 0;
    for (let i = 0; i < s.m; i++) f += 0.5 * (s.x[2 * i] * theta[0] + s.x[2 * i + 1] * theta[1] + theta[2] - s.y[i]) ** 2;
    const expected = f / s.m + 0.5 * l2 * (theta[0] ** 2 + theta[1] ** 2 + theta[2] ** 2);
    expect(Math.abs(r.loss - expected)).toBeLessThanOrEqual(1e-6 * expected);
    opt.dispose();
    disposeAll(data);
  });
});

describe('evaluateLoss against a plain-JS mean, for every chunk size', () => {
  // Chunk means are recombined as sum(mean_c * size_c) / N in float64; each
  // chunk's mean is a float32 sum of <= 10 terms ~1: relative error ~1e-7,
  // so 1e-6 relative separates a correct recombination from a wrong one
  // (e.g. averaging chunk means, off by ~10% with a short last chunk).
  const N = 10;
  it('squared error, tensor targets', () => {
    const s = regressionSet(N, 3, 111);
    const X = withOnes(s);
    const theta = Float32Array.of(0.5, -1, 0.25, 0.1);
    let f = 0;
    for (let i = 0; i < N; i++) {
      let z = 0;
      for (let j = 0; j < 4; j++) z += X[i * 4 + j] * theta[j];
      f += 0.5 * (z - s.y[i]) ** 2;
    }
    f /= N;
    const data = tensors(s);
    for (const batchSize of [1, 3, 1000]) {
      expect(Math.abs(evaluateLoss(linearModel(3), squaredError, data, theta, { batchSize }) - f)).toBeLessThanOrEqual(1e-6 * f);
    }
    disposeAll(data);
  });

  it('sigmoid cross-entropy, Float32Array targets', () => {
    const s = logisticSet(N, 2, 113);
    const theta = Float32Array.of(1.5, -0.5, 0.3);
    let f = 0;
    for (let i = 0; i < N; i++) {
      const z = s.x[2 * i] * theta[0] + s.x[2 * i + 1] * theta[1] + theta[2];
      f += Math.log1p(Math.exp(z)) - s.y[i] * z;
    }
    f /= N;
    const inputs = tf.tensor2d(s.x, [N, 2]);
    for (const batchSize of [1, 3, 1000]) {
      expect(Math.abs(evaluateLoss(linearModel(2), sigmoidCrossEntropy, { inputs, targets: s.y }, theta, { batchSize }) - f)).toBeLessThanOrEqual(1e-6 * f);
    }
    inputs.dispose();
  });
});

describe('sparseInit (Martens 2010: 15 nonzero incoming weights per unit)', () => {
  // Two weight matrices (fan-in 40 > 15 and fan-in 6 < 15), two biases, and a
  // rank-3 tensor (not a weight matrix: zero like a bias).
  const shapes = [[40, 9], [9], [6, 4], [4], [2, 3, 5]];
  const offsets = shapes.reduce<number[]>((acc, s, k) => [...acc, (acc[k] ?? 0) + s.reduce((a, b) => a * b, 1)], [0]);

  const columnNonzeros = (theta: Float32Array, k: number): number[] => {
    const [fanIn, units] = shapes[k];
    return Array.from({ length: units }, (_, u) => {
      let count = 0;
      for (let i = 0; i < fanIn; i++) if (theta[offsets[k] + i * units + u] !== 0) count++;
      return count;
    });
  };

  for (const [nonzero, label] of [[undefined, 'default 15'], [3, 'nonzero: 3']] as const) {
    it(`${label}: exactly min(nonzero, fan-in) nonzeros in every unit's column; biases and other tensors zero`, () => {
      const theta = sparseInit(shapes, nonzero === undefined ? { seed: 5 } : { seed: 5, nonzero });
      const k = nonzero ?? 15;
      expect(theta.length).toBe(offsets[offsets.length - 1]);
      expect(columnNonzeros(theta, 0)).toEqual(Array(9).fill(Math.min(k, 40)));
      expect(columnNonzeros(theta, 2)).toEqual(Array(4).fill(Math.min(k, 6)));
      for (const b of [1, 3, 4]) expect(theta.subarray(offsets[b], offsets[b + 1]).every((v) => v === 0)).toBe(true);
    });
  }

  it('deterministic per seed; different seeds differ; scale scales', () => {
    expect(identical(sparseInit(shapes, { seed: 7 }), sparseInit(shapes, { seed: 7 }))).toBe(true);
    expect(identical(sparseInit(shapes, { seed: 7 }), sparseInit(shapes, { seed: 8 }))).toBe(false);
    const unit = sparseInit(shapes, { seed: 7 });
    const scaled = sparseInit(shapes, { seed: 7, scale: 0.25 });
    // Same positions, values times 0.25 (exact in float32: a power of two).
    expect(identical(scaled, unit.map((v) => v * 0.25))).toBe(true);
  });

  it('the nonzero weights look like N(0, 1): mean and variance of 9 x 15 + 4 x 6 = 159 draws', () => {
    // Standard error of the mean 1/sqrt(159) ~ 0.08, of the variance
    // sqrt(2/159) ~ 0.11: bounds at ~4 standard errors.
    const theta = sparseInit(shapes, { seed: 9 });
    const values = Array.from(theta).filter((v) => v !== 0);
    expect(values.length).toBe(9 * 15 + 4 * 6);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.32);
    expect(Math.abs(variance - 1)).toBeLessThan(0.45);
  });
});
