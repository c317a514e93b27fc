/**
 * The bug this module fixes, shown against tfjs's own gradients (registered
 * here as the @tensorflow/tfjs union would, by importing tfjs-core's
 * register_all_gradients, which vitest can transform): their Hessian-vector
 * products through ops whose gradients read saved outputs fail or are wrong,
 * and their MatMul gradient uses transposed products. ensureGradients() then
 * replaces every one of them, silently, and the same products become right.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, test, vi } from 'vitest';
import { ensureGradients, supportedKernels } from '../src/gradients/index.js';
import {
  FD_TOL,
  directionFor,
  fdHvp,
  hvp,
  kernelsRun,
  linearLoss,
  matMulCalls,
  pointOf,
  quadraticLoss,
  relativeError,
  tensorsAt,
  type InputKind,
  type Loss,
  type Op,
  type Point,
} from './helpers/gradients-check.js';
import { useBackend } from './helpers/backend.js';

// Ops whose tfjs 4.22 gradient reads the op's saved output (for Max and Min
// it also builds a mask with Equal, which has no tfjs gradient).
const CASES: readonly { kernel: string; kinds: InputKind[]; shapes: number[][]; op: Op }[] = [
  { kernel: tf.Tanh, kinds: ['normal'], shapes: [[3, 4]], op: (x) => tf.tanh(x) },
  { kernel: tf.Sigmoid, kinds: ['normal'], shapes: [[3, 4]], op: (x) => tf.sigmoid(x) },
  { kernel: tf.Exp, kinds: ['normal'], shapes: [[3, 4]], op: (x) => tf.exp(x) },
  { kernel: tf.Elu, kinds: ['grid'], shapes: [[3, 4]], op: (x) => tf.elu(x) },
  { kernel: tf.Softmax, kinds: ['normal'], shapes: [[3, 4]], op: (x) => tf.softmax(x) },
  { kernel: tf.Pow, kinds: ['positive', 'normal'], shapes: [[3, 4], [4]], op: (a, b) => tf.pow(a, b) },
  { kernel: tf.Max, kinds: ['distinct'], shapes: [[3, 4]], op: (x) => tf.mul(tf.max(x, 1), tf.sum(x, 1)) },
  { kernel: tf.Min, kinds: ['distinct'], shapes: [[3, 4]], op: (x) => tf.mul(tf.min(x, 0), tf.sum(x, 0)) },
];

interface Stock {
  readonly point: Point;
  readonly v: Float32Array[];
  readonly loss: Loss;
  readonly reference: Float64Array[];
  readonly outcome: { error: string } | { product: Float32Array[] };
}

const stock = new Map<string, Stock>();
let stockConfigs: (tf.GradConfig | undefined)[] = [];
let stockTransposedProducts = 0;
let warnings = 0;

beforeAll(async () => {
  await useBackend('cpu');
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  stockConfigs = supportedKernels().map((k) => tf.getGradient(k));
  CASES.forEach(({ kernel, kinds, shapes, op }, i) => {
    const point = pointOf(shapes, kinds, 500 + 10 * i);
    const v = directionFor(point, 501 + 10 * i);
    const loss = quadraticLoss(op);
    let outcome: Stock['outcome'];
    try {
      outcome = { product: hvp(loss, point, v) };
    } catch (e) {
      outcome = { error: (e as Error).message };
    }
    // tfjs's first-order gradients are right, so FD of them is a valid reference.
    stock.set(kernel, { point, v, loss, reference: fdHvp(loss, point, v), outcome });
  });
  const point = pointOf([[3, 4], [2, 4]], ['normal', 'normal'], 600);
  const matMulLoss = linearLoss((a, b) => tf.matMul(a, b, false, true));
  stockTransposedProducts = matMulCalls(kernelsRun(() => void tf.grads(matMulLoss)(tensorsAt(point)))).transposed;
  const warn = vi.spyOn(console, 'warn');
  ensureGradients();
  warnings = warn.mock.calls.length;
  warn.mockRestore();
});

test('ensureGradients() replaces every tfjs gradient of a supported kernel, without warnings', () => {
  const replaced = supportedKernels().filter(
    (k, i) => stockConfigs[i] !== undefined && tf.getGradient(k) !== stockConfigs[i],
  );
  expect(replaced.length).toBe(stockConfigs.filter((c) => c !== undefined).length);
  expect(replaced).toContain(tf.BatchMatMul);
  expect(warnings).toBe(0);
});

test.each(CASES.map((c) => c.kernel))('%s: tfjs Hv fails or is wrong; ours matches finite differences', (kernel) => {
  const s = stock.get(kernel)!;
  if ('error' in s.outcome) expect(s.outcome.error).toMatch(/Cannot compute gradient/);
  else expect(relativeError(s.outcome.product, s.reference)).toBeGreaterThan(0.05);
  expect(relativeError(hvp(s.loss, s.point, s.v), s.reference)).toBeLessThan(FD_TOL);
});

test('tfjs MatMul gradient runs transposed products; ours runs none beyond the forward one', () => {
  expect(stockTransposedProducts).toBeGreaterThan(1);
  const point = pointOf([[3, 4], [2, 4]], ['normal', 'normal'], 600);
  const loss = linearLoss((a, b) => tf.matMul(a, b, false, true));
  expect(matMulCalls(kernelsRun(() => void tf.grads(loss)(tensorsAt(point)))).transposed).toBe(1);
});
