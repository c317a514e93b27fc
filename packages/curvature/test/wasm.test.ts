import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';
import { curvatureAt, softmaxCrossEntropy, squaredError } from '@hessian-free/curvature';
import { lstm } from '../examples/lstm.js';
import { useBackend } from './helpers/backend.js';
import { references } from './helpers/curvature-references.js';
import { tfMlp } from './helpers/models.js';
import { addScaled, jsSoftmaxCE, jsSquaredError, lstmModel, mlpModel, oneHot, randoms, relativeError } from './helpers/reference.js';
import { expectMatches } from './helpers/checks.js';

test('MLP Gauss-Newton, Hessian and empirical Fisher products on the WASM backend', async () => {
  await useBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
  const [N, D, H, K] = [5, 3, 4, 3];
  const X = randoms(N * D, 61, 1);
  const labels = Int32Array.of(2, 0, 1, 1, 2);
  const model = tfMlp(D, H, K);
  const theta64 = randoms(model.numParams, 62, 0.8);
  const ref = references(mlpModel(X, N, D, H, K), jsSoftmaxCE, theta64, oneHot(labels, K), N);
  const inputs = tf.tensor(Float32Array.from(X), [N, D]);
  const before = tf.memory().numTensors;
  const at = curvatureAt(model, softmaxCrossEntropy, Float32Array.from(theta64), { inputs, targets: labels });
  expect(relativeError(at.gradient, ref.gradient)).toBeLessThan(1e-4); // float32 vs float64 FD
  expectMatches(at.gaussNewton(), ref.gaussNewton());
  expectMatches(at.hessian(), ref.hessian());
  expectMatches(at.fisher({ kind: 'empirical' }), ref.empiricalFisher());
  at.dispose();
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
});

test('LSTM (examples/lstm.ts) Gauss-Newton, G + w S and Hessian products on the WASM backend', async () => {
  await useBackend('wasm');
  const [N, T, D, H, K] = [3, 3, 2, 2, 2];
  const X = randoms(N * T * D, 71, 1);
  const Y = randoms(N * K, 72, 1);
  const model = lstm({ inputSize: D, hiddenSize: H, outputSize: K });
  const theta64 = randoms(model.numParams, 73, 0.7);
  const ref = references(lstmModel(X, N, T, D, H, K), jsSquaredError, theta64, Y, N);
  const inputs = tf.tensor(Float32Array.from(X), [N, T, D]);
  const before = tf.memory().numTensors;
  const at = curvatureAt(model, squaredError, Float32Array.from(theta64), { inputs, targets: Float32Array.from(Y) });
  expect(relativeError(at.gradient, ref.gradient)).toBeLessThan(1e-4); // float32 vs float64 FD
  expectMatches(at.gaussNewton(), ref.gaussNewton());
  const damped = ref.gaussNewton();
  addScaled(damped, ref.structuralDamping(), 0.4);
  expectMatches(at.dampedGaussNewton(0.4), damped);
  expectMatches(at.hessian(), ref.hessian());
  at.dispose();
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
});
