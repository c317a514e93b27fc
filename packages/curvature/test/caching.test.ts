/**
 * Work that does not depend on the vector is done once per point: the
 * forward pass runs once, in curvatureAt; a product runs no forward pass and
 * exactly the matMuls its sweeps need, all untransposed (counted by spying on
 * the engine every kernel goes through).
 *
 * The model is z = tanh(x W1 + b1) W2 + b2. A dense layer costs one matMul
 * forward; backward, dW = A' dZ and (except for the first layer, whose input
 * is the batch) dA = dZ W'; forward mode, dZ = dA W + A dW (the first layer:
 * x dW only).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { curvatureAt, softmaxCrossEntropy, squaredError, type CurvatureAt, type TracedCurvatureAt } from '@hessian-free/curvature';
import type { LinearOperator } from '@hessian-free/linop';
import { useBackend } from './helpers/backend.js';
import { kernelsRun, matMulCalls } from './helpers/gradients-check.js';
import { tfMlp, tfRnn } from './helpers/models.js';
import { randoms } from './helpers/reference.js';

const [N, D, H, K] = [6, 3, 4, 3];
const model = tfMlp(D, H, K);
const theta = Float32Array.from(randoms(model.numParams, 3, 0.8));
const labels = Int32Array.of(0, 2, 1, 1, 0, 2);
const x = Float32Array.from(randoms(model.numParams, 4, 1));
const y = new Float32Array(model.numParams);

const count = (calls: { name: string }[], name: string): number => calls.filter((c) => c.name === name).length;

describe('per-point caching', () => {
  let inputs: tf.Tensor;
  let at: CurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(randoms(N * D, 5, 1)), [N, D]);
  });
  afterAll(() => {
    at?.dispose();
    inputs.dispose();
  });

  test('curvatureAt: one forward pass (2 matMuls) and one reverse sweep (3), no transposed matMul', () => {
    const calls = kernelsRun(() => {
      at = curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: labels });
    });
    expect(count(calls, tf.Tanh)).toBe(1);
    expect(matMulCalls(calls)).toEqual({ all: 2 + 3, transposed: 0 });
  });

  const productKernels = (op: () => LinearOperator) => {
    const operator = op();
    operator.apply(x, y); // the first product may fill point caches
    return kernelsRun(() => operator.apply(x, y));
  };

  test('a Gauss-Newton product: no forward pass; J v (3 matMuls) and J\'u (3)', () => {
    const calls = productKernels(() => at.gaussNewton());
    expect(count(calls, tf.Tanh)).toBe(0);
    expect(count(calls, tf.Softmax)).toBe(0);
    expect(matMulCalls(calls)).toEqual({ all: 3 + 3, transposed: 0 });
  });

  test('an empirical Fisher product: the same sweeps', () => {
    const calls = productKernels(() => at.fisher({ kind: 'empirical' }));
    expect(count(calls, tf.Tanh)).toBe(0);
    expect(matMulCalls(calls)).toEqual({ all: 3 + 3, transposed: 0 });
  });

  test('a Hessian product: no forward pass; J v (3), the R-backward sweep (3) and the second-order terms of the hidden layer (2)', () => {
    const calls = productKernels(() => at.hessian());
    expect(count(calls, tf.Tanh)).toBe(0);
    expect(matMulCalls(calls)).toEqual({ all: 3 + 3 + 2, transposed: 0 });
  });

  test('the Rademacher diagonal: one reverse sweep per probe, no forward pass', () => {
    const calls = kernelsRun(() => void at.empiricalFisherDiagonal({ method: 'rademacher', samples: 2 }));
    expect(count(calls, tf.Tanh)).toBe(0);
    expect(matMulCalls(calls)).toEqual({ all: 2 * 3, transposed: 0 });
  });
});

/**
 * Structural damping on the tanh RNN of helpers/models.ts over T steps,
 * h_t = tanh(x_t Wx + h_{t-1} Wh + b), z = h_T Wo + bo. Forward mode: x_t dWx
 * at every step, dh_{t-1} Wh + h_{t-1} dWh after the first, dh_T Wo + h_T dWo
 * at the output: T + 2(T - 1) + 2 = 3T matMuls, 3T - 2 up to the hidden
 * states alone. The reverse sweep runs the transposed products, as many.
 */
describe('per-point caching: G + w S in one forward-mode and one reverse sweep', () => {
  const [n, T, d, h, k] = [4, 3, 2, 3, 2];
  const rnn = tfRnn(d, h, k);
  const point = Float32Array.from(randoms(rnn.numParams, 31, 0.7));
  const v = Float32Array.from(randoms(rnn.numParams, 32, 1));
  const out = new Float32Array(rnn.numParams);
  let inputs: tf.Tensor;
  let at: TracedCurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(randoms(n * T * d, 33, 1)), [n, T, d]);
    at = curvatureAt(rnn, squaredError, point, { inputs, targets: Float32Array.from(randoms(n * k, 34, 1)) });
  });
  afterAll(() => {
    at?.dispose();
    inputs.dispose();
  });

  const kernelsOfProduct = (operator: LinearOperator) => {
    operator.apply(v, out); // the first product may fill point caches
    return kernelsRun(() => operator.apply(v, out));
  };

  test('G v: 3T + 3T matMuls; S v: (3T - 2) + (3T - 2); no forward pass', () => {
    const g = kernelsOfProduct(at.gaussNewton());
    const sd = kernelsOfProduct(at.structuralDamping());
    expect(matMulCalls(g)).toEqual({ all: 3 * T + 3 * T, transposed: 0 });
    expect(matMulCalls(sd)).toEqual({ all: 2 * (3 * T - 2), transposed: 0 });
    expect(count(g, tf.Tanh) + count(sd, tf.Tanh)).toBe(0);
  });

  test('(G + w S) v: the matMuls of G v alone (one forward-mode sweep, one reverse sweep), no forward pass', () => {
    const fused = kernelsOfProduct(at.dampedGaussNewton(0.25));
    expect(matMulCalls(fused)).toEqual({ all: 3 * T + 3 * T, transposed: 0 });
    expect(count(fused, tf.Tanh)).toBe(0);
    // The hidden states' share: one scaling per state (w / N) and one addition
    // where its seed meets the cotangent from downstream (T - 1 of them: h_T's
    // downstream cotangent meets its seed too, so T in all).
    const g = kernelsOfProduct(at.gaussNewton());
    expect(count(fused, tf.Multiply) - count(g, tf.Multiply)).toBe(T);
    expect(count(fused, tf.Add) - count(g, tf.Add)).toBe(T);
  });
});
