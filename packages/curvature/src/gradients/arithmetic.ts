/** Binary and n-ary arithmetic: every gradient undoes broadcasting with `reduceTo`. */
import * as tf from '@tensorflow/tfjs-core';
import { mask, single } from './builders.js';
import { reduceTo } from './reduce-to.js';

const add: tf.GradConfig = {
  kernelName: tf.Add,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(single(dy), a.shape),
    b: () => reduceTo(single(dy), b.shape),
  }),
};

/** d(sum_i x_i)/dx_i = 1 for every input; all inputs share the output's shape. */
const addN: tf.GradConfig = {
  kernelName: tf.AddN,
  saveAllInputs: true,
  gradFunc: (dy, saved) => Object.fromEntries(saved.map((_, i) => [String(i), () => tf.clone(single(dy))])),
};

const sub: tf.GradConfig = {
  kernelName: tf.Sub,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(single(dy), a.shape),
    b: () => reduceTo(tf.neg(single(dy)), b.shape),
  }),
};

const multiply: tf.GradConfig = {
  kernelName: tf.Multiply,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(tf.mul(single(dy), b), a.shape),
    b: () => reduceTo(tf.mul(single(dy), a), b.shape),
  }),
};

/** d(a/b)/da = 1/b, d(a/b)/db = -a/b^2. */
const realDiv: tf.GradConfig = {
  kernelName: tf.RealDiv,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(tf.div(single(dy), b), a.shape),
    b: () => reduceTo(tf.neg(tf.div(tf.mul(single(dy), a), tf.square(b))), b.shape),
  }),
};

const neg: tf.GradConfig = {
  kernelName: tf.Neg,
  gradFunc: (dy) => ({ x: () => tf.neg(single(dy)) }),
};

/** d(a-b)^2/da = 2(a-b) = -d(a-b)^2/db. */
const squaredDifference: tf.GradConfig = {
  kernelName: tf.SquaredDifference,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => {
    const scaled = () => tf.mul(single(dy), tf.mul(tf.sub(a, b), 2));
    return {
      a: () => reduceTo(scaled(), a.shape),
      b: () => reduceTo(tf.neg(scaled()), b.shape),
    };
  },
};

/**
 * d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log(a), taken as 0 where a <= 0
 * (log is evaluated at 1 there, so neither pass meets log(0) or NaN).
 */
const pow: tf.GradConfig = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(tf.mul(single(dy), tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a.shape),
    b: () => {
      const logA = tf.log(tf.where(tf.greater(a, 0), a, tf.ones(a.shape)));
      return reduceTo(tf.mul(single(dy), tf.mul(tf.pow(a, b), logA)), b.shape);
    },
  }),
};

/** Ties go to `a`, as in TensorFlow. The masks come from comparisons, whose gradients are zero. */
const maximum: tf.GradConfig = {
  kernelName: tf.Maximum,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(tf.mul(single(dy), mask(tf.greaterEqual(a, b))), a.shape),
    b: () => reduceTo(tf.mul(single(dy), mask(tf.less(a, b))), b.shape),
  }),
};

const minimum: tf.GradConfig = {
  kernelName: tf.Minimum,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b]) => ({
    a: () => reduceTo(tf.mul(single(dy), mask(tf.lessEqual(a, b))), a.shape),
    b: () => reduceTo(tf.mul(single(dy), mask(tf.greater(a, b))), b.shape),
  }),
};

/** The gradients of the arithmetic kernels, with broadcasting undone. */
export const arithmeticGradients: readonly tf.GradConfig[] = [
  add,
  addN,
  sub,
  multiply,
  realDiv,
  neg,
  squaredDifference,
  pow,
  maximum,
  minimum,
];
