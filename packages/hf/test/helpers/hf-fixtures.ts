/**
 * Tiny models, data sets and float64 references for the network-* tests of
 * the HF optimizer. The references (normal equations, Newton on logistic
 * regression, plain-JS losses) never call the code under test.
 */
import { functionalModel, type FunctionalModel } from '@hessian-free/curvature';
import type { HessianFreeOptimizer, HfStepReport } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { choleskySolve, logisticRegression, seeded } from './problems.js';

/** Standard normal by Box-Muller from a uniform generator. */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** `n` normals N(0, scale^2), rounded to float32 (so tensors and references hold the same numbers). */
export function normals32(n: number, seed: number, scale = 1): Float32Array {
  const rand = seeded(seed);
  return Float32Array.from({ length: n }, () => scale * gaussian(rand));
}

// ---------------------------------------------------------------- models

/** z = x W + b (W: [d, k]); theta = [W row-major, b]. */
export function linearModel(d: number, k = 1): FunctionalModel {
  return functionalModel({ shapes: [[d, k], [k]], forward: ([W, b], x) => tf.add(tf.matMul(x, W), b) });
}

/** One tanh hidden layer: z = tanh(x W1 + b1) W2 + b2. */
export function tanhMlp(d: number, h: number, k: number): FunctionalModel {
  return functionalModel({
    shapes: [[d, h], [h], [h, k], [k]],
    forward: ([W1, b1, W2, b2], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2),
  });
}

/** Inputs [N, T, d]; returns the final output and every hidden state h_1..h_T. */
export function tanhRnn(d: number, h: number, k: number): FunctionalModel {
  return functionalModel({
    shapes: [[d, h], [h, h], [h], [h, k], [k]],
    forward: ([Wx, Wh, b, Wo, bo], x) => {
      const [n, steps] = x.shape;
      const hidden: tf.Tensor[] = [];
      for (let t = 0; t < steps; t++) {
        const xt = tf.reshape(tf.slice(x, [0, t, 0], [n, 1, d]), [n, d]);
        const pre = tf.add(tf.matMul(xt, Wx), b);
        const prev = hidden[t - 1];
        hidden.push(tf.tanh(prev === undefined ? pre : tf.add(pre, tf.matMul(prev, Wh))));
      }
      return { output: tf.add(tf.matMul(hidden[steps - 1], Wo), bo), hidden };
    },
  });
}

// ---------------------------------------------------------------- data

/** A regression or binary-classification set with one output, as float32 numbers. */
export interface TestSet {
  readonly m: number;
  readonly d: number;
  /** Inputs, row-major [m, d]. */
  readonly x: Float32Array;
  /** Targets, [m]. */
  readonly y: Float32Array;
}

/** y = x w* + b* + noise N(0, noise^2), x standard normal. */
export function regressionSet(m: number, d: number, seed: number, noise = 0.1): TestSet {
  const rand = seeded(seed);
  const w = Float64Array.from({ length: d }, () => gaussian(rand));
  const b = gaussian(rand);
  const x = Float32Array.from({ length: m * d }, () => gaussian(rand));
  const y = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let z = b;
    for (let j = 0; j < d; j++) z += x[i * d + j] * w[j];
    y[i] = z + noise * gaussian(rand);
  }
  return { m, d, x, y };
}

/** Labels in {0, 1} drawn from a logistic model with weights N(0, 1) and bias 0.3. */
export function logisticSet(m: number, d: number, seed: number): TestSet {
  const rand = seeded(seed);
  const w = Float64Array.from({ length: d }, () => gaussian(rand));
  const x = Float32Array.from({ length: m * d }, () => gaussian(rand));
  const y = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let z = 0.3;
    for (let j = 0; j < d; j++) z += x[i * d + j] * w[j];
    y[i] = rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { m, d, x, y };
}

/** A smooth nonlinear target for MLPs: y = sin(1.5 x_0) + 0.5 x_1^2 - 0.3 (d >= 2). */
export function nonlinearSet(m: number, d: number, seed: number): TestSet {
  const x = normals32(m * d, seed);
  const y = Float32Array.from({ length: m }, (_, i) => Math.sin(1.5 * x[i * d]) + 0.5 * x[i * d + 1] ** 2 - 0.3);
  return { m, d, x, y };
}

/** The set as tensors: inputs [m, d], targets [m, 1]. Dispose with `disposeAll`. */
export function tensors(set: TestSet): { inputs: tf.Tensor2D; targets: tf.Tensor2D } {
  return { inputs: tf.tensor2d(set.x, [set.m, set.d]), targets: tf.tensor2d(set.y, [set.m, 1]) };
}

export function disposeAll(data: { inputs: tf.Tensor; targets: unknown }): void {
  data.inputs.dispose();
  if (data.targets instanceof tf.Tensor) data.targets.dispose();
}

/** Rows [x_i, 1] (the design matrix of a linear model with a bias), float64. */
export function withOnes(set: TestSet): Float64Array {
  const n = set.d + 1;
  const X = new Float64Array(set.m * n);
  for (let i = 0; i < set.m; i++) {
    for (let j = 0; j < set.d; j++) X[i * n + j] = set.x[i * set.d + j];
    X[i * n + set.d] = 1;
  }
  return X;
}

// ---------------------------------------------------------------- float64 references

/**
 * Minimizer of (1/2m) ||X theta - y||^2 + (l2/2) ||theta||^2: the normal
 * equations (X'X/m + l2 I) theta = X'y/m, by Cholesky in float64.
 */
export function ridgeSolution(X: Float64Array, y: ArrayLike<number>, m: number, n: number, l2: number): Float64Array {
  const H = new Float64Array(n * n);
  const r = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      r[j] += (X[i * n + j] * y[i]) / m;
      for (let k = 0; k < n; k++) H[j * n + k] += (X[i * n + j] * X[i * n + k]) / m;
    }
  }
  for (let j = 0; j < n; j++) H[j * n + j] += l2;
  return choleskySolve(H, r);
}

/** (1/2m) ||X theta - y||^2 + (l2/2) ||theta||^2 in float64. */
export function ridgeObjective(X: Float64Array, y: ArrayLike<number>, m: number, n: number, l2: number, theta: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < m; i++) {
    let z = 0;
    for (let j = 0; j < n; j++) z += X[i * n + j] * theta[j];
    f += 0.5 * (z - y[i]) ** 2;
  }
  let t = 0;
  for (let j = 0; j < n; j++) t += theta[j] ** 2;
  return f / m + 0.5 * l2 * t;
}

/**
 * Minimizer of (1/m) sum [log(1 + e^z) - y z] + (l2/2)||theta||^2, z = X
 * theta, by Newton's method (Cholesky) in float64 from 0 until the gradient
 * is below 1e-13 (strictly convex for l2 > 0, and for l2 = 0 on data that
 * are not separable).
 */
export function logisticSolution(
  X: Float64Array,
  y: ArrayLike<number>,
  m: number,
  n: number,
  l2: number,
): { theta: Float64Array; value: number; iterations: number } {
  const problem = logisticRegression({ m, n, A: X, y: Float64Array.from(y) }, l2);
  const theta = new Float64Array(n);
  const g = new Float64Array(n);
  for (let it = 0; it < 50; it++) {
    problem.gradient(theta, g);
    if (Math.max(...g.map(Math.abs)) < 1e-13) return { theta, value: problem.value(theta), iterations: it };
    const step = choleskySolve(problem.hessian(theta), g);
    for (let j = 0; j < n; j++) theta[j] -= step[j];
  }
  throw new Error('logisticSolution: Newton did not converge in 50 iterations');
}

/** The logistic objective's Hessian X'DX/m + l2 I at theta (float64, row-major n x n). */
export function logisticHessian(X: Float64Array, y: ArrayLike<number>, m: number, n: number, l2: number, theta: ArrayLike<number>): Float64Array {
  return logisticRegression({ m, n, A: X, y: Float64Array.from(y) }, l2).hessian(Float64Array.from(theta));
}

/** X'X/m + l2 I (float64, row-major n x n). */
export function ridgeHessian(X: Float64Array, m: number, n: number, l2: number): Float64Array {
  const H = new Float64Array(n * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) H[j * n + k] += (X[i * n + j] * X[i * n + k]) / m;
  for (let j = 0; j < n; j++) H[j * n + j] += l2;
  return H;
}

/** Smallest eigenvalue of a symmetric positive definite matrix, by inverse iteration (Cholesky solves). */
export function smallestEigenvalue(H: Float64Array, n: number): number {
  let v = Float64Array.from({ length: n }, (_, i) => 1 + i / n);
  let norm = 1;
  for (let it = 0; it < 200; it++) {
    const w = choleskySolve(H, v);
    norm = Math.hypot(...w);
    v = w.map((x) => x / norm);
  }
  return 1 / norm;
}

/** The spacing of float32 numbers at |x| (unit in the last place). */
export function ulp32(x: number): number {
  const a = Math.fround(Math.abs(x));
  const bits = new Uint32Array(Float32Array.of(a).buffer)[0];
  return new Float32Array(new Uint32Array([bits + 1]).buffer)[0] - a;
}

export function logisticObjective(X: Float64Array, y: ArrayLike<number>, m: number, n: number, l2: number, theta: ArrayLike<number>): number {
  return logisticRegression({ m, n, A: X, y: Float64Array.from(y) }, l2).value(Float64Array.from(theta));
}

/** Labels 0..k-1 from a softmax model with N(0, 1) weights over d standard-normal features. */
export function multiclassSet(m: number, d: number, k: number, seed: number): { m: number; d: number; k: number; x: Float32Array; labels: Int32Array } {
  const rand = seeded(seed);
  const W = Float64Array.from({ length: d * k }, () => gaussian(rand));
  const x = Float32Array.from({ length: m * d }, () => gaussian(rand));
  const labels = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const z = Array.from({ length: k }, (_, c) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * W[j * k + c];
      return s;
    });
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const total = e.reduce((a, b) => a + b, 0);
    let u = rand() * total;
    let c = 0;
    while (c < k - 1 && u >= e[c]) u -= e[c++];
    labels[i] = c;
  }
  return { m, d, k, x, labels };
}

/**
 * Mean softmax cross-entropy + (l2/2)|theta|^2 of the linear model
 * z = x W + b, theta = [W; b] ((d+1) x k row-major), with its gradient and
 * Hessian, in float64:
 *   g_(j,c) = (1/m) sum_i X_ij (p_ic - [y_i = c]) + l2 theta_(j,c),
 *   H_(j,c),(j',c') = (1/m) sum_i X_ij X_ij' p_ic ([c = c'] - p_ic') + l2 [same].
 */
export function softmaxRegression(X: Float64Array, labels: Int32Array, m: number, n: number, k: number, l2: number) {
  const probabilities = (theta: ArrayLike<number>, i: number): number[] => {
    const z = Array.from({ length: k }, (_, c) => {
      let s = 0;
      for (let j = 0; j < n; j++) s += X[i * n + j] * theta[j * k + c];
      return s;
    });
    const top = Math.max(...z);
    const e = z.map((v) => Math.exp(v - top));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  };
  const size = n * k;
  return {
    value(theta: ArrayLike<number>): number {
      let f = 0;
      for (let i = 0; i < m; i++) f -= Math.log(probabilities(theta, i)[labels[i]]);
      let t = 0;
      for (let q = 0; q < size; q++) t += theta[q] ** 2;
      return f / m + 0.5 * l2 * t;
    },
    gradient(theta: ArrayLike<number>): Float64Array {
      const g = Float64Array.from({ length: size }, (_, q) => l2 * theta[q]);
      for (let i = 0; i < m; i++) {
        const p = probabilities(theta, i);
        for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) g[j * k + c] += (X[i * n + j] * (p[c] - (labels[i] === c ? 1 : 0))) / m;
      }
      return g;
    },
    hessian(theta: ArrayLike<number>): Float64Array {
      const H = new Float64Array(size * size);
      for (let q = 0; q < size; q++) H[q * size + q] = l2;
      for (let i = 0; i < m; i++) {
        const p = probabilities(theta, i);
        for (let j = 0; j < n; j++)
          for (let c = 0; c < k; c++)
            for (let j2 = 0; j2 < n; j2++)
              for (let c2 = 0; c2 < k; c2++) {
                H[(j * k + c) * size + j2 * k + c2] += (X[i * n + j] * X[i * n + j2] * p[c] * ((c === c2 ? 1 : 0) - p[c2])) / m;
              }
      }
      return H;
    },
  };
}

/** Newton's method (Cholesky) on a strictly convex problem from 0, to a gradient below 1e-13. */
export function newtonSolve(problem: { value(t: ArrayLike<number>): number; gradient(t: ArrayLike<number>): Float64Array; hessian(t: ArrayLike<number>): Float64Array }, size: number) {
  const theta = new Float64Array(size);
  for (let it = 0; it < 50; it++) {
    const g = problem.gradient(theta);
    if (Math.max(...g.map(Math.abs)) < 1e-13) return { theta, value: problem.value(theta), iterations: it, hessian: problem.hessian(theta) };
    const step = choleskySolve(problem.hessian(theta), g);
    for (let q = 0; q < size; q++) theta[q] -= step[q];
  }
  throw new Error('newtonSolve: no convergence in 50 iterations');
}

// ---------------------------------------------------------------- comparisons

/** Element-wise Object.is: bit-identical (NaN equals NaN; +0 differs from -0). */
export function identical(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** A report without its timings (the only field that may differ between identical runs). */
export function withoutTimings(report: HfStepReport): Omit<HfStepReport, 'timings'> {
  const { timings: _timings, ...rest } = report;
  return rest;
}

/** Runs `count` steps and returns their reports. */
export async function runSteps(opt: HessianFreeOptimizer, count: number): Promise<HfStepReport[]> {
  const out: HfStepReport[] = [];
  for (let k = 0; k < count; k++) out.push(await opt.step());
  return out;
}
