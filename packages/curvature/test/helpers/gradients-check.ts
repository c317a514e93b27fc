/**
 * Test helper for the gradient table: seeded inputs, the two test losses, the
 * gradient and Hessian-vector product by (double) backprop, and their central
 * finite-difference references.
 *
 * Finite differences use the fourth-order central stencil
 *   f'(x) ~ (-f(x+2h) + 8 f(x+h) - 8 f(x-h) + f(x-2h)) / (12 h)
 * with h = 1e-2 on inputs of size O(1). Truncation is O(h^4 f^(5)) ~ 1e-8;
 * float32 rounding of the evaluations (unit roundoff 6e-8) contributes about
 * 1.5 * 6e-8 * |f| / h ~ 1e-5 |f|. With |f| = O(1..10) both stay below 1e-4 of
 * the O(0.1..1) derivatives (the largest error seen over all cases is 6e-5),
 * so `FD_TOL` = 5e-4 relative to the largest reference entry has a margin,
 * while a wrong term is an O(1) error and a 0.3% error in a slope is caught.
 * Kinks are kept at least 0.1 away (> 2h) from every point the stencil visits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { vi } from 'vitest';

export const FD_STEP = 1e-2;
export const FD_TOL = 5e-4;

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function uniforms(count: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/**
 * How test inputs are drawn:
 * - normal: uniform in (-1.5, 1.5);
 * - positive: uniform in (0.5, 2), for log, sqrt, division and pow;
 * - grid: k + (0.1..0.4) with k in {-2, -1, 0, 1}: at least 0.1 from every
 *   integer and half-integer (kinks of relu, abs, floor, round, clip at +-0.5);
 * - gridOff: k + (0.6..0.9): at least 0.2 from every `grid` value (maximum);
 * - distinct: a shuffled ladder with steps of 0.25, so max/min/argmax have a
 *   unique winner with a margin far above the FD stencil.
 */
export type InputKind = 'normal' | 'positive' | 'grid' | 'gridOff' | 'distinct';

export function draw(kind: InputKind, count: number, seed: number): Float32Array {
  const u = uniforms(2 * count, seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const [a, b] = [u[2 * i], u[2 * i + 1]];
    if (kind === 'normal') out[i] = 3 * a - 1.5;
    else if (kind === 'positive') out[i] = 0.5 + 1.5 * a;
    else if (kind === 'grid') out[i] = Math.floor(4 * b) - 2 + 0.1 + 0.3 * a;
    else if (kind === 'gridOff') out[i] = Math.floor(4 * b) - 2 + 0.6 + 0.3 * a;
    else out[i] = 0.25 * i - 0.125 * count + 0.05 * a;
  }
  if (kind === 'distinct') {
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(u[i] * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
  }
  return out;
}

/** An op under test: tensors in, one tensor or several out (any dtype). */
export type Op = (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];

/** A point: the op's inputs as flat float32 data with shapes. */
export interface Point {
  readonly shapes: readonly (readonly number[])[];
  readonly values: readonly Float32Array[];
}

export type Loss = (...xs: tf.Tensor[]) => tf.Scalar;

function outputs(op: Op, xs: tf.Tensor[]): tf.Tensor[] {
  const out = op(...xs);
  return (Array.isArray(out) ? out : [out]).map((o) => (o.dtype === 'float32' ? o : tf.cast(o, 'float32')));
}

function weights(out: tf.Tensor, index: number): tf.Tensor {
  return tf.tensor(draw('normal', out.size, 9001 + index), out.shape);
}

/** L(x) = sum_i <w_i, op_i(x)>: its Hessian is sum w op'' only. */
export function linearLoss(op: Op): Loss {
  return (...xs) => tf.addN(outputs(op, xs).map((o, i) => tf.sum(tf.mul(weights(o, i), o)))) as tf.Scalar;
}

/**
 * L(x) = sum_i <w_i, op_i(x)> + |op_i(x)|^2 / 2: the square makes dy depend on
 * x, so the second pass also differentiates each gradient function with
 * respect to dy (the J'J part), which a linear op's Hessian test needs.
 */
export function quadraticLoss(op: Op): Loss {
  return (...xs) =>
    tf.addN(
      outputs(op, xs).map((o, i) => tf.add(tf.sum(tf.mul(weights(o, i), o)), tf.mul(tf.sum(tf.square(o)), 0.5))),
    ) as tf.Scalar;
}

/** The point's values as tensors. */
export function tensorsAt(point: Point): tf.Tensor[] {
  return point.values.map((v, i) => tf.tensor(v, [...point.shapes[i]]));
}

function read(ts: tf.Tensor[]): Float32Array[] {
  return ts.map((t) => t.dataSync() as Float32Array);
}

export function lossAt(loss: Loss, point: Point): number {
  return tf.tidy(() => loss(...tensorsAt(point)).dataSync()[0]);
}

/** Gradient by tf.grads (one backward pass). */
export function gradient(loss: Loss, point: Point): Float32Array[] {
  return tf.tidy(() => read(tf.grads(loss)(tensorsAt(point))));
}

/** Hessian-vector product by double backprop: d/dx <grad L(x), v>. */
export function hvp(loss: Loss, point: Point, v: readonly Float32Array[]): Float32Array[] {
  return tf.tidy(() => {
    const directional = (...xs: tf.Tensor[]): tf.Scalar => {
      const g = tf.grads(loss)(xs);
      return tf.addN(g.map((gi, i) => tf.sum(tf.mul(gi, tf.tensor(v[i], gi.shape))))) as tf.Scalar;
    };
    return read(tf.grads(directional)(tensorsAt(point)));
  });
}

function shifted(point: Point, direction: readonly Float32Array[], t: number): Point {
  return {
    shapes: point.shapes,
    values: point.values.map((x, i) => x.map((xj, j) => xj + t * direction[i][j])),
  };
}

/** The fourth-order central stencil of a vector-valued f along a direction. */
function stencil(
  f: (p: Point) => ArrayLike<number>[],
  point: Point,
  direction: readonly Float32Array[],
  h: number,
): Float64Array[] {
  const [p2, p1, m1, m2] = [2, 1, -1, -2].map((k) => f(shifted(point, direction, k * h)));
  return p2.map((_, i) =>
    Float64Array.from({ length: p2[i].length }, (_, j) => (-p2[i][j] + 8 * p1[i][j] - 8 * m1[i][j] + m2[i][j]) / (12 * h)),
  );
}

/** Gradient by central differences of L, one coordinate at a time. */
export function fdGradient(loss: Loss, point: Point, h = FD_STEP): Float64Array[] {
  return point.values.map((x, i) =>
    Float64Array.from(x, (_, j) => {
      const e = point.values.map((y, k) => {
        const d = new Float32Array(y.length);
        if (k === i) d[j] = 1;
        return d;
      });
      return stencil((p) => [[lossAt(loss, p)]], point, e, h)[0][0];
    }),
  );
}

/** Hessian-vector product by central differences of the (first-order) gradient along v. */
export function fdHvp(loss: Loss, point: Point, v: readonly Float32Array[], h = FD_STEP): Float64Array[] {
  return stencil((p) => gradient(loss, p), point, v, h);
}

/** max |a - b| over all entries, relative to the largest |b| (at least `floor`). */
export function relativeError(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[], floor = 0.1): number {
  let err = 0;
  let scale = floor;
  a.forEach((ai, i) => {
    for (let j = 0; j < ai.length; j++) {
      err = Math.max(err, Math.abs(ai[j] - b[i][j]));
      scale = Math.max(scale, Math.abs(b[i][j]));
    }
  });
  return err / scale;
}

/** A random point for the given input shapes and kinds. */
export function pointOf(shapes: readonly (readonly number[])[], kinds: readonly InputKind[], seed: number): Point {
  return {
    shapes,
    values: shapes.map((s, i) => draw(kinds[i], s.reduce((n, d) => n * d, 1), seed + 17 * i)),
  };
}

/** A random direction with entries in (-1.5, 1.5). */
export function directionFor(point: Point, seed: number): Float32Array[] {
  return point.values.map((x, i) => draw('normal', x.length, seed + 31 * i));
}

/** The kernels `f` runs, in order, with their attributes (spying on the engine every op goes through). */
export function kernelsRun(f: () => void): { name: string; attrs: tf.NamedAttrMap | undefined }[] {
  const spy = vi.spyOn(tf.engine(), 'runKernel');
  try {
    tf.tidy(f);
    return spy.mock.calls.map(([name, , attrs]) => ({ name, attrs }));
  } finally {
    spy.mockRestore();
  }
}

/** The BatchMatMul calls among `calls`, and how many of them had transposeA or transposeB set. */
export function matMulCalls(calls: readonly { name: string; attrs: tf.NamedAttrMap | undefined }[]): {
  all: number;
  transposed: number;
} {
  const products = calls.filter((k) => k.name === tf.BatchMatMul);
  const transposed = products.filter((k) => k.attrs?.transposeA === true || k.attrs?.transposeB === true);
  return { all: products.length, transposed: transposed.length };
}

/** A loss of several parameter tensors at a point, for the composite tests. */
export interface Problem {
  readonly loss: Loss;
  readonly point: Point;
}

function scaled(kind: InputKind, count: number, seed: number, scale: number): Float32Array {
  return draw(kind, count, seed).map((x) => scale * x);
}

function oneHotRows(rows: number, classes: number): tf.Tensor {
  return tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (7 * i) % classes), 'int32'), classes);
}

/**
 * A 2-layer tanh MLP with softmax cross-entropy written from primitives:
 * 'log-softmax' as log(softmax(z)), 'log-sum-exp' as logSumExp(z) - <y, z>
 * (tf.logSumExp subtracts a max, so this goes through the Max mask).
 */
export function mlpProblem(form: 'log-softmax' | 'log-sum-exp', seed: number): Problem {
  const [n, d, h, k] = [6, 3, 5, 3];
  const shapes = [[d, h], [h], [h, k], [k]];
  const point = { shapes, values: shapes.map((s, i) => scaled('normal', s.reduce((a, b) => a * b, 1), seed + i, 0.6)) };
  const x = scaled('normal', n * d, seed + 10, 1);
  const loss: Loss = (W1, b1, W2, b2) => {
    const inputs = tf.tensor(x, [n, d]);
    const y = oneHotRows(n, k);
    const z = tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(inputs, W1), b1)), W2), b2);
    const perExample =
      form === 'log-softmax'
        ? tf.neg(tf.sum(tf.mul(y, tf.log(tf.softmax(z))), 1))
        : tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(y, z), 1));
    return tf.mean(perExample) as tf.Scalar;
  };
  return { loss, point };
}

/**
 * A 3-step tanh RNN over inputs [N, T, d] (tf.slice + reshape per step) with
 * a sigmoid cross-entropy on the last state, written as softplus(z) - t z.
 */
export function rnnProblem(seed: number): Problem {
  const [n, steps, d, h, k] = [4, 3, 2, 4, 2];
  const shapes = [[d, h], [h, h], [h], [h, k], [k]];
  const point = { shapes, values: shapes.map((s, i) => scaled('normal', s.reduce((a, b) => a * b, 1), seed + i, 0.6)) };
  const x = scaled('normal', n * steps * d, seed + 10, 1);
  const targets = Float32Array.from({ length: n * k }, (_, i) => (i * 5) % 3 === 0 ? 1 : 0);
  const loss: Loss = (Wx, Wh, b, Wo, bo) => {
    const inputs = tf.tensor(x, [n, steps, d]);
    let state = tf.zeros([n, h]);
    for (let t = 0; t < steps; t++) {
      const xt = tf.reshape(tf.slice(inputs, [0, t, 0], [n, 1, d]), [n, d]);
      state = tf.tanh(tf.add(tf.add(tf.matMul(xt, Wx), tf.matMul(state, Wh)), b));
    }
    const z = tf.add(tf.matMul(state, Wo), bo);
    return tf.mean(tf.sub(tf.softplus(z), tf.mul(tf.tensor(targets, [n, k]), z))) as tf.Scalar;
  };
  return { loss, point };
}
