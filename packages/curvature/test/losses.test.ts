import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  seededRng,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  squaredError,
  type OutputLoss,
} from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { jacobianFD, jsSigmoidCE, jsSoftmaxCE, jsSquaredError, randoms, relativeError, sigm, softmax, type JsLoss } from './helpers/reference.js';

const [N, K] = [3, 4];
const z64 = randoms(N * K, 31, 3);
const probs = (rows: Float64Array): Float64Array => {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < N; i++) out.set(softmax(rows.subarray(i * K, (i + 1) * K)), i * K);
  return out;
};
const cases: [OutputLoss, JsLoss, Float64Array][] = [
  [squaredError, jsSquaredError, randoms(N * K, 32, 1)],
  [softmaxCrossEntropy, jsSoftmaxCE, probs(randoms(N * K, 33, 2))],
  [sigmoidCrossEntropy, jsSigmoidCE, Float64Array.from(randoms(N * K, 34, 1), (v) => (v + 1) / 2)],
];

describe('losses', () => {
  beforeAll(() => useBackend('cpu'));

  test.each(cases.map((c) => [c[0].name, ...c] as const))('%s: value is the batch mean; gradient and H_L u match finite differences', (_, loss, js, y64) => {
    const z = tf.tensor(Float32Array.from(z64), [N, K]);
    const y = loss.prepareTargets(Float32Array.from(y64), [N, K]);
    const perExample = (i: number) => (zi: Float64Array) => js.value(zi, y64.subarray(i * K, (i + 1) * K));
    let mean = 0;
    for (let i = 0; i < N; i++) mean += perExample(i)(z64.subarray(i * K, (i + 1) * K)) / N;
    // float32 evaluation of a float64 reference: 1e-5 relative.
    expect(Math.abs(loss.value(z, y).dataSync()[0] - mean) / Math.abs(mean)).toBeLessThan(1e-5);

    const u64 = randoms(N * K, 35, 1);
    const u = tf.tensor(Float32Array.from(u64), [N, K]);
    const pred = loss.prediction(z);
    const g = loss.outputGradient(pred, y).dataSync() as Float32Array;
    const hu = loss.outputHessianProduct(pred, u).dataSync() as Float32Array;
    for (let i = 0; i < N; i++) {
      const zi = z64.slice(i * K, (i + 1) * K);
      const gradAt = (t: Float64Array): Float64Array => jacobianFD((s) => Float64Array.of(perExample(i)(s)), t, 1e-5)[0];
      const Hi = jacobianFD(gradAt, zi, 1e-4);
      const refHu = Hi.map((row) => row.reduce((a, h, k) => a + h * u64[i * K + k], 0));
      // float64 central differences: the gradient (h = 1e-5) to ~1e-10, its
      // Jacobian (h = 1e-4) to ~1e-6; float32 results: 1e-5 and 1e-4 relative.
      expect(relativeError(g.slice(i * K, (i + 1) * K), gradAt(zi))).toBeLessThan(1e-5);
      expect(relativeError(hu.slice(i * K, (i + 1) * K), Float64Array.from(refHu))).toBeLessThan(1e-4);
    }
    tf.dispose([z, y, u, pred]);
  });

  test('cross-entropies stay finite for large logits', () => {
    const z = tf.tensor2d([[1000, -1000, 0, 500]]);
    const y = softmaxCrossEntropy.prepareTargets(Int32Array.of(1), [1, 4]);
    expect(softmaxCrossEntropy.value(z, y).dataSync()[0]).toBeCloseTo(2000, 2);
    const b = sigmoidCrossEntropy.prepareTargets(Float32Array.of(0, 1, 1, 0), [1, 4]);
    expect(sigmoidCrossEntropy.value(z, b).dataSync()[0]).toBeCloseTo(1000 + 1000 + Math.log(2) + 500, 2);
    tf.dispose([z, y, b]);
  });

  test('samples follow the predictive distribution', () => {
    // 20000 draws: frequencies within 4 standard errors (sd <= 0.5/sqrt(20000) = 0.0035).
    const draws = 20000;
    const zRow = [0.5, -1, 2];
    const p = softmax(Float64Array.from(zRow));
    const z = tf.tensor2d(Array.from({ length: draws }, () => zRow));
    const pred = softmaxCrossEntropy.prediction(z);
    const counts = Array.from(tf.sum(softmaxCrossEntropy.sample(pred, seededRng(1)), 0).dataSync());
    counts.forEach((c, k) => expect(Math.abs(c / draws - p[k])).toBeLessThan(0.014));

    const zb = tf.fill([draws, 1], 0.3);
    const pb = sigmoidCrossEntropy.prediction(zb);
    const mean = tf.mean(sigmoidCrossEntropy.sample(pb, seededRng(2))).dataSync()[0];
    expect(Math.abs(mean - sigm(0.3))).toBeLessThan(0.014);

    // Gaussian N(z, I): mean within 4 * 1/sqrt(20000) = 0.028, variance within 0.04.
    const zs = tf.fill([draws, 1], -2);
    const ys = squaredError.sample(zs, seededRng(3)).dataSync() as Float32Array;
    const m = ys.reduce((a, v) => a + v, 0) / draws;
    const v = ys.reduce((a, x) => a + (x - m) ** 2, 0) / draws;
    expect(Math.abs(m + 2)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
    tf.dispose([z, pred, zb, pb, zs]);
  });
});
