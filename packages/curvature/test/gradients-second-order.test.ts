/**
 * The gradient table as a whole, on the cpu backend: Hessian-vector products
 * of small models against finite differences, MatMul kept on the fast path,
 * idempotent registration, no leaks, and what an op outside the table does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { curvatureAt, functionalModel, squaredError } from '@hessian-free/curvature';
import { ensureGradients, supportedKernels } from '../src/gradients/index.js';
import { releaseAbandonedTape } from '../src/gradients/missing.js';
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
  type Loss,
  type Point,
} from './helpers/gradients-check.js';
import { useBackend } from './helpers/backend.js';

beforeAll(async () => {
  await useBackend('cpu');
  ensureGradients();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([
  { name: 'tanh MLP, softmax cross-entropy via log(softmax)', problem: mlpProblem('log-softmax', 11) },
  { name: 'tanh MLP, softmax cross-entropy via logSumExp', problem: mlpProblem('log-sum-exp', 12) },
  { name: 'tanh RNN over 3 steps, sigmoid cross-entropy via softplus', problem: rnnProblem(13) },
])('$name', ({ problem }) => {
  const v = directionFor(problem.point, 99);

  test('gradient matches finite differences', () => {
    expect(relativeError(gradient(problem.loss, problem.point), fdGradient(problem.loss, problem.point))).toBeLessThan(
      FD_TOL,
    );
  });

  test('Hv by double backprop matches finite differences of the gradient', () => {
    expect(relativeError(hvp(problem.loss, problem.point, v), fdHvp(problem.loss, problem.point, v))).toBeLessThan(
      FD_TOL,
    );
  });

  test('a tidied Hv leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    hvp(problem.loss, problem.point, v);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('MatMul stays on the fast path', () => {
  const combos = [
    { tA: false, tB: false, shapes: [[3, 4], [4, 2]] },
    { tA: false, tB: true, shapes: [[3, 4], [2, 4]] },
    { tA: true, tB: false, shapes: [[4, 3], [4, 2]] },
    { tA: true, tB: true, shapes: [[4, 3], [2, 4]] },
    { tA: true, tB: true, shapes: [[2, 4, 3], [2, 2, 4]] },
  ];

  test.each(combos)('transposeA=$tA transposeB=$tB $shapes: only the forward product is transposed', ({ tA, tB, shapes }) => {
    const point = pointOf(shapes, ['normal', 'normal'], 5);
    const loss = linearLoss((a, b) => tf.matMul(a, b, tA, tB));
    const v = directionFor(point, 6);
    for (const run of [() => void gradient(loss, point), () => void hvp(loss, point, v)]) {
      const { all, transposed } = matMulCalls(kernelsRun(run));
      expect(all).toBeGreaterThan(1);
      expect(transposed).toBe(tA || tB ? 1 : 0); // the forward product asked for by the test itself
    }
  });
});

describe('registration', () => {
  const point: Point = pointOf([[3, 4]], ['normal'], 21);
  const loss: Loss = linearLoss((x) => tf.softmax(tf.tanh(x)));
  const v = directionFor(point, 22);

  test('ensureGradients() twice: same configs, same numbers, no warnings', () => {
    const warn = vi.spyOn(console, 'warn');
    const configs = supportedKernels().map((k) => tf.getGradient(k));
    const first = hvp(loss, point, v);
    ensureGradients();
    ensureGradients();
    expect(supportedKernels().map((k) => tf.getGradient(k))).toEqual(configs);
    supportedKernels().forEach((k, i) => expect(tf.getGradient(k)).toBe(configs[i]));
    expect(hvp(loss, point, v)).toEqual(first);
    expect(warn).not.toHaveBeenCalled();
  });

  test('a foreign gradient registered later is replaced, without the DEBUG-mode override warning', () => {
    const ours = tf.getGradient(tf.Tanh);
    tf.registerGradient({ kernelName: tf.Tanh, gradFunc: (dy) => ({ x: () => tf.mul(dy as tf.Tensor, 0) }) });
    expect(tf.getGradient(tf.Tanh)).not.toBe(ours);
    tf.env().set('DEBUG', true); // warns "Debugging mode is ON" itself, before the spy
    const warn = vi.spyOn(console, 'warn');
    try {
      ensureGradients();
    } finally {
      tf.env().set('DEBUG', false);
    }
    expect(warn).not.toHaveBeenCalled();
    expect(tf.getGradient(tf.Tanh)).toBe(ours);
  });

  test('supportedKernels() is sorted, unique and read-only', () => {
    const kernels = supportedKernels();
    expect([...kernels].sort()).toEqual(kernels);
    expect(new Set(kernels).size).toBe(kernels.length);
    expect(Object.isFrozen(kernels)).toBe(true);
    expect(kernels).toContain('BatchMatMul');
  });
});

describe('outside the table', () => {
  test('a kernel without a gradient fails with tfjs error naming it', () => {
    expect(supportedKernels()).not.toContain('Cos');
    const x = tf.tensor1d([0.1, 0.2]);
    expect(() => tf.grad((t: tf.Tensor) => tf.sum(tf.cos(t)))(x)).toThrow(
      'Cannot compute gradient: gradient function not found for Cos.',
    );
    x.dispose();
    // tfjs leaves the failed call's tape (and the tensors it saved) behind;
    // clear it so that the tests below count tensors from a clean state.
    releaseAbandonedTape();
  });

  test('curvatureAt and its operators rethrow it naming the kernel and supportedKernels(), leaking nothing', () => {
    // Cos on the path to the output: curvatureAt fails (its gradient needs it).
    // Cos only on a hidden state: the point is fine, structuralDamping() and dampedGaussNewton(w > 0) fail.
    const model = (cosOnOutput: boolean) =>
      functionalModel({
        shapes: [[2]],
        forward: ([w], x) => {
          const hidden = tf.mul(tf.cos(w), x);
          return { output: cosOnOutput ? hidden : tf.mul(w, x), hidden };
        },
      });
    const batch = { inputs: tf.ones([3, 2]), targets: new Float32Array(6) };
    const before = tf.memory().numTensors;
    const expectExplained = (f: () => unknown): void => {
      try {
        f();
        expect.unreachable('expected a missing-gradient error');
      } catch (error) {
        expect((error as Error).message).toMatch(/kernel 'Cos'.*supportedKernels\(\)/);
        expect(((error as Error).cause as Error).message).toContain('gradient function not found for Cos');
      }
    };
    expectExplained(() => curvatureAt(model(true), squaredError, Float32Array.of(0.1, 0.2), batch));
    expect(tf.memory().numTensors).toBe(before);
    const at = curvatureAt(model(false), squaredError, Float32Array.of(0.1, 0.2), batch);
    at.gaussNewton().apply(Float32Array.of(1, 0), new Float32Array(2));
    expectExplained(() => at.structuralDamping());
    expectExplained(() => at.dampedGaussNewton(0.5));
    at.dampedGaussNewton(0).apply(Float32Array.of(1, 0), new Float32Array(2)); // weight 0: G alone, no hidden state
    at.dispose();
    expect(tf.memory().numTensors).toBe(before);
    batch.inputs.dispose();
  });

  // Findings about tfjs ops built with customGrad, which registerGradient cannot reach.
  test('tf.logSoftmax (customGrad reading its saved output) fails or is silently wrong at second order', () => {
    const point = pointOf([[3, 4]], ['normal'], 31);
    const v = directionFor(point, 32);
    // Linear in the output: the second pass finds no path to x.
    expect(() => hvp(linearLoss((x) => tf.logSoftmax(x)), point, v)).toThrow('Cannot compute gradient of y=f(x)');
    // Quadratic in the output: numbers come out, missing the log-softmax curvature.
    const viaCustomGrad = quadraticLoss((x) => tf.logSoftmax(x));
    const fromPrimitives = quadraticLoss((x) => tf.sub(x, tf.logSumExp(x, -1, true)));
    const reference = fdHvp(fromPrimitives, point, v);
    expect(relativeError(hvp(fromPrimitives, point, v), reference)).toBeLessThan(FD_TOL);
    expect(relativeError(hvp(viaCustomGrad, point, v), reference)).toBeGreaterThan(0.05);
  });

  test('tf.logSigmoid (customGrad over its input) is right at second order with this table', () => {
    const point = pointOf([[3, 4]], ['normal'], 33);
    const v = directionFor(point, 34);
    const loss = linearLoss((x) => tf.logSigmoid(x));
    expect(relativeError(hvp(loss, point, v), fdHvp(loss, point, v))).toBeLessThan(FD_TOL);
  });
});
