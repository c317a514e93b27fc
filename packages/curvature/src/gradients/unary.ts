/** Elementwise math of one input: dx = dy * f'(x), f' recomputed from the saved input. */
import * as tf from '@tensorflow/tfjs-core';
import { elementwise, single } from './builders.js';

const square = elementwise(tf.Square, (x) => tf.mul(x, 2));
/** d sqrt(x) = 1 / (2 sqrt(x)). */
const sqrt = elementwise(tf.Sqrt, (x) => tf.div(0.5, tf.sqrt(x)));
/** d x^(-1/2) = -x^(-1/2) / (2x). */
const rsqrt = elementwise(tf.Rsqrt, (x) => tf.div(tf.mul(tf.rsqrt(x), -0.5), x));
/** d (1/x) = -1/x^2. */
const reciprocal = elementwise(tf.Reciprocal, (x) => tf.neg(tf.reciprocal(tf.square(x))));
const exp = elementwise(tf.Exp, (x) => tf.exp(x));
const expm1 = elementwise(tf.Expm1, (x) => tf.exp(x));
const log = elementwise(tf.Log, (x) => tf.reciprocal(x));
const log1p = elementwise(tf.Log1p, (x) => tf.reciprocal(tf.add(x, 1)));
const abs = elementwise(tf.Abs, (x) => tf.sign(x));
/** d erf(x) = 2/sqrt(pi) e^(-x^2). (The exact GELU, x Phi(x), is written with erf.) */
const erf = elementwise(tf.Erf, (x) => tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI)));

const identity: tf.GradConfig = {
  kernelName: tf.Identity,
  gradFunc: (dy) => ({ x: () => tf.clone(single(dy)) }),
};

/**
 * A cast to float32 passes the gradient through (this is also how tfjs's
 * saved-tensor clones are differentiated in the second pass). A cast to an
 * integer or bool type is piecewise constant, so its gradient is zero.
 */
const cast: tf.GradConfig = {
  kernelName: tf.Cast,
  gradFunc: (dy, _saved, attrs) => {
    const upstream = single(dy);
    const { dtype } = attrs as unknown as tf.CastAttrs;
    return { x: () => (dtype === 'float32' ? tf.cast(upstream, 'float32') : tf.zeros(upstream.shape)) };
  },
};

/** The gradients of the elementwise math kernels (Square, Sqrt, Exp, Log, ...). */
export const unaryGradients: readonly tf.GradConfig[] = [
  square,
  sqrt,
  rsqrt,
  reciprocal,
  exp,
  expm1,
  log,
  log1p,
  abs,
  erf,
  identity,
  cast,
];
