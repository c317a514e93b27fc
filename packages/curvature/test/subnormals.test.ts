/**
 * Subnormal cotangents flushed before matMuls on the WASM backend
 * (src/gradients/subnormals.ts). The flush against its closed form, entry by
 * entry; then a tanh RNN whose recurrent weights shrink a loss gradient's
 * cotangent by about 10 per step, so that going back in time it passes through
 * float32's subnormal range: the reverse sweep with the flush (the rules, and
 * the gradient table alone) runs no matMul on a subnormal operand, the same
 * sweep without it (flushSubnormals: false, the reference) runs several, and
 * all agree to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureGradients } from '../src/gradients/index.js';
import { flushSubnormals } from '../src/gradients/subnormals.js';
import { linearizeTrace, type Linearization } from '../src/linearization.js';
import { parameterTensors } from '../src/model.js';
import { recordTrace } from '../src/trace/tape/record.js';
import { useBackend } from './helpers/backend.js';
import { tfRnn } from './helpers/models.js';
import { randoms, relativeError } from './helpers/reference.js';

const SMALLEST_NORMAL = 2 ** -126;
const isSubnormal = (x: number): boolean => x !== 0 && Math.abs(x) < SMALLEST_NORMAL;

beforeAll(async () => {
  await useBackend('wasm');
  ensureGradients();
});
afterEach(() => vi.restoreAllMocks());

describe('flushSubnormals', () => {
  test('zeroes subnormals (every |x| < 2^-125), keeps values from 2^-75 up exactly, and moves the rest by at most 2^-123 or 2 ulps', () => {
    const values = Float32Array.of(
      1, -2.5, 3e-20, -(2 ** -75), 0, // kept exactly
      1e-40, -1e-41, 2 ** -149, -(2 ** -127), 2 ** -126 * 0.99, // subnormal: zeroed
      -(2 ** -124), 3e-37, -(2 ** -100), 1e-30, // normal: moved by at most 2^-123 or 2 ulps
    );
    const out = tf.tidy(() => flushSubnormals(tf.tensor1d(values)).dataSync());
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (Math.abs(x) >= 2 ** -75 || x === 0) expect(out[i]).toBe(x);
      else if (isSubnormal(x)) expect(out[i]).toBe(0);
      else expect(Math.abs(out[i] - x)).toBeLessThanOrEqual(Math.max(2 ** -123, 2 * 2 ** -23 * Math.abs(x)));
      expect(isSubnormal(out[i])).toBe(false);
    }
  });

  test('returns a tensor without subnormals as it is, running no kernel', () => {
    const x = tf.tensor1d([1, 2 ** -120, -3]);
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    expect(flushSubnormals(x)).toBe(x);
    expect(spy).not.toHaveBeenCalled();
    x.dispose();
  });

  test('is the identity for the gradient table (it can be differentiated again)', () => {
    const w = tf.tensor1d([0.5, -2, 3]);
    const x = tf.tensor1d([1e-40, 1, -4]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(flushSubnormals(v), w)))(x);
    expect(Array.from(g.dataSync())).toEqual([0.5, -2, 3]);
    tf.dispose([w, x, g]);
  });

  test('leaves tensors on the cpu backend as they are (tfjs-cpu computes in float64)', async () => {
    await useBackend('cpu');
    try {
      const x = tf.tensor1d([1e-40]);
      expect(flushSubnormals(x)).toBe(x);
      x.dispose();
    } finally {
      await useBackend('wasm');
    }
  });
});

/** J' w by one linearization, read back per source, and how many of its matMuls had a subnormal operand. */
function vjpOf(lin: Linearization, cotangents: readonly tf.Tensor[]): { parts: Float32Array[]; subnormalMatMuls: number } {
  const engine = tf.engine();
  const runKernel = engine.runKernel.bind(engine);
  let subnormalMatMuls = 0;
  vi.spyOn(engine, 'runKernel').mockImplementation((name, inputs, attrs) => {
    if (name === tf.BatchMatMul && Object.values(inputs).some((t) => (t as tf.Tensor).dataSync().some(isSubnormal))) subnormalMatMuls++;
    return runKernel(name, inputs, attrs);
  });
  const parts = tf.tidy(() => lin.vjp(cotangents).map((p) => p.dataSync() as Float32Array));
  vi.restoreAllMocks();
  return { parts, subnormalMatMuls };
}

describe('the reverse sweep on a contracting recurrence', () => {
  test('a tanh RNN\'s loss gradient over 60 steps: no matMul on a subnormal operand, the same gradient as without the flush', () => {
    const [n, steps, d, h] = [4, 60, 2, 5];
    const model = tfRnn(d, h, 1);
    const theta = Float32Array.from(randoms(model.numParams, 5, 0.5));
    const wh = d * h; // theta = [Wx, Wh, b, Wo, bo]
    for (let i = wh; i < wh + h * h; i++) theta[i] *= 0.1; // ||Wh|| about 0.1: the cotangent shrinks about 10x per step
    const sources = parameterTensors(model.shapes, theta);
    const inputs = tf.tensor(Float32Array.from(randoms(n * steps * d, 6, 1)), [n, steps, d]);
    const trace = recordTrace(sources, () => model.traceParams(sources, inputs));
    // Seeded at the output only, as a loss gradient is; zero at the hidden states.
    const cotangents = trace.results.map((r, k) => (k === 0 ? tf.onesLike(r) : tf.zerosLike(r)));
    const flushed = vjpOf(linearizeTrace(trace), cotangents);
    const table = vjpOf(linearizeTrace(trace, { rules: false }), cotangents);
    const reference = vjpOf(linearizeTrace(trace, { flushSubnormals: false }), cotangents);
    expect(reference.subnormalMatMuls).toBeGreaterThan(0); // the case does reach the subnormal range
    expect(flushed.subnormalMatMuls).toBe(0);
    expect(table.subnormalMatMuls).toBe(0);
    model.shapes.forEach((_, k) => {
      expect(relativeError(flushed.parts[k], reference.parts[k])).toBeLessThan(1e-6);
      expect(relativeError(table.parts[k], reference.parts[k])).toBeLessThan(1e-6);
    });
    trace.dispose();
    tf.dispose([...sources, inputs, ...cotangents]);
  });
});
