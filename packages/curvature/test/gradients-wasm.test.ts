/**
 * A representative subset of the gradient table on the WASM backend (float32,
 * the backend the optimizer runs on), in its own file so that it gets its own
 * process and backend. Same references and tolerances as on cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureGradients } from '../src/gradients/index.js';
import {
  FD_TOL,
  directionFor,
  fdGradient,
  fdHvp,
  gradient,
  hvp,
  kernelsRun,
  linearLoss,
  matMulCalls,
  mlpProblem,
  pointOf,
  quadraticLoss,
  relativeError,
  rnnProblem,
  type InputKind,
  type Op,
} from './helpers/gradients-check.js';
import { useBackend } from './helpers/backend.js';

beforeAll(async () => {
  await useBackend('wasm');
  ensureGradients();
});

test('runs on the wasm backend', () => {
  expect(tf.getBackend()).toBe('wasm');
});

describe.each([
  { name: 'tanh MLP, log(softmax)', problem: mlpProblem('log-softmax', 41) },
  { name: 'tanh MLP, logSumExp', problem: mlpProblem('log-sum-exp', 42) },
  { name: 'tanh RNN, softplus', problem: rnnProblem(43) },
])('$name', ({ problem }) => {
  const v = directionFor(problem.point, 44);

  test('gradient and Hv match finite differences, leaking no tensors', () => {
    const before = tf.memory().numTensors;
    const product = hvp(problem.loss, problem.point, v);
    expect(tf.memory().numTensors).toBe(before);
    expect(relativeError(gradient(problem.loss, problem.point), fdGradient(problem.loss, problem.point))).toBeLessThan(
      FD_TOL,
    );
    expect(relativeError(product, fdHvp(problem.loss, problem.point, v))).toBeLessThan(FD_TOL);
  });
});

const OPS: readonly { name: string; shapes: number[][]; kinds: InputKind[]; op: Op }[] = [
  { name: 'matMul A B', shapes: [[3, 4], [4, 2]], kinds: ['normal', 'normal'], op: (a, b) => tf.matMul(a, b) },
  { name: 'matMul A B^T', shapes: [[3, 4], [2, 4]], kinds: ['normal', 'normal'], op: (a, b) => tf.matMul(a, b, false, true) },
  { name: 'matMul A^T B', shapes: [[4, 3], [4, 2]], kinds: ['normal', 'normal'], op: (a, b) => tf.matMul(a, b, true, false) },
  { name: 'matMul A^T B^T batched', shapes: [[2, 4, 3], [2, 2, 4]], kinds: ['normal', 'normal'], op: (a, b) => tf.matMul(a, b, true, true) },
  { name: 'sigmoid', shapes: [[3, 4]], kinds: ['normal'], op: (x) => tf.sigmoid(x) },
  { name: 'softmax', shapes: [[3, 4]], kinds: ['normal'], op: (x) => tf.softmax(x) },
  { name: 'relu', shapes: [[3, 4]], kinds: ['grid'], op: (x) => tf.relu(x) },
  { name: 'elu', shapes: [[3, 4]], kinds: ['grid'], op: (x) => tf.elu(x) },
  { name: 'max over axis 1', shapes: [[3, 4]], kinds: ['distinct'], op: (x) => tf.max(x, 1) },
  { name: 'pow with broadcasting', shapes: [[3, 1], [1, 4]], kinds: ['positive', 'normal'], op: (a, b) => tf.pow(a, b) },
  { name: 'squaredDifference', shapes: [[3, 4], [4]], kinds: ['normal', 'normal'], op: (a, b) => tf.squaredDifference(a, b) },
  {
    name: 'concat + slice + tile',
    shapes: [[2, 3], [2, 1]],
    kinds: ['normal', 'normal'],
    op: (a, b) => tf.slice(tf.tile(tf.concat([a, b], 1), [2, 1]), [1, 1], [2, 3]),
  },
];

describe.each(OPS)('$name', ({ shapes, kinds, op }) => {
  const point = pointOf(shapes, kinds, 77);
  const v = directionFor(point, 78);

  test('gradient and Hv match finite differences', () => {
    expect(relativeError(gradient(linearLoss(op), point), fdGradient(linearLoss(op), point))).toBeLessThan(FD_TOL);
    const loss = quadraticLoss(op);
    expect(relativeError(hvp(loss, point, v), fdHvp(loss, point, v))).toBeLessThan(FD_TOL);
  });
});

test('MatMul gradient runs no transposed product beyond the forward one', () => {
  const point = pointOf([[4, 3], [2, 4]], ['normal', 'normal'], 79);
  const loss = linearLoss((a, b) => tf.matMul(a, b, true, true));
  const { all, transposed } = matMulCalls(kernelsRun(() => void hvp(loss, point, directionFor(point, 80))));
  expect(all).toBeGreaterThan(1);
  expect(transposed).toBe(1);
});
