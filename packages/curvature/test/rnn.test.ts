import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { curvatureAt, squaredError, type TracedCurvatureAt } from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { expectMatches, expectPsdOnRandomVectors, expectSymmetric } from './helpers/checks.js';
import { references } from './helpers/curvature-references.js';
import { tfRnn } from './helpers/models.js';
import { addScaled, jsSquaredError, materialize, randoms, relativeError, rnnModel } from './helpers/reference.js';

// A 1-layer tanh RNN over T = 3 steps, 2 -> 3 hidden -> 2 outputs, squared error, N = 4.
const [N, T, D, H, K] = [4, 3, 2, 3, 2];
const X = randoms(N * T * D, 21, 1);
const Y = randoms(N * K, 22, 1);
const model = tfRnn(D, H, K);
const theta64 = randoms(model.numParams, 23, 0.7);
const theta = Float32Array.from(theta64);
const ref = references(rnnModel(X, N, T, D, H, K), jsSquaredError, theta64, Y, N);

describe('1-layer tanh RNN, squared error, structural damping', () => {
  let inputs: tf.Tensor;
  let at: TracedCurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(X), [N, T, D]);
    at = curvatureAt(model, squaredError, theta, { inputs, targets: Float32Array.from(Y) });
  });
  afterAll(() => {
    at.dispose();
    inputs.dispose();
  });

  test('loss and gradient (float32 vs float64: 1e-5 / 1e-4 relative)', () => {
    expect(Math.abs(at.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    expect(relativeError(at.gradient, ref.gradient)).toBeLessThan(1e-4);
  });

  test('Gauss-Newton = J\'J / N with explicit Jacobians', () => {
    const G = at.gaussNewton();
    expectMatches(G, ref.gaussNewton());
    expectSymmetric(G, 1);
    expectPsdOnRandomVectors(G, 2);
  });

  test('structural damping S = J_h\'J_h / N over all hidden states', () => {
    const S = at.structuralDamping();
    expectMatches(S, ref.structuralDamping());
    expectSymmetric(S, 3);
    expectPsdOnRandomVectors(S, 4);
  });

  test('dampedGaussNewton(w) = G + w S against the float64 references', () => {
    const w = 0.7;
    const reference = ref.gaussNewton();
    addScaled(reference, ref.structuralDamping(), w);
    const A = at.dampedGaussNewton(w);
    expectMatches(A, reference);
    expectSymmetric(A, 10);
    expectPsdOnRandomVectors(A, 11);
  });

  test('dampedGaussNewton(w) = gaussNewton() + w structuralDamping() applied separately', () => {
    // Both run in float32 and sum the same terms in another order (the
    // hidden states' seeds join the reverse sweep instead of a second one),
    // so they agree to a few float32 roundoffs of the largest entry:
    // 1e-5 relative (u = 6e-8, a few dozen additions per entry).
    const G = at.gaussNewton();
    const S = at.structuralDamping();
    const g = materialize(G);
    const sd = materialize(S);
    for (const w of [1e-3, 0.5, 30]) {
      const expected = g.map((row) => row.slice());
      addScaled(expected, sd, w);
      expect(relativeError(materialize(at.dampedGaussNewton(w)), expected)).toBeLessThan(1e-5);
    }
  });

  test('dampedGaussNewton(0) is the Gauss-Newton product, bit for bit', () => {
    const v = Float32Array.from(randoms(model.numParams, 12));
    const [a, b] = [new Float32Array(model.numParams), new Float32Array(model.numParams)];
    at.gaussNewton().apply(v, a);
    at.dampedGaussNewton(0).apply(v, b);
    expect(b).toEqual(a);
  });

  test('Hessian equals central differences of the gradient', () => {
    const Hop = at.hessian();
    expectMatches(Hop, ref.hessian());
    expectSymmetric(Hop, 5);
  });

  test('empirical and Monte-Carlo Fisher', () => {
    const F = at.fisher({ kind: 'empirical' });
    expectMatches(F, ref.empiricalFisher());
    expectSymmetric(F, 6);
    expectPsdOnRandomVectors(F, 7);
    const M = at.fisher({ kind: 'monte-carlo', seed: 5 });
    expectSymmetric(M, 8);
    expectPsdOnRandomVectors(M, 9);
  });
});
