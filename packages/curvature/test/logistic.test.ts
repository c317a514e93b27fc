import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { curvatureAt, sigmoidCrossEntropy, type CurvatureAt } from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { expectMatches, expectPsdOnRandomVectors, expectSymmetric } from './helpers/checks.js';
import { randoms, relativeError, sigm, zeros, type Matrix } from './helpers/reference.js';
import { tfLinear } from './helpers/models.js';

// Logistic regression z = x w + b on N = 8 examples in 3 dimensions, theta = [w; b].
const [N, D] = [8, 3];
const X = randoms(N * D, 5, 2);
const y = Float64Array.of(1, 0, 0, 1, 1, 0, 1, 0);
const model = tfLinear(D, 1);
const theta64 = randoms(D + 1, 9, 1);
const theta = Float32Array.from(theta64);

// Closed forms with x~ = [x, 1] and p = sigmoid(x~' theta):
const xt = (i: number): Float64Array => Float64Array.from({ length: D + 1 }, (_, j) => (j < D ? X[i * D + j] : 1));
const p = Float64Array.from({ length: N }, (_, i) => sigm(xt(i).reduce((a, v, j) => a + v * theta64[j], 0)));
/** H = GGN = true Fisher = X~' diag(p(1-p)) X~ / N. */
function closedFormHessian(): Matrix {
  const Hm = zeros(D + 1, D + 1);
  for (let i = 0; i < N; i++) {
    const x = xt(i);
    for (let a = 0; a <= D; a++) for (let b = 0; b <= D; b++) Hm[a][b] += (p[i] * (1 - p[i]) * x[a] * x[b]) / N;
  }
  return Hm;
}
/** grad l_i = (p_i - y_i) x~_i. */
const perExample = Array.from({ length: N }, (_, i) => xt(i).map((v) => (p[i] - y[i]) * v));

describe('logistic regression (closed forms)', () => {
  let inputs: tf.Tensor;
  let targets: tf.Tensor;
  let at: CurvatureAt;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.tensor(Float32Array.from(X), [N, D]);
    targets = tf.tensor(Float32Array.from(y), [N, 1]);
    at = curvatureAt(model, sigmoidCrossEntropy, theta, { inputs, targets });
  });
  afterAll(() => {
    at.dispose();
    tf.dispose([inputs, targets]);
  });

  test('loss and gradient = X~\'(p - y) / N (float32 vs float64: 1e-5 relative)', () => {
    const loss = Array.from(p).reduce((a, pi, i) => a - (y[i] * Math.log(pi) + (1 - y[i]) * Math.log(1 - pi)), 0) / N;
    expect(Math.abs(at.loss - loss) / loss).toBeLessThan(1e-5);
    const grad = Float64Array.from({ length: D + 1 }, (_, j) => perExample.reduce((a, g) => a + g[j], 0) / N);
    expect(relativeError(at.gradient, grad)).toBeLessThan(1e-5);
  });

  test('Hessian = GGN = true Fisher = X~\' diag(p(1-p)) X~ / N', () => {
    const ref = closedFormHessian();
    for (const op of [at.hessian(), at.gaussNewton(), at.fisher({ kind: 'true' })]) {
      expectMatches(op, ref);
      expectSymmetric(op, 10);
    }
    expectPsdOnRandomVectors(at.gaussNewton(), 20);
  });

  test('empirical Fisher = (1/N) sum (p_i - y_i)^2 x~_i x~_i\'', () => {
    const F = zeros(D + 1, D + 1);
    for (const g of perExample) for (let a = 0; a <= D; a++) for (let b = 0; b <= D; b++) F[a][b] += (g[a] * g[b]) / N;
    const op = at.fisher({ kind: 'empirical' });
    expectMatches(op, F);
    expectSymmetric(op, 30);
    expectPsdOnRandomVectors(op, 40);
  });

  test('empirical Fisher diagonal: exact per-example, and the Rademacher estimate is unbiased', () => {
    const diag = Float64Array.from({ length: D + 1 }, (_, j) => perExample.reduce((a, g) => a + g[j] * g[j], 0) / N);
    // Exact method, float32: 1e-5 relative.
    expect(relativeError(at.empiricalFisherDiagonal({ method: 'per-example' }), diag)).toBeLessThan(1e-5);
    // Each Rademacher probe has relative standard deviation <= sqrt(2) per entry;
    // with 4000 probes the mean is within ~2.2% (1 sd), so 12% is > 5 sd.
    const est = at.empiricalFisherDiagonal({ method: 'rademacher', samples: 4000, seed: 42 });
    for (let j = 0; j <= D; j++) expect(Math.abs(est[j] - diag[j]) / diag[j]).toBeLessThan(0.12);
  });
});
