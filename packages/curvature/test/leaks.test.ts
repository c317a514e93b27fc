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
  ];
  const x = Float32Array.from(randoms(model.numParams, 5));
  const y = new Float32Array(model.numParams);
  for (let k = 0; k < 50; k++) {
    ops[k % ops.length].apply(x, y);
    // Products hold nothing between calls (the Monte-Carlo operator caches its one sample).
    expect(tf.memory().numTensors).toBe(afterConstruction + 1);
  }
  at.empiricalFisherDiagonal();
  at.empiricalFisherDiagonal({ method: 'rademacher', samples: 2 });
  at.dispose();
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
});
