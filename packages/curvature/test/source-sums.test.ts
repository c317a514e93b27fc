/**
 * The reverse sweep's sums of the sources' cotangents
 * (src/trace/reverse-mode/source-sums.ts): a tanh RNN reads Wx, Wh and b
 * once per step. References: the same trace swept with each contribution
 * added as it comes (sumSources: false), and node by node through the
 * gradient table (rules: false); they add the same terms in another order,
 * so all agree to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { ensureGradients } from '../src/gradients/index.js';
import { linearizeTrace, type Linearization } from '../src/linearization.js';
import { parameterTensors } from '../src/model.js';
import { SUM_LIMIT } from '../src/trace/reverse-mode/source-sums.js';
import { recordTrace } from '../src/trace/tape/record.js';
import { useBackend } from './helpers/backend.js';
import { tfRnn } from './helpers/models.js';
import { randoms, relativeError } from './helpers/reference.js';

beforeAll(async () => {
  await useBackend('cpu');
  ensureGradients();
});
afterEach(() => vi.restoreAllMocks());

/** A traced tanh RNN (d inputs, h hidden units, 1 output) over [n, steps, d] inputs, with its linearizations with and without the rules. */
function rnnCase(n: number, steps: number, d: number, h: number, seed: number) {
  const model = tfRnn(d, h, 1);
  const theta = Float32Array.from(randoms(model.numParams, seed, 0.5));
  const sources = parameterTensors(model.shapes, theta);
  const inputs = tf.tensor(Float32Array.from(randoms(n * steps * d, seed + 1, 1)), [n, steps, d]);
  // Traced outputs: [output, ...hidden states].
  const trace = recordTrace(sources, () => model.traceParams(sources, inputs));
  // Cotangents for the output and for every hidden state (structural damping seeds both).
  const cotangents = [[n, 1], ...Array.from({ length: steps }, () => [n, h])].map((shape, k) =>
    tf.tensor(Float32Array.from(randoms(shape[0] * shape[1], seed + 10 + k, 1)), shape),
  );
  return {
    model,
    summed: linearizeTrace(trace),
    nodeByNode: linearizeTrace(trace, { sumSources: false }),
    table: linearizeTrace(trace, { rules: false }),
    cotangents,
    dispose: () => {
      trace.dispose();
      tf.dispose([...sources, inputs, ...cotangents]);
    },
  };
}

/** J' w by one linearization, read back per source, and how many kernels of each name it ran. */
function vjpOf(lin: Linearization, cotangents: readonly tf.Tensor[]): { parts: Float32Array[]; kernels: (name: string) => number } {
  const spy = vi.spyOn(tf.engine(), 'runKernel');
  const parts = tf.tidy(() => lin.vjp(cotangents).map((p) => p.dataSync() as Float32Array));
  const names = spy.mock.calls.map(([name]) => name);
  spy.mockRestore();
  return { parts, kernels: (name) => names.filter((n) => n === name).length };
}

describe('the sources\' cotangents in the reverse sweep', () => {
  test('a tanh RNN\'s J\' w equals the node-by-node sweep, each source summed once (float32: 1e-5 relative)', () => {
    const T = 6;
    const c = rnnCase(5, T, 2, 4, 1);
    const summed = vjpOf(c.summed, c.cotangents);
    const reference = vjpOf(c.nodeByNode, c.cotangents);
    const table = vjpOf(c.table, c.cotangents);
    c.model.shapes.forEach((_, k) => {
      expect(relativeError(summed.parts[k], reference.parts[k])).toBeLessThan(1e-5);
      expect(relativeError(summed.parts[k], table.parts[k])).toBeLessThan(1e-5);
    });
    // Node by node: a column Sum for b at every step and one for bo, and no AddN.
    expect(reference.kernels(tf.Sum)).toBe(T + 1);
    expect(reference.kernels(tf.AddN)).toBe(0);
    // Summed: one AddN each for Wx (T contributions), Wh (T - 1) and b (T rows), one
    // column Sum each for b and bo, and no Reshape.
    expect(summed.kernels(tf.AddN)).toBe(3);
    expect(summed.kernels(tf.Sum)).toBe(2);
    expect(summed.kernels(tf.Reshape)).toBe(0);
    c.dispose();
  });

  test('a bias added to batches of different sizes is column-summed per size (float32: 1e-5 relative)', () => {
    const rng = (count: number, seed: number) => Float32Array.from(randoms(count, seed, 1));
    const [W, b] = [tf.tensor(rng(9, 31), [3, 3]), tf.tensor(rng(3, 32), [3])];
    const [a, c] = [tf.tensor(rng(6, 33), [2, 3]), tf.tensor(rng(15, 34), [5, 3])];
    // Three reads of b: over 2 rows, over 5 rows, and over 2 rows again.
    const trace = recordTrace([W, b], () => [tf.add(tf.matMul(a, W), b), tf.add(tf.matMul(c, W), b), tf.add(tf.tanh(tf.matMul(a, W)), b)]);
    const cotangents = trace.results.map((r, k) => tf.tensor(rng(r.size, 40 + k), r.shape));
    const summed = vjpOf(linearizeTrace(trace), cotangents);
    const reference = vjpOf(linearizeTrace(trace, { sumSources: false }), cotangents);
    [0, 1].forEach((k) => expect(relativeError(summed.parts[k], reference.parts[k])).toBeLessThan(1e-5));
    // One AddN for the two 2-row cotangents, one column Sum per row count, one AddN of the two sums.
    expect(summed.kernels(tf.Sum)).toBe(2);
    trace.dispose();
    tf.dispose([W, b, a, c, ...cotangents]);
  });

  test('past SUM_LIMIT waiting values a source\'s contributions are summed into a partial, to the same cotangents', () => {
    // [4200, 64] rows per step for b: the 8th step passes 2^21 values, 2 more come after.
    const [n, T, h] = [4200, 10, 64];
    expect(n * h * 7).toBeLessThan(SUM_LIMIT);
    expect(n * h * 8).toBeGreaterThan(SUM_LIMIT);
    const c = rnnCase(n, T, 2, h, 2);
    const summed = vjpOf(c.summed, c.cotangents);
    const reference = vjpOf(c.nodeByNode, c.cotangents);
    c.model.shapes.forEach((_, k) => expect(relativeError(summed.parts[k], reference.parts[k])).toBeLessThan(1e-5));
    // b: one column Sum for the first 8 steps' rows, one for the last 2; bo: one.
    expect(summed.kernels(tf.Sum)).toBe(3);
    c.dispose();
  });
});
