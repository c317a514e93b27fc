import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { curvatureAt, softmaxCrossEntropy, type CurvatureAt } from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { expectMatches, expectPsdOnRandomVectors, expectSymmetric } from './helpers/checks.js';
import { references } from './helpers/curvature-references.js';
import { tfMlp } from './helpers/models.js';
import { dot, jsSoftmaxCE, materialize, mlpModel, oneHot, randoms, relativeError, softmax, zeros, addScaled, atb, jacobianFD, rowsOf } from './helpers/reference.js';

// A 2-layer tanh MLP, 3 -> 4 -> 3, softmax cross-entropy with integer labels, N = 6.
const [N, D, H, K] = [6, 3, 4, 3];
const X = randoms(N * D, 11, 1.5);
const labels = Int32Array.of(0, 2, 1, 1, 0, 2);
const model = tfMlp(D, H, K);
const theta64 = randoms(model.numParams, 7, 0.8);
const theta = Float32Array.from(theta64);
const ref = references(mlpModel(X, N, D, H, K), jsSoftmaxCE, theta64, oneHot(labels, K), N);

describe('2-layer tanh MLP, softmax cross-entropy', () => {
  let inputs: tf.Tensor;
  let at: CurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(X), [N, D]);
    at = curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: labels });
  });
  afterAll(() => {
    at.dispose();
    inputs.dispose();
  });

  // float32 loss and gradient vs float64 (gradient by central differences, error ~1e-10): 1e-5 / 1e-4 relative.
  test('loss and gradient', () => {
    expect(Math.abs(at.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    expect(relativeError(at.gradient, ref.gradient)).toBeLessThan(1e-4);
  });

  test('Gauss-Newton equals (1/N) sum J_i\' H_i J_i with explicit Jacobians', () => {
    const G = at.gaussNewton();
    expectMatches(G, ref.gaussNewton());
    expectSymmetric(G, 100);
    expectPsdOnRandomVectors(G, 200);
  });

  test('Hessian equals central differences of the gradient', () => {
    const Hop = at.hessian();
    expectMatches(Hop, ref.hessian());
    expectSymmetric(Hop, 300);
    expect(Hop.positiveSemidefinite).toBe(false);
  });

  test('empirical Fisher equals (1/N) sum of per-example gradient outer products', () => {
    const F = at.fisher({ kind: 'empirical' });
    expectMatches(F, ref.empiricalFisher());
    expectSymmetric(F, 400);
    expectPsdOnRandomVectors(F, 500);
  });

  test('true Fisher: E_y[g g\'] over the predictive distribution, which equals the GGN', () => {
    // Independent of the closed-form H_L: the expectation over classes c of
    // (p - e_c)(p - e_c)' weighted by p_c, pulled back through explicit Jacobians.
    const J = jacobianFD((t) => mlpModel(X, N, D, H, K)(t).out, theta64);
    const z = mlpModel(X, N, D, H, K)(theta64).out;
    const F = zeros(model.numParams, model.numParams);
    for (let i = 0; i < N; i++) {
      const p = softmax(z.subarray(i * K, (i + 1) * K));
      const Ji = rowsOf(J, i * K, K);
      for (let c = 0; c < K; c++) {
        const g = [Float64Array.from(p, (pk, k) => pk - (k === c ? 1 : 0))];
        const Jg = matmulRow(g, Ji);
        addScaled(F, atb(Jg, Jg), p[c] / N);
      }
    }
    const Ftrue = at.fisher({ kind: 'true' });
    expectMatches(Ftrue, F);
    // Same products as G (exactly the same computation).
    expect(relativeError(materialize(Ftrue), materialize(at.gaussNewton()))).toBe(0);
    expectPsdOnRandomVectors(Ftrue, 600);
  });

  test('Monte-Carlo Fisher: PSD, seeded, and an unbiased estimate of v\'Gv', () => {
    const v = Float32Array.from(randoms(model.numParams, 900));
    const y = new Float32Array(model.numParams);
    at.gaussNewton().apply(v, y);
    const vGv = dot(v, y);
    const draws: number[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      at.fisher({ kind: 'monte-carlo', seed }).apply(v, y);
      draws.push(dot(v, y));
    }
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
    // Statistical test: the mean of 300 draws is within 5 standard errors of v'Gv.
    expect(Math.abs(mean - vGv)).toBeLessThan((5 * sd) / Math.sqrt(draws.length));
    const F = at.fisher({ kind: 'monte-carlo', seed: 3 });
    expect(relativeError(materialize(F), materialize(at.fisher({ kind: 'monte-carlo', seed: 3 })))).toBe(0);
    expectSymmetric(F, 700);
    expectPsdOnRandomVectors(F, 800);
  });

  test('one-hot targets give the same point as integer labels', () => {
    const oneHotTargets = tf.tensor(Float32Array.from(oneHot(labels, K)), [N, K]);
    const at2 = curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: oneHotTargets });
    expect(at2.loss).toBeCloseTo(at.loss, 6);
    expect(relativeError(materialize(at2.fisher({ kind: 'empirical' })), materialize(at.fisher({ kind: 'empirical' })))).toBe(0);
    at2.dispose();
    oneHotTargets.dispose();
  });

  test('diagonal of the empirical Fisher from per-example gradients', () => {
    const grads = ref.perExampleGradients();
    const diag = Float64Array.from(theta64, (_, j) => grads.reduce((a, g) => a + g[j] * g[j], 0) / N);
    // float32 per-example gradients squared: 1e-4 relative to the largest entry.
    expect(relativeError(at.empiricalFisherDiagonal(), diag)).toBeLessThan(1e-4);
  });
});

function matmulRow(g: Float64Array[], Ji: Float64Array[]): Float64Array[] {
  return [Float64Array.from(Ji[0], (_, j) => g[0].reduce((a, gk, k) => a + gk * Ji[k][j], 0))];
}
