/**
 * The LSTM of examples/lstm.ts against float64 references in plain JS
 * (helpers/reference.ts's lstmModel, the same equations written
 * independently): Gauss-Newton and structural damping from explicit
 * finite-difference Jacobians, the Hessian from central differences of the
 * gradient (helpers/curvature-references.ts). Tolerances: OPERATOR_TOL
 * (helpers/checks.ts: 1e-3 of the largest entry, float32 products against
 * references good to ~1e-7).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  curvatureAt,
  ensureGradients,
  parameterTensors,
  softmaxCrossEntropy,
  squaredError,
  type TracedCurvatureAt,
} from '@hessian-free/curvature';
import { lstm, lstmInit, lstmShapes } from '../examples/lstm.js';
import { useBackend } from './helpers/backend.js';
import { expectMatches, expectPsdOnRandomVectors, expectSymmetric } from './helpers/checks.js';
import { references } from './helpers/curvature-references.js';
import { addScaled, jsSoftmaxCE, jsSquaredError, lstmModel, oneHot, randoms, relativeError } from './helpers/reference.js';

// inputs [N, T, D], H units, K outputs.
const [N, T, D, H, K] = [4, 3, 2, 3, 2];
const X = randoms(N * T * D, 41, 1);

describe('LSTM, squared error: loss, gradient, G, S, G + w S, H, empirical Fisher', () => {
  const Y = randoms(N * K, 42, 1);
  const model = lstm({ inputSize: D, hiddenSize: H, outputSize: K });
  const theta64 = randoms(model.numParams, 43, 0.7);
  const ref = references(lstmModel(X, N, T, D, H, K), jsSquaredError, theta64, Y, N);
  let inputs: tf.Tensor;
  let at: TracedCurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(X), [N, T, D]);
    at = curvatureAt(model, squaredError, Float32Array.from(theta64), { inputs, targets: Float32Array.from(Y) });
  });
  afterAll(() => {
    at.dispose();
    inputs.dispose();
  });

  test('the parameter layout: W [D, 4H], U [H, 4H], b [4H], Wo [H, K], bo [K]', () => {
    expect(model.shapes).toEqual([[D, 4 * H], [H, 4 * H], [4 * H], [H, K], [K]]);
    expect(model.numParams).toBe(4 * H * (D + H + 1) + H * K + K);
  });

  test('loss and gradient (float32 vs float64: 1e-5 / 1e-4 relative)', () => {
    expect(Math.abs(at.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    expect(relativeError(at.gradient, ref.gradient)).toBeLessThan(1e-4);
  });

  test('Gauss-Newton = J\'J / N with explicit Jacobians', () => {
    const G = at.gaussNewton();
    expectMatches(G, ref.gaussNewton());
    expectSymmetric(G, 1);
    expectPsdOnRandomVectors(G, 2);
  });

  test('structural damping S = J_h\'J_h / N over the hidden outputs h_1..h_T', () => {
    const S = at.structuralDamping();
    expectMatches(S, ref.structuralDamping());
    expectSymmetric(S, 3);
    expectPsdOnRandomVectors(S, 4);
  });

  test('dampedGaussNewton(w) = G + w S', () => {
    const w = 0.4;
    const reference = ref.gaussNewton();
    addScaled(reference, ref.structuralDamping(), w);
    const A = at.dampedGaussNewton(w);
    expectMatches(A, reference);
    expectSymmetric(A, 5);
    expectPsdOnRandomVectors(A, 6);
  });

  test('Hessian equals central differences of the gradient (second order through sigmoid, tanh and the gates\' products)', () => {
    const Hop = at.hessian();
    expectMatches(Hop, ref.hessian());
    expectSymmetric(Hop, 7);
  });

  test('the gradient table alone (ensureGradients, tf.grads of tf.grads) gives the same Hessian-vector products', () => {
    // Independent of the recording and its closed-form rules: double backprop
    // through the model with the package's gradient table, whose sigmoid and
    // tanh gradients recompute from their inputs (tfjs's own fail at second
    // order). Float32 both ways through different sums: 1e-4 of the largest entry.
    ensureGradients();
    const targets = squaredError.prepareTargets(Float32Array.from(Y), [N, K]);
    for (const seed of [45, 46]) {
      const v = Float32Array.from(randoms(model.numParams, seed));
      const doubleBackprop = tf.tidy(() => {
        const params = parameterTensors(model.shapes, Float32Array.from(theta64));
        const vs = parameterTensors(model.shapes, v);
        const loss = (...ps: tf.Tensor[]): tf.Scalar => squaredError.value(model.traceParams(ps, inputs)[0], targets);
        const gv = (...ps: tf.Tensor[]): tf.Scalar => tf.addN(tf.grads(loss)(ps).map((g, k) => tf.sum(tf.mul(g, vs[k])))) as tf.Scalar;
        return tf.concat(tf.grads(gv)(params).map((h) => tf.reshape(h, [-1])));
      });
      const expected = doubleBackprop.dataSync() as Float32Array;
      doubleBackprop.dispose();
      const Hv = new Float32Array(model.numParams);
      at.hessian().apply(v, Hv);
      expect(relativeError(Hv, expected)).toBeLessThan(1e-4);
    }
    targets.dispose();
  });

  test('empirical Fisher from per-example gradients', () => {
    const F = at.fisher({ kind: 'empirical' });
    expectMatches(F, ref.empiricalFisher());
    expectPsdOnRandomVectors(F, 8);
  });
});

describe('LSTM, softmax cross-entropy (a loss Hessian that is not the identity)', () => {
  // 2 units (49 parameters) keep the finite-difference Hessian cheap.
  const [units, classes] = [2, 3];
  const labels = Int32Array.of(2, 0, 1, 1);
  const model = lstm({ inputSize: D, hiddenSize: units, outputSize: classes });
  const theta64 = randoms(model.numParams, 44, 0.7);
  const ref = references(lstmModel(X, N, T, D, units, classes), jsSoftmaxCE, theta64, oneHot(labels, classes), N);
  let inputs: tf.Tensor;
  let at: TracedCurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(X), [N, T, D]);
    at = curvatureAt(model, softmaxCrossEntropy, Float32Array.from(theta64), { inputs, targets: labels });
  });
  afterAll(() => {
    at.dispose();
    inputs.dispose();
  });

  test('Gauss-Newton (1/N) sum_i J_i\' H_i J_i and the Hessian', () => {
    expect(relativeError(at.gradient, ref.gradient)).toBeLessThan(1e-4);
    expectMatches(at.gaussNewton(), ref.gaussNewton());
    expectMatches(at.hessian(), ref.hessian());
  });
});

describe('lstmInit', () => {
  test('weights in (-1/sqrt(H), 1/sqrt(H)), the forget gate\'s bias 1, the other biases 0; seeded', () => {
    const sizes = { inputSize: D, hiddenSize: H, outputSize: K };
    const theta = lstmInit(sizes, 3);
    expect(theta).toEqual(lstmInit(sizes, 3));
    expect(theta).not.toEqual(lstmInit(sizes, 4));
    const [W, U, b, Wo, bo] = lstmShapes(sizes).map((s) => s.reduce((a, d) => a * d, 1));
    const weights = [...theta.subarray(0, W + U), ...theta.subarray(W + U + b, W + U + b + Wo)];
    expect(weights.every((w) => Math.abs(w) < 1 / Math.sqrt(H))).toBe(true);
    expect(Array.from(theta.subarray(W + U, W + U + b))).toEqual([...Array(H).fill(0), ...Array(H).fill(1), ...Array(2 * H).fill(0)]);
    expect(Array.from(theta.subarray(W + U + b + Wo))).toEqual(Array(bo).fill(0));
  });
});
