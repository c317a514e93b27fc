/**
 * The recorder (src/trace/tape/record.ts): what it records, the engine hook it
 * installs only for the duration of the trace, and which tensors it owns.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureGradients } from '../src/gradients/index.js';
import { linearizeTrace } from '../src/linearization.js';
import { recordTrace } from '../src/trace/tape/record.js';
import { useBackend } from './helpers/backend.js';
import { FD_TOL, directionFor, fdHvp, pointOf, quadraticLoss, relativeError } from './helpers/gradients-check.js';
import { lossWeights, traceCase } from './helpers/trace-case.js';

const engine = tf.engine() as unknown as Record<string, unknown>;
const hasOwnRunKernel = (): boolean => Object.prototype.hasOwnProperty.call(engine, 'runKernel');
const prototypeRunKernel = Object.getPrototypeOf(engine).runKernel as unknown;

beforeAll(async () => {
  await useBackend('cpu');
  ensureGradients();
});
afterEach(() => vi.restoreAllMocks());

describe('the engine hook', () => {
  test('tfjs-core 4.22 dispatches every op through the engine instance\'s runKernel (the assumption of the hook)', () => {
    expect(tf.version_core).toBe('4.22.0');
    expect(hasOwnRunKernel()).toBe(false);
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    tf.tidy(() => tf.tanh(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2]))));
    expect(spy.mock.calls.map(([name]) => name)).toEqual([tf.BatchMatMul, tf.Tanh]);
  });

  test('is removed after the traced function returns', () => {
    const theta = tf.tensor1d([1, 2, 3]);
    const trace = recordTrace([theta], () => [tf.tanh(theta)]);
    expect(hasOwnRunKernel()).toBe(false);
    expect(engine.runKernel).toBe(prototypeRunKernel);
    // ...and ops run afterwards are not recorded.
    tf.tidy(() => tf.exp(theta));
    expect(trace.nodes.map((n) => n.kernelName)).toEqual([tf.Tanh]);
    trace.dispose();
    theta.dispose();
  });

  test('is removed, and everything made is released, when the traced function throws', () => {
    const theta = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    expect(() =>
      recordTrace([theta], () => {
        tf.square(tf.tanh(theta));
        throw new Error('model failed');
      }),
    ).toThrow('model failed');
    expect(hasOwnRunKernel()).toBe(false);
    expect(engine.runKernel).toBe(prototypeRunKernel);
    expect(tf.memory().numTensors).toBe(before);
    theta.dispose();
  });

  test('restores an own runKernel that was there before (a spy), which still sees every call', () => {
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    const theta = tf.tensor1d([1, 2, 3]);
    const trace = recordTrace([theta], () => [tf.sigmoid(theta)]);
    expect(engine.runKernel).toBe(spy);
    expect(spy.mock.calls.map(([name]) => name)).toContain(tf.Sigmoid);
    trace.dispose();
    theta.dispose();
  });
});

describe('what is recorded', () => {
  test('each top-level kernel once, in order, with named inputs, attributes and outputs', () => {
    const theta = tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const x = tf.tensor2d([[1, 2, 3]]);
    const trace = recordTrace([theta], () => [tf.tanh(tf.matMul(x, tf.reshape(theta, [3, 2]), false, false))]);
    expect(trace.nodes.map((n) => n.kernelName)).toEqual([tf.Reshape, tf.BatchMatMul, tf.Tanh]);
    const [reshape, matMul, tanh] = trace.nodes;
    expect(reshape.inputs[0]).toBe(theta);
    expect(reshape.attrs).toEqual({ shape: [3, 2] });
    expect(matMul.inputNames).toEqual(['a', 'b']);
    expect(matMul.inputs).toEqual([x, reshape.outputs[0]]);
    expect(matMul.attrs).toMatchObject({ transposeA: false, transposeB: false });
    expect(tanh.outputs[0]).toBe(trace.results[0]);
    trace.dispose();
    tf.dispose([theta, x]);
  });

  test('a customGrad op (tf.logSoftmax) as its primitive kernels, differentiated through them', () => {
    const theta = tf.tensor1d([0.3, -1.2, 0.8, 2.0]);
    const trace = recordTrace([theta], () => [tf.logSoftmax(tf.reshape(theta, [1, 4]))]);
    const names = trace.nodes.map((n) => n.kernelName);
    expect(names).toEqual(expect.arrayContaining([tf.Max, tf.Exp, tf.Sum, tf.Log, tf.Sub]));
    expect(names).not.toContain('LogSoftmax');
    // d/dx_j log softmax(x)_i = delta_ij - p_j: J v = v - <p, v>.
    const p = tf.tidy(() => tf.softmax(tf.reshape(theta, [1, 4])).dataSync());
    const v = [1, 0.5, -1, 2];
    const pv = v.reduce((a, vj, j) => a + p[j] * vj, 0);
    const lin = linearizeTrace(trace);
    const jv = tf.tidy(() => lin.jvp(Float32Array.from(v), [0])[0].dataSync());
    // float32, O(1) entries: 1e-6.
    Array.from(jv).forEach((value, i) => expect(value).toBeCloseTo(v[i] - pv, 6));
    lin.dispose();
    theta.dispose();
  });

  test('so the trace\'s Hessian through tf.logSoftmax is right, where tf.grad of tf.grad is not', () => {
    // L = <w, logSoftmax(x)> + |logSoftmax(x)|^2 / 2; reference: central differences of the
    // first-order gradient (which tfjs's custom gradient gets right), FD_TOL as in gradients-check.ts.
    const op = (x: tf.Tensor) => tf.logSoftmax(x);
    const point = pointOf([[3, 4]], ['normal'], 41);
    const v = directionFor(point, 42);
    const c = traceCase(op, point);
    const w = lossWeights(op, point);
    const seeds = tf.tidy(() => c.lin.outputs.map((o, j) => tf.add(o, tf.tensor(w[j], o.shape))));
    const adjoints = c.lin.adjoints(seeds);
    const hv = tf.tidy(() => c.lin.secondOrder(v[0], adjoints, (jv) => jv)[0].dataSync() as Float32Array);
    expect(relativeError([hv], fdHvp(quadraticLoss(op), point, v))).toBeLessThan(FD_TOL);
    tf.dispose(seeds);
    adjoints.dispose();
    c.dispose();
  });

  test('activity: the batch, comparisons and integer casts carry no derivative', () => {
    const theta = tf.tensor1d([0.5, -0.5]);
    const x = tf.tensor1d([1, 2]);
    const trace = recordTrace([theta], () => {
      const mask = tf.greater(theta, 0);
      const rounded = tf.cast(tf.cast(theta, 'int32'), 'float32');
      return [tf.add(tf.mul(tf.cast(mask, 'float32'), theta), tf.add(rounded, tf.exp(x)))];
    });
    const byKernel = (name: string) => trace.nodes.filter((n) => n.kernelName === name);
    expect(trace.isActive(theta.id)).toBe(true);
    expect(trace.isActive(x.id)).toBe(false);
    expect(trace.isActive(byKernel(tf.Exp)[0].outputs[0].id)).toBe(false);
    expect(trace.isActive(byKernel(tf.Greater)[0].outputs[0].id)).toBe(false);
    byKernel(tf.Cast).forEach((n) => expect(trace.isActive(n.outputs[0].id)).toBe(false));
    expect(trace.isActive(byKernel(tf.Multiply)[0].outputs[0].id)).toBe(true);
    expect(trace.isActive(trace.results[0].id)).toBe(true);
    trace.dispose();
    tf.dispose([theta, x]);
  });
});

describe('ownership', () => {
  test('tensors made during the trace survive tf.tidy until dispose(); tensors from before are never disposed', () => {
    const theta = tf.tensor1d([1, 2, 3]);
    const outside = tf.tensor1d([4, 5, 6]);
    const before = tf.memory().numTensors;
    const trace = recordTrace([theta], () => [
      // A tidy inside the model, a scalar made by the op, a tensor the model closes over.
      tf.tidy(() => tf.add(tf.mul(tf.sub(1, theta), outside), tf.scalar(2))),
    ]);
    const made = trace.nodes.flatMap((n) => [...n.inputs, ...n.outputs]).filter((t) => t !== theta && t !== outside);
    expect(made.length).toBeGreaterThan(3);
    expect(made.every((t) => !t.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before + new Set(made.map((t) => t.id)).size);
    trace.dispose();
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(theta.isDisposed || outside.isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([theta, outside]);
  });

  test('point caches (memo) are made once, kept across tf.tidy, and released by dispose()', () => {
    const theta = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    const trace = recordTrace([theta], () => [tf.tanh(theta)]);
    const afterTrace = tf.memory().numTensors;
    const make = vi.fn(() => tf.square(theta));
    const first = tf.tidy(() => trace.memo(trace.nodes[0], 'k', make));
    const second = tf.tidy(() => trace.memo(trace.nodes[0], 'k', make));
    expect(second).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
    expect(tf.memory().numTensors).toBe(afterTrace + 1);
    trace.dispose();
    expect(first.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    theta.dispose();
  });
});
