/**
 * Independent float64 references in plain JS: the tiny models' forward passes,
 * per-example losses, central finite differences and dense linear algebra.
 * Nothing here calls TensorFlow.js or the code under test.
 */
import type { LinearOperator } from '@hessian-free/linop';

export type Matrix = Float64Array[]; // rows

/** Deterministic uniform(-scale, scale) numbers (an LCG, unrelated to the package's rng). */
export function randoms(count: number, seed: number, scale = 1): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296) * 2 * scale - scale;
  }
  return out;
}

/** Row-major (rows x cols) block of theta starting at offset. */
function block(theta: Float64Array, offset: number, rows: number, cols: number): (r: number, c: number) => number {
  return (r, c) => theta[offset + r * cols + c];
}

/** z = x W + b for one row x. */
function affine(x: ArrayLike<number>, W: (r: number, c: number) => number, b: (c: number) => number, out: number): Float64Array {
  const z = new Float64Array(out);
  for (let c = 0; c < out; c++) {
    let s = b(c);
    for (let r = 0; r < x.length; r++) s += x[r] * W(r, c);
    z[c] = s;
  }
  return z;
}

/** Outputs (and hidden states) of every example, flattened row-major. */
export interface Evaluated {
  out: Float64Array;
  hidden?: Float64Array;
}
export type JsModel = (theta: Float64Array) => Evaluated;

/** Logistic regression / linear model: z = x W + b, W [d, k]. X is N x d row-major. */
export function linearModel(X: Float64Array, n: number, d: number, k: number): JsModel {
  return (theta) => {
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      out.set(affine(X.subarray(i * d, (i + 1) * d), block(theta, 0, d, k), (c) => theta[d * k + c], k), i * k);
    }
    return { out };
  };
}

/** z = tanh(x W1 + b1) W2 + b2 with shapes [[d,h],[h],[h,k],[k]]. */
export function mlpModel(X: Float64Array, n: number, d: number, h: number, k: number): JsModel {
  return (theta) => {
    const out = new Float64Array(n * k);
    const o2 = d * h + h;
    for (let i = 0; i < n; i++) {
      const a = affine(X.subarray(i * d, (i + 1) * d), block(theta, 0, d, h), (c) => theta[d * h + c], h).map(Math.tanh);
      out.set(affine(a, block(theta, o2, h, k), (c) => theta[o2 + h * k + c], k), i * k);
    }
    return { out };
  };
}

/**
 * h_t = tanh(x_t Wx + h_{t-1} Wh + b), h_0 = 0; z = h_T Wo + bo. Shapes
 * [[d,h],[h,h],[h],[h,k],[k]]; X is N x T x d. hidden is [T][N][h].
 */
export function rnnModel(X: Float64Array, n: number, steps: number, d: number, h: number, k: number): JsModel {
  return (theta) => {
    const Wx = block(theta, 0, d, h);
    const Wh = block(theta, d * h, h, h);
    const ob = d * h + h * h;
    const oWo = ob + h;
    const out = new Float64Array(n * k);
    const hidden = new Float64Array(steps * n * h);
    for (let i = 0; i < n; i++) {
      let state = new Float64Array(h);
      for (let t = 0; t < steps; t++) {
        const x = X.subarray((i * steps + t) * d, (i * steps + t + 1) * d);
        const pre = affine(x, Wx, (c) => theta[ob + c], h);
        const rec = affine(state, Wh, () => 0, h);
        state = pre.map((v, c) => Math.tanh(v + rec[c]));
        hidden.set(state, (t * n + i) * h);
      }
      out.set(affine(state, block(theta, oWo, h, k), (c) => theta[oWo + h * k + c], k), i * k);
    }
    return { out, hidden };
  };
}

/**
 * The LSTM of examples/lstm.ts: [i, f, g, o] = x_t W + h_{t-1} U + b (W
 * [d, 4h], U [h, 4h], gates' columns in that order), c_t = s(f) c_{t-1} +
 * s(i) tanh(g), h_t = s(o) tanh(c_t) from h_0 = c_0 = 0, z = h_T Wo + bo.
 * Shapes [[d,4h],[h,4h],[4h],[h,k],[k]]; X is N x T x d. hidden is [T][N][h].
 */
export function lstmModel(X: Float64Array, n: number, steps: number, d: number, h: number, k: number): JsModel {
  const g4 = 4 * h;
  return (theta) => {
    const W = block(theta, 0, d, g4);
    const U = block(theta, d * g4, h, g4);
    const ob = d * g4 + h * g4;
    const oWo = ob + g4;
    const out = new Float64Array(n * k);
    const hidden = new Float64Array(steps * n * h);
    for (let i = 0; i < n; i++) {
      let state = new Float64Array(h);
      let cell = new Float64Array(h);
      for (let t = 0; t < steps; t++) {
        const x = X.subarray((i * steps + t) * d, (i * steps + t + 1) * d);
        const input = affine(x, W, (c) => theta[ob + c], g4);
        const rec = affine(state, U, () => 0, g4);
        const a = input.map((v, c) => v + rec[c]);
        cell = cell.map((cPrev, u) => sigm(a[h + u]) * cPrev + sigm(a[u]) * Math.tanh(a[2 * h + u]));
        state = cell.map((cu, u) => sigm(a[3 * h + u]) * Math.tanh(cu));
        hidden.set(state, (t * n + i) * h);
      }
      out.set(affine(state, block(theta, oWo, h, k), (c) => theta[oWo + h * k + c], k), i * k);
    }
    return { out, hidden };
  };
}

export function softmax(z: ArrayLike<number>): Float64Array {
  const m = Math.max(...Array.from(z));
  const e = Float64Array.from(z, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Per-example losses l(z_i, y_i) and their closed-form Hessians, float64. */
export interface JsLoss {
  value(z: Float64Array, y: Float64Array): number;
  hessian(z: Float64Array): Matrix;
}
export const jsSoftmaxCE: JsLoss = {
  value: (z, y) => {
    const m = Math.max(...Array.from(z));
    const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
    return y.reduce((a, yk, k) => a + yk * (lse - z[k]), 0);
  },
  hessian: (z) => {
    const p = softmax(z);
    return Array.from(p, (pr, r) => Float64Array.from(p, (pc, c) => (r === c ? pr : 0) - pr * pc));
  },
};
export const jsSigmoidCE: JsLoss = {
  value: (z, y) => z.reduce((a, v, k) => a + Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0) - y[k] * v, 0),
  hessian: (z) =>
    Array.from(z, (v, r) => Float64Array.from(z, (_, c) => (r === c ? sigm(v) * (1 - sigm(v)) : 0))),
};
export const jsSquaredError: JsLoss = {
  value: (z, y) => 0.5 * z.reduce((a, v, k) => a + (v - y[k]) ** 2, 0),
  hessian: (z) => Array.from(z, (_, r) => Float64Array.from(z, (__, c) => (r === c ? 1 : 0))),
};
export function sigm(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** Mean loss over the batch: outputs and targets are N rows of width k. */
export function batchLoss(loss: JsLoss, z: Float64Array, y: Float64Array, n: number): number {
  const k = z.length / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += loss.value(z.subarray(i * k, (i + 1) * k), y.subarray(i * k, (i + 1) * k));
  return s / n;
}

/** Central differences: column j = (f(x + h e_j) - f(x - h e_j)) / 2h. Returns rows of the Jacobian. */
export function jacobianFD(f: (x: Float64Array) => Float64Array, x: Float64Array, h = 1e-6): Matrix {
  const m = f(x).length;
  const J = Array.from({ length: m }, () => new Float64Array(x.length));
  for (let j = 0; j < x.length; j++) {
    const xp = x.slice();
    const xm = x.slice();
    xp[j] += h;
    xm[j] -= h;
    const fp = f(xp);
    const fm = f(xm);
    for (let r = 0; r < m; r++) J[r][j] = (fp[r] - fm[r]) / (2 * h);
  }
  return J;
}

export function gradientFD(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  return jacobianFD((t) => Float64Array.of(f(t)), x, h)[0];
}

/** rows r0..r0+count-1 of J, as a sub-Jacobian. */
export function rowsOf(J: Matrix, r0: number, count: number): Matrix {
  return J.slice(r0, r0 + count);
}

/** A' B for row-major matrices with the same number of rows. */
export function atb(A: Matrix, B: Matrix): Matrix {
  const n = A[0].length;
  const m = B[0].length;
  const C = Array.from({ length: n }, () => new Float64Array(m));
  for (let r = 0; r < A.length; r++) {
    for (let i = 0; i < n; i++) {
      const a = A[r][i];
      if (a !== 0) for (let j = 0; j < m; j++) C[i][j] += a * B[r][j];
    }
  }
  return C;
}

export function matmul(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => {
    const out = new Float64Array(B[0].length);
    row.forEach((a, k) => B[k].forEach((b, j) => (out[j] += a * b)));
    return out;
  });
}

export function addScaled(acc: Matrix, B: Matrix, s: number): void {
  acc.forEach((row, i) => row.forEach((_, j) => (row[j] += s * B[i][j])));
}

export function zeros(n: number, m: number): Matrix {
  return Array.from({ length: n }, () => new Float64Array(m));
}

/** The n x n matrix of an operator, one column per unit vector (float32 vectors). */
export function materialize(op: LinearOperator): Matrix {
  const n = op.cols;
  const A = zeros(op.rows, n);
  const e = new Float32Array(n);
  const y = new Float32Array(op.rows);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    op.apply(e, y);
    for (let i = 0; i < op.rows; i++) A[i][j] = y[i];
  }
  return A;
}

/** max |A - B| / max(max |B|, floor). */
export function relativeError(A: Matrix | Float64Array | Float32Array, B: Matrix | Float64Array | Float32Array, floor = 1e-12): number {
  const a = (Array.isArray(A) ? A : [A]) as ArrayLike<number>[];
  const b = (Array.isArray(B) ? B : [B]) as ArrayLike<number>[];
  let diff = 0;
  let scale = floor;
  b.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) {
      diff = Math.max(diff, Math.abs(a[i][j] - row[j]));
      scale = Math.max(scale, Math.abs(row[j]));
    }
  });
  return diff / scale;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Column of labels as one-hot rows. */
export function oneHot(labels: Int32Array, k: number): Float64Array {
  const y = new Float64Array(labels.length * k);
  labels.forEach((c, i) => (y[i * k + c] = 1));
  return y;
}
