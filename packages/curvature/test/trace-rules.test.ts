/**
 * Every kernel of the gradient table through the recorded trace, on the cpu
 * backend (float32), one case per entry of helpers/kernel-cases.ts:
 *
 * - forward mode J v (tangent rules) against central finite differences of
 *   the op itself (fourth-order stencil, FD_TOL: see gradients-check.ts), and
 *   against the generic local double-vjp fallback (the same derivative by a
 *   different float32 computation: 1e-5 of the largest entry, floor 0.1);
 * - the reverse sweep J'w (cotangent rules and the table) against tf.grads
 *   through the registered table (1e-5, the same kind of float32 roundoff);
 * - the Hessian's second-order sweep, for L = <w, op> + |op|^2 / 2, against
 *   central finite differences of the gradient (FD_TOL), and the closed-form
 *   second-order rules against the local double-backprop fallback (1e-4: the
 *   fallback's extra backward passes add float32 roundoff).
 * Piecewise-constant cases must give exact zeros.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureGradients } from '../src/gradients/index.js';
import { kernelsWithTangentRules } from '../src/trace/forward-mode/rule.js';
import { FD_TOL, directionFor, fdHvp, gradient, linearLoss, pointOf, quadraticLoss, relativeError } from './helpers/gradients-check.js';
import { useBackend } from './helpers/backend.js';
import { CASES } from './helpers/kernel-cases.js';
import { fdJvp, flatten, lossWeights, outputsAt, traceCase } from './helpers/trace-case.js';

/** Agreement of two float32 computations of the same derivative. */
const SAME_TOL = 1e-5;
/** Closed-form second-order terms vs the double-backprop fallback. */
const SECOND_ORDER_TOL = 1e-4;

beforeAll(async () => {
  await useBackend('cpu');
  ensureGradients();
});

const read = (ts: readonly tf.Tensor[]): Float32Array[] => ts.map((t) => (t.dataSync() as Float32Array).slice());
/** A theta-vector given as parts (one tensor per source), as one array. */
const joined = (parts: readonly tf.Tensor[]): Float32Array => flatten(read(parts));
const allZero = (xs: readonly ArrayLike<number>[]): boolean => xs.every((x) => Array.from(x).every((v) => v === 0));

test('kernels without a closed-form tangent rule (they use the double-vjp fallback)', () => {
  const withRules = new Set(kernelsWithTangentRules());
  const fallback = [...new Set(CASES.map((k) => k.kernel))].filter((k) => !withRules.has(k) && k !== undefined).sort();
  // Piecewise-constant kernels never need one (their outputs carry no tangent).
  const nonConstant = fallback.filter((k) => CASES.some((c) => c.kernel === k && c.curvature !== 'constant'));
  expect(nonConstant).toEqual(['Max', 'Maximum', 'Min', 'Minimum', 'Pow', 'Prelu']);
});

describe.each(CASES.map((k, i) => ({ ...k, seed: 5000 + 97 * i })))('$name', (k) => {
  const point = pointOf(k.shapes, k.kinds, k.seed);
  const v = directionFor(point, k.seed + 5);
  const vFlat = flatten(v);

  /** Runs f on a fresh trace of the case, checking that nothing is left behind. */
  function withTrace<T>(rules: boolean, f: (c: ReturnType<typeof traceCase>) => T): T {
    const before = tf.memory().numTensors;
    const c = traceCase(k.op, point, rules);
    try {
      return f(c);
    } finally {
      c.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  }
  const jvp = (rules: boolean): Float32Array[] =>
    withTrace(rules, (c) => tf.tidy(() => read(c.lin.jvp(vFlat, c.lin.outputs.map((_, j) => j)))));
  const vjp = (rules: boolean): Float32Array =>
    withTrace(rules, (c) =>
      tf.tidy(() => {
        const w = lossWeights(k.op, point).map((wi, j) => tf.tensor(wi, c.lin.outputs[j].shape));
        return joined(c.lin.vjp(w));
      }),
    );
  /** Hv of L = sum_j <w_j, o_j> + |o_j|^2 / 2: adjoints of dL/do = w + o, output Hessian I. */
  const hessian = (rules: boolean): Float32Array =>
    withTrace(rules, (c) => {
      const w = lossWeights(k.op, point);
      const seeds = tf.tidy(() => c.lin.outputs.map((o, j) => tf.add(o, tf.tensor(w[j], o.shape))));
      const adjoints = c.lin.adjoints(seeds);
      tf.dispose(seeds);
      try {
        return tf.tidy(() => joined(c.lin.secondOrder(vFlat, adjoints, (jv) => jv)));
      } finally {
        adjoints.dispose();
      }
    });
  const split = (flat: Float32Array): Float32Array[] => {
    let offset = 0;
    return point.values.map((x) => flat.slice(offset, (offset += x.length)));
  };

  if (k.curvature === 'constant') {
    test('J v, J\'w and the Hessian are exactly zero', () => {
      expect(allZero(jvp(true))).toBe(true);
      expect(allZero([vjp(true)])).toBe(true);
      expect(allZero([hessian(true)])).toBe(true);
    });
    return;
  }

  test('J v by the tangent rules matches finite differences of the op and the double-vjp fallback', () => {
    const byRules = jvp(true);
    expect(byRules.map((o) => o.length)).toEqual(outputsAt(k.op, point).map((o) => o.length));
    expect(relativeError(byRules, fdJvp(k.op, point, v))).toBeLessThan(FD_TOL);
    expect(relativeError(byRules, jvp(false))).toBeLessThan(SAME_TOL);
  });

  test('J\'w by the reverse sweep matches tf.grads through the table', () => {
    const reference = gradient(linearLoss(k.op), point);
    expect(relativeError(split(vjp(true)), reference)).toBeLessThan(SAME_TOL);
    expect(relativeError(split(vjp(false)), reference)).toBeLessThan(SAME_TOL);
  });

  test('the Hessian by the second-order sweep matches finite differences of the gradient', () => {
    const byRules = hessian(true);
    expect(relativeError(split(byRules), fdHvp(quadraticLoss(k.op), point, v))).toBeLessThan(FD_TOL);
    expect(relativeError([byRules], [hessian(false)])).toBeLessThan(SECOND_ORDER_TOL);
  });
});
