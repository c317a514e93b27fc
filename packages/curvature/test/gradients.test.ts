/**
 * Every kernel of the gradient table, on the cpu backend (float32):
 * first-order gradients against finite differences of the loss, and
 * Hessian-vector products by double backprop against finite differences of
 * the gradient (tolerances justified in helpers/gradients-check.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureGradients, supportedKernels } from '../src/gradients/index.js';
import {
  FD_TOL,
  directionFor,
  fdGradient,
  fdHvp,
  gradient,
  hvp,
  kernelsRun,
  linearLoss,
  pointOf,
  quadraticLoss,
  relativeError,
  tensorsAt,
} from './helpers/gradients-check.js';
import { useBackend } from './helpers/backend.js';
import { CASES } from './helpers/kernel-cases.js';

beforeAll(async () => {
  await useBackend('cpu');
  ensureGradients();
});

test('the cases cover exactly the kernels of the table', () => {
  expect([...new Set(CASES.map((k) => k.kernel))].sort()).toEqual([...supportedKernels()]);
});

describe.each(CASES.map((k, i) => ({ ...k, seed: 1000 + 97 * i })))('$name', (k) => {
  const point = pointOf(k.shapes, k.kinds, k.seed);
  const v = directionFor(point, k.seed + 5);

  test(`runs the ${k.kernel} kernel`, () => {
    expect(kernelsRun(() => void k.op(...tensorsAt(point))).map((n) => n.name)).toContain(k.kernel);
  });

  if (k.curvature === 'constant') {
    test('gradient is exactly zero, as are the finite differences', () => {
      const g = gradient(linearLoss(k.op), point);
      g.forEach((gi, i) => expect(gi.length).toBe(point.values[i].length));
      expect(g.every((gi) => gi.every((x) => x === 0))).toBe(true);
      expect(fdGradient(linearLoss(k.op), point).every((gi) => gi.every((x) => x === 0))).toBe(true);
    });
    return;
  }

  test('gradient matches finite differences', () => {
    const loss = linearLoss(k.op);
    expect(relativeError(gradient(loss, point), fdGradient(loss, point))).toBeLessThan(FD_TOL);
  });

  if (k.curvature === 'smooth') {
    test('Hv of sum(w * op) matches finite differences of the gradient', () => {
      const loss = linearLoss(k.op);
      expect(relativeError(hvp(loss, point, v), fdHvp(loss, point, v))).toBeLessThan(FD_TOL);
    });
  }

  if (k.curvature === 'piecewiseLinear') {
    test('Hv of sum(w * op) is exactly zero away from kinks', () => {
      expect(hvp(linearLoss(k.op), point, v).every((h) => h.every((x) => x === 0))).toBe(true);
    });
  }

  test('Hv of sum(w * op + op^2 / 2) matches finite differences of the gradient, leaking no tensors', () => {
    const loss = quadraticLoss(k.op);
    const before = tf.memory().numTensors;
    const product = hvp(loss, point, v);
    expect(tf.memory().numTensors).toBe(before);
    expect(relativeError(product, fdHvp(loss, point, v))).toBeLessThan(FD_TOL);
  });

  test('double backprop runs only kernels of the table (the gradients are closed under the table)', () => {
    const run = kernelsRun(() => void hvp(quadraticLoss(k.op), point, v)).map((n) => n.name);
    expect(run.filter((name) => !supportedKernels().includes(name))).toEqual([]);
  });
});
