/**
 * The exact diagonal of the empirical Fisher, (1/N) sum_i (grad l_i)^2, by
 * `method: 'exact'` (the default): squared products of layer inputs and
 * per-example output adjoints, per-example products for parameters read
 * several times, the per-example loop otherwise. References, independent of
 * the code under test: per-example gradients of float64 JS models by central
 * differences (h = 1e-6, error ~1e-10 relative), and the 'per-example' loop
 * (tf.grad on one example at a time, float32).
 *
 * Tolerances: the float32 results against the float64 reference, 1e-4 of
 * the largest entry (per-example gradients carry float32 rounding of ~1e-6
 * relative; squaring and summing over N examples keeps it near 1e-5); against
 * the float32 loop, which sums in another order, 2e-5.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  curvatureAt,
  functionalModel,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  squaredError,
  type ExactDiagonalMethod,
  type FunctionalModel,
  type OutputLoss,
} from '@hessian-free/curvature';
import { planSquaredSums, squaredSums, type SquaredSumsPlan } from '../src/estimators/squared-sums.js';
import { linearize } from '../src/linearization.js';
import { readParts } from '../src/readback.js';
import { useBackend } from './helpers/backend.js';
import { kernelsRun, matMulCalls } from './helpers/gradients-check.js';
import { tfRnn } from './helpers/models.js';
import {
  gradientFD,
  jsSigmoidCE,
  jsSoftmaxCE,
  jsSquaredError,
  oneHot,
  randoms,
  relativeError,
  rnnModel,
  sigm,
  type JsLoss,
  type JsModel,
} from './helpers/reference.js';

const TOL_REFERENCE = 1e-4;
const TOL_LOOP = 2e-5;

type Activation = 'tanh' | 'sigmoid' | 'linear';
const jsActivation: Record<Activation, (v: number) => number> = { tanh: Math.tanh, sigmoid: sigm, linear: (v) => v };
const tfActivation: Record<Activation, (x: tf.Tensor) => tf.Tensor> = { tanh: tf.tanh, sigmoid: tf.sigmoid, linear: (x) => x };

/** A dense network over `sizes` (layer l: [sizes[l], sizes[l+1]] weights, then a bias), activation per layer. */
function dense(sizes: readonly number[], activations: readonly Activation[]): { tf: FunctionalModel; js: (X: Float64Array, n: number) => JsModel } {
  const shapes = sizes.slice(1).flatMap((out, l) => [[sizes[l], out], [out]]);
  const model = functionalModel({
    shapes,
    forward: (params, x) => {
      let h = x;
      for (let l = 0; l < sizes.length - 1; l++) h = tfActivation[activations[l]](tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]));
      return h;
    },
  });
  const js = (X: Float64Array, n: number): JsModel => (theta) => {
    const k = sizes[sizes.length - 1];
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      let h = Array.from(X.subarray(i * sizes[0], (i + 1) * sizes[0]));
      let offset = 0;
      for (let l = 0; l < sizes.length - 1; l++) {
        const [d, m] = [sizes[l], sizes[l + 1]];
        const z = Array.from({ length: m }, (_, c) => h.reduce((a, hr, r) => a + hr * theta[offset + r * m + c], theta[offset + d * m + c]));
        h = z.map(jsActivation[activations[l]]);
        offset += d * m + m;
      }
      out.set(h, i * k);
    }
    return { out };
  };
  return { tf: model, js };
}

/** (1/N) sum_i a_i^2 with a_i the per-example gradient of a float64 model by central differences. */
function referenceDiagonal(model: JsModel, loss: JsLoss, theta: Float64Array, y: Float64Array, n: number): Float64Array {
  const k = model(theta).out.length / n;
  const diag = new Float64Array(theta.length);
  for (let i = 0; i < n; i++) {
    const yi = y.subarray(i * k, (i + 1) * k);
    const a = gradientFD((t) => loss.value(model(t).out.subarray(i * k, (i + 1) * k), yi), theta);
    for (let j = 0; j < a.length; j++) diag[j] += (a[j] * a[j]) / n;
  }
  return diag;
}

interface Case {
  readonly name: string;
  readonly model: FunctionalModel;
  readonly loss: OutputLoss;
  readonly inputs: Float32Array;
  readonly inputShape: number[];
  /** Targets as curvatureAt takes them. */
  readonly targets: Float32Array | Int32Array;
  /** The float64 reference, or null where the loop is the reference. */
  readonly reference: (() => Float64Array) | null;
  readonly method: ExactDiagonalMethod;
  readonly theta: Float32Array;
}

const N = 7;

function denseCase(
  name: string,
  sizes: number[],
  activations: Activation[],
  loss: OutputLoss,
  jsLoss: JsLoss,
  targetsOf: (X: Float64Array) => { tf: Float32Array | Int32Array; js: Float64Array },
  seed: number,
  unitInputs = false,
): Case {
  const { tf: model, js } = dense(sizes, activations);
  // Inputs uniform in (-1.2, 1.2), or in (0, 1) where they are also sigmoid cross-entropy targets.
  const X = unitInputs ? randoms(N * sizes[0], seed, 0.5).map((v) => v + 0.5) : randoms(N * sizes[0], seed, 1.2);
  const theta64 = randoms(model.numParams, seed + 1, 0.9);
  const targets = targetsOf(X);
  return {
    name,
    model,
    loss,
    inputs: Float32Array.from(X),
    inputShape: [N, sizes[0]],
    targets: targets.tf,
    reference: () => referenceDiagonal(js(X, N), jsLoss, theta64, targets.js, N),
    method: 'squared-products',
    theta: Float32Array.from(theta64),
  };
}

const labels = Int32Array.of(0, 2, 1, 1, 0, 2, 1);
const cases: Case[] = [
  denseCase('MLP 4-5-3 tanh, softmax cross-entropy', [4, 5, 3], ['tanh', 'linear'], softmaxCrossEntropy, jsSoftmaxCE, () => ({ tf: labels, js: oneHot(labels, 3) }), 11),
  denseCase('MLP 4-6-5-3 sigmoid, sigmoid cross-entropy', [4, 6, 5, 3], ['sigmoid', 'sigmoid', 'linear'], sigmoidCrossEntropy, jsSigmoidCE, () => {
    const y = randoms(N * 3, 31, 0.5).map((v) => v + 0.5);
    return { tf: Float32Array.from(y), js: y };
  }, 21),
  denseCase('MLP 4-5-3 tanh, squared error', [4, 5, 3], ['tanh', 'linear'], squaredError, jsSquaredError, () => {
    const y = randoms(N * 3, 41);
    return { tf: Float32Array.from(y), js: y };
  }, 51),
  denseCase(
    'autoencoder 6-5-2-5-6, sigmoid units, a linear code layer, sigmoid cross-entropy with targets = inputs',
    [6, 5, 2, 5, 6],
    ['sigmoid', 'linear', 'sigmoid', 'linear'],
    sigmoidCrossEntropy,
    jsSigmoidCE,
    (X) => ({ tf: Float32Array.from(X), js: X }),
    61,
    true,
  ),
  denseCase('autoencoder 6-5-2-5-6, squared error', [6, 5, 2, 5, 6], ['tanh', 'linear', 'tanh', 'linear'], squaredError, jsSquaredError, (X) => ({ tf: Float32Array.from(X), js: X }), 71),
];

// An RNN: Wx, Wh and b are read at every time step (summed before squaring), Wo and bo once.
{
  const [T, D, H, K] = [3, 2, 3, 2];
  const X = randoms(N * T * D, 81);
  const y = randoms(N * K, 82);
  const model = tfRnn(D, H, K);
  const theta64 = randoms(model.numParams, 83, 0.8);
  cases.push({
    name: 'RNN (weights shared over 3 time steps), squared error',
    model,
    loss: squaredError,
    inputs: Float32Array.from(X),
    inputShape: [N, T, D],
    targets: Float32Array.from(y),
    reference: () => referenceDiagonal(rnnModel(X, N, T, D, H, K), jsSquaredError, theta64, y, N),
    method: 'per-example-products',
    theta: Float32Array.from(theta64),
  });
}

/** A case checked against the loop only. */
function loopCase(name: string, shapes: number[][], forward: (p: tf.Tensor[], x: tf.Tensor) => tf.Tensor, inputShape: number[], k: number, method: ExactDiagonalMethod, seed: number): Case {
  const model = functionalModel({ shapes, forward });
  const size = inputShape.reduce((a, b) => a * b, 1);
  return {
    name,
    model,
    loss: softmaxCrossEntropy,
    inputs: Float32Array.from(randoms(size, seed)),
    inputShape,
    targets: Int32Array.from({ length: N }, (_, i) => i % k),
    reference: null,
    method,
    theta: Float32Array.from(randoms(model.numParams, seed + 1, 0.8)),
  };
}

cases.push(
  // Tied weights read twice by matMuls (x W, then h W'): per-example products.
  loopCase(
    'tied weights through matMul(h, W, false, true): a parameter read twice',
    [[4, 3], [3], [4]],
    ([W, b, c], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W), b)), W, false, true), c),
    [N, 4],
    4,
    'per-example-products',
    91,
  ),
  // The same through tf.transpose(W): a Transpose reads W, so the loop.
  loopCase(
    'tied weights through tf.transpose(W): the per-example loop',
    [[4, 3], [3], [4]],
    ([W, b, c], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W), b)), tf.transpose(W)), c),
    [N, 4],
    4,
    'per-example',
    101,
  ),
  // A bias subtracted in one place and added in another: the uses' gradients have opposite signs.
  loopCase(
    'a bias read twice, subtracted and added: per-example products',
    [[4, 3], [3], [3, 3]],
    ([W, b, V], x) => tf.add(tf.matMul(tf.tanh(tf.sub(tf.matMul(x, W), b)), V), b),
    [N, 4],
    3,
    'per-example-products',
    141,
  ),
  // A weight stored [out, in] (z = x W'), and a bias of shape [1, k].
  loopCase(
    'z = x W\' + b with W [k, d] and b [1, k]: squared products',
    [[3, 4], [1, 3]],
    ([W, b], x) => tf.add(tf.matMul(x, W, false, true), b),
    [N, 4],
    3,
    'squared-products',
    111,
  ),
  // Several rows per example: [N, T, d] x W, summed over T: per-example products.
  loopCase(
    'a matMul over [N, T, d] inputs, summed over T: per-example products',
    [[2, 3], [3]],
    ([W, b], x) => tf.sum(tf.tanh(tf.add(tf.matMul(x, W), b)), 1),
    [N, 3, 2],
    3,
    'per-example-products',
    121,
  ),
  // Examples moved off axis 0 ([N, T, d] reshaped to [N T, d], or transposed): not row tensors, the loop.
  loopCase(
    'inputs reshaped to [N T, d] before the matMul: the per-example loop',
    [[2, 3], [3]],
    ([W, b], x) => tf.sum(tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, 2]), W), b), [x.shape[0], 3, 3]), 1),
    [N, 3, 2],
    3,
    'per-example',
    151,
  ),
  loopCase(
    'the batch on the columns, z = (W\' x\')\': the per-example loop',
    [[4, 3]],
    ([W], x) => tf.transpose(tf.matMul(tf.transpose(W), tf.transpose(x))),
    [N, 4],
    3,
    'per-example',
    161,
  ),
  // Row-wise kernels that keep the fast path: a slice and a concat along axis 1, a softmax, a mean over axis 1.
  loopCase(
    'slices, concats, softmax and a mean over the features: squared products',
    [[4, 3], [3], [6, 3]],
    ([W, b, V], x) => {
      const h = tf.softmax(tf.add(tf.matMul(tf.slice(x, [0, 0], [-1, 4]), W), b));
      return tf.matMul(tf.concat([h, tf.sub(h, tf.mean(h, 1, true))], 1), V);
    },
    [N, 5],
    3,
    'squared-products',
    171,
  ),
  // A Multiply reads a parameter (a gain): the per-example loop.
  loopCase(
    'a gain multiplied in: the per-example loop',
    [[4, 3], [3]],
    ([W, g], x) => tf.mul(tf.matMul(x, W), g),
    [N, 4],
    3,
    'per-example',
    131,
  ),
);

describe.each(cases)('$name', (c) => {
  let inputs: tf.Tensor;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(c.inputs, c.inputShape);
  });
  afterAll(() => inputs.dispose());

  test(`uses ${c.method}, equals the per-example loop${c.reference === null ? '' : ' and central differences of the per-example losses'}`, () => {
    const at = curvatureAt(c.model, c.loss, c.theta, { inputs, targets: c.targets });
    try {
      const plan = at.exactDiagonalPlan();
      expect(plan.method).toBe(c.method);
      expect(plan.reason === null).toBe(c.method === 'squared-products');
      const exact = at.empiricalFisherDiagonal();
      expect(Array.from(at.empiricalFisherDiagonal({ method: 'exact' }))).toEqual(Array.from(exact));
      const loop = at.empiricalFisherDiagonal({ method: 'per-example' });
      expect(exact.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(relativeError(exact, loop)).toBeLessThan(TOL_LOOP);
      if (c.reference !== null) {
        const reference = c.reference();
        expect(relativeError(exact, reference)).toBeLessThan(TOL_REFERENCE);
        expect(relativeError(loop, reference)).toBeLessThan(TOL_REFERENCE);
      }
    } finally {
      at.dispose();
    }
  });
});

describe('the exact diagonal: plans, costs, chunks, leaks', () => {
  beforeAll(() => useBackend('cpu'));
  const { tf: mlp } = dense([4, 5, 3], ['tanh', 'linear']);
  const theta = Float32Array.from(randoms(mlp.numParams, 3, 0.8));

  test('a dense network: one reverse sweep without parameter cotangents, one product per weight, no forward pass', () => {
    const inputs = tf.tensor(Float32Array.from(randoms(N * 4, 5)), [N, 4]);
    const at = curvatureAt(mlp, softmaxCrossEntropy, theta, { inputs, targets: labels });
    const calls = kernelsRun(() => void at.empiricalFisherDiagonal());
    expect(calls.filter((call) => call.name === tf.Tanh)).toHaveLength(0);
    // dA of the second layer (the first's input is the batch) + (x.^2)'(delta.^2) per weight.
    expect(matMulCalls(calls)).toEqual({ all: 1 + 2, transposed: 0 });
    at.dispose();
    inputs.dispose();
  });

  test('examples mixed by a batch statistic: the loop, and the plan names the kernel', () => {
    const model = functionalModel({
      shapes: [[4, 3], [3]],
      forward: ([W, b], x) => tf.add(tf.matMul(tf.sub(x, tf.mean(x, 0)), W), b),
    });
    const inputs = tf.tensor(Float32Array.from(randoms(N * 4, 7)), [N, 4]);
    const at = curvatureAt(model, softmaxCrossEntropy, Float32Array.from(randoms(model.numParams, 8)), { inputs, targets: labels });
    const plan = at.exactDiagonalPlan();
    expect(plan.method).toBe('per-example');
    expect(plan.reason).toMatch(/does not keep the examples apart.*kernel 'Mean'/);
    expect(relativeError(at.empiricalFisherDiagonal(), at.empiricalFisherDiagonal({ method: 'per-example' }))).toBe(0);
    at.dispose();
    inputs.dispose();
  });

  test('the fallback reasons name the parameter and the kernel', () => {
    const gain = cases.find((c) => c.name.startsWith('a gain'))!;
    const inputs = tf.tensor(gain.inputs, gain.inputShape);
    const at = curvatureAt(gain.model, gain.loss, gain.theta, { inputs, targets: gain.targets });
    expect(at.exactDiagonalPlan().reason).toMatch(/parameter 1 \(shape \[3\]\) is read by kernel 'Multiply'/);
    at.dispose();
    const rnn = cases.find((c) => c.name.startsWith('RNN'))!;
    const rnnInputs = tf.tensor(rnn.inputs, rnn.inputShape);
    const at2 = curvatureAt(rnn.model, rnn.loss, rnn.theta, { inputs: rnnInputs, targets: rnn.targets });
    expect(at2.exactDiagonalPlan().reason).toMatch(/parameter 0 \(shape \[2, 3\]\) is read 3 times/);
    at2.dispose();
    tf.dispose([inputs, rnnInputs]);
  });

  test('a parameter that does not reach the output: zeros, by squared products', () => {
    const model = functionalModel({ shapes: [[4, 3], [5]], forward: ([W], x) => tf.matMul(x, W) });
    const inputs = tf.tensor(Float32Array.from(randoms(N * 4, 9)), [N, 4]);
    const at = curvatureAt(model, softmaxCrossEntropy, Float32Array.from(randoms(model.numParams, 10)), { inputs, targets: labels });
    expect(at.exactDiagonalPlan()).toEqual({ method: 'squared-products', reason: null });
    const diag = at.empiricalFisherDiagonal();
    expect(Array.from(diag.subarray(12))).toEqual([0, 0, 0, 0, 0]);
    expect(relativeError(diag, at.empiricalFisherDiagonal({ method: 'per-example' }))).toBeLessThan(TOL_LOOP);
    at.dispose();
    inputs.dispose();
  });

  test('per-example products in chunks of examples give the same sums', () => {
    const rnn = cases.find((c) => c.name.startsWith('RNN'))!;
    const inputs = tf.tensor(rnn.inputs, rnn.inputShape);
    const lin = linearize(rnn.model, rnn.theta, inputs);
    const g = tf.randomNormal(lin.outputs[0].shape, 0, 1, 'float32', 5);
    const plan = planSquaredSums(lin.trace, inputs) as SquaredSumsPlan;
    expect(plan.method).toBe('per-example-products');
    const whole = readParts(rnn.model.numParams, () => squaredSums(lin.trace, plan, g));
    // The largest parameter (Wh, 9 floats) in chunks of 2 examples (18 floats): 4 chunks of N = 7.
    const chunked = readParts(rnn.model.numParams, () => squaredSums(lin.trace, plan, g, 18));
    expect(relativeError(chunked, whole)).toBeLessThan(1e-6);
    g.dispose();
    lin.dispose();
    inputs.dispose();
  });

  test('no tensors leak: every plan and method, then dispose()', () => {
    for (const c of cases) {
      const inputs = tf.tensor(c.inputs, c.inputShape);
      const before = tf.memory().numTensors;
      const at = curvatureAt(c.model, c.loss, c.theta, { inputs, targets: c.targets });
      at.empiricalFisherDiagonal(); // may fill point caches (transposes of saved operands)
      const cached = tf.memory().numTensors;
      for (const method of ['exact', 'per-example', 'rademacher'] as const) {
        at.empiricalFisherDiagonal({ method });
        expect(tf.memory().numTensors).toBe(cached);
      }
      at.exactDiagonalPlan();
      at.dispose();
      expect(tf.memory().numTensors).toBe(before);
      inputs.dispose();
    }
  });
});

describe('on the WASM backend', () => {
  beforeAll(() => useBackend('wasm'));

  test.each([
    ['autoencoder 6-5-2-5-6, sigmoid', 'squared-products'],
    ['RNN', 'per-example-products'],
  ] as const)('%s: %s equal central differences', (prefix, method) => {
    const c = cases.find((k) => k.name.startsWith(prefix))!;
    const inputs = tf.tensor(c.inputs, c.inputShape);
    const before = tf.memory().numTensors;
    const at = curvatureAt(c.model, c.loss, c.theta, { inputs, targets: c.targets });
    expect(at.exactDiagonalPlan().method).toBe(method);
    expect(relativeError(at.empiricalFisherDiagonal(), (c.reference as () => Float64Array)())).toBeLessThan(TOL_REFERENCE);
    at.dispose();
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
  });
});
