import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';
import { curvatureAt, softmaxCrossEntropy } from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { references } from './helpers/curvature-references.js';
import { tfMlp } from './helpers/models.js';
import { jsSoftmaxCE, mlpModel, oneHot, randoms, relativeError } from './helpers/reference.js';
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
