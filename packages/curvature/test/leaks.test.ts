import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, test } from 'vitest';
import { curvatureAt, squaredError } from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { tfRnn } from './helpers/models.js';
import { randoms } from './helpers/reference.js';

beforeAll(() => useBackend('cpu'));

test('no tensors leak: 50 products of every operator, then dispose()', () => {
  const [N, T, D, H, K] = [3, 3, 2, 3, 2];
  const model = tfRnn(D, H, K);
  const inputs = tf.tensor(Float32Array.from(randoms(N * T * D, 1)), [N, T, D]);
  const before = tf.memory().numTensors;
  const at = curvatureAt(model, squaredError, Float32Array.from(randoms(model.numParams, 2)), {
    inputs,
    targets: Float32Array.from(randoms(N * K, 3)),
  });
  const afterConstruction = tf.memory().numTensors;
  const ops = [
    at.gaussNewton(),
    at.hessian(),
    at.fisher({ kind: 'empirical' }),
    at.fisher({ kind: 'monte-carlo', seed: 4 }),
    at.fisher({ kind: 'true' }),
    at.structuralDamping(),
    at.dampedGaussNewton(0.3),
  ];
  const x = Float32Array.from(randoms(model.numParams, 5));
  const y = new Float32Array(model.numParams);
  // The first round may fill point caches (slopes, transposes, the Hessian's
  // adjoints and second derivatives): work done once per point, kept by `at`.
  ops.forEach((op) => op.apply(x, y));
  const cached = tf.memory().numTensors;
  expect(cached).toBeGreaterThan(afterConstruction);
  for (let k = 0; k < 50; k++) {
    ops[k % ops.length].apply(x, y);
    // Products hold nothing between calls.
    expect(tf.memory().numTensors).toBe(cached);
  }
  at.empiricalFisherDiagonal();
  at.empiricalFisherDiagonal({ method: 'rademacher', samples: 2 });
  at.dispose();
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
});

test('curvatureAt inside a tf.tidy keeps its point: products work after the tidy, dispose() releases all', () => {
  const [N, T, D, H, K] = [2, 2, 2, 3, 2];
  const model = tfRnn(D, H, K);
  const inputs = tf.tensor(Float32Array.from(randoms(N * T * D, 6)), [N, T, D]);
  const before = tf.memory().numTensors;
  let at: ReturnType<typeof curvatureAt> | undefined;
  tf.tidy(() => {
    at = curvatureAt(model, squaredError, Float32Array.from(randoms(model.numParams, 7)), {
      inputs,
      targets: Float32Array.from(randoms(N * K, 8)),
    });
  });
  const x = Float32Array.from(randoms(model.numParams, 9));
  const y = new Float32Array(model.numParams);
  at!.gaussNewton().apply(x, y);
  at!.hessian().apply(x, y);
  expect(y.every(Number.isFinite)).toBe(true);
  at!.dispose();
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
});
