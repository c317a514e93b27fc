/**
 * Activation functions. tfjs's own gradients of Tanh, Sigmoid, Elu and Softmax
 * read the saved OUTPUT, which the second backward pass cannot see through;
 * here every slope is recomputed from the saved input.
 */
import * as tf from '@tensorflow/tfjs-core';
import { elementwise, mask, single } from './builders.js';
import { reduceTo } from './reduce-to.js';

// tfjs's SELU constants (scale, and scale * alpha).
const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;

/** d tanh = 1 - tanh(x)^2. */
const tanh = elementwise(tf.Tanh, (x) => tf.sub(1, tf.square(tf.tanh(x))));

/** d sigmoid = s (1 - s), s = sigmoid(x). */
const sigmoid = elementwise(tf.Sigmoid, (x) => {
  const s = tf.sigmoid(x);
  return tf.mul(s, tf.sub(1, s));
});

/** d log(1 + e^x) = sigmoid(x). */
const softplus = elementwise(tf.Softplus, (x) => tf.sigmoid(x));

const relu = elementwise(tf.Relu, (x) => mask(tf.greater(x, 0)));

const relu6 = elementwise(tf.Relu6, (x) => mask(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 6))));

/** elu(x) = x (x > 0), e^x - 1 (x <= 0): slope e^min(x, 0), which stays finite for large x. */
const elu = elementwise(tf.Elu, (x) => tf.exp(tf.minimum(x, 0)));

/** selu(x) = scale x (x > 0), scale alpha (e^x - 1) (x <= 0). */
const selu = elementwise(tf.Selu, (x) => {
  const positive = mask(tf.greater(x, 0));
  const negativeSlope = tf.mul(tf.exp(tf.minimum(x, 0)), SELU_SCALE_ALPHA);
  return tf.add(tf.mul(positive, SELU_SCALE), tf.mul(tf.sub(1, positive), negativeSlope));
});

/** leakyRelu(x) = x (x > 0), alpha x (x <= 0). */
const leakyRelu = elementwise(tf.LeakyRelu, (x, attrs) => {
  const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
  const positive = mask(tf.greater(x, 0));
  return tf.add(positive, tf.mul(tf.sub(1, positive), alpha));
});

/** prelu(x, alpha) = x (x > 0), alpha x (x <= 0), alpha broadcast against x. */
const prelu: tf.GradConfig = {
  kernelName: tf.Prelu,
  inputsToSave: ['x', 'alpha'],
  gradFunc: (dy, [x, alpha]) => {
    const negative = () => tf.sub(1, mask(tf.greater(x, 0)));
    return {
      x: () => tf.mul(single(dy), tf.add(mask(tf.greater(x, 0)), tf.mul(negative(), alpha))),
      alpha: () => reduceTo(tf.mul(single(dy), tf.mul(negative(), x)), alpha.shape),
    };
  },
};

/**
 * softmax along the last axis, s = softmax(logits) recomputed:
 * dlogits = s * (dy - sum(dy * s, last, keepDims)).
 */
const softmax: tf.GradConfig = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, [logits], attrs) => ({
    logits: () => {
      const { dim } = attrs as unknown as tf.SoftmaxAttrs;
      const s = tf.softmax(logits, dim);
      const upstream = single(dy);
      return tf.mul(s, tf.sub(upstream, tf.sum(tf.mul(upstream, s), dim, true)));
    },
  }),
};

/** The gradient passes where clipValueMin <= x <= clipValueMax. */
const clipByValue = elementwise(tf.ClipByValue, (x, attrs) => {
  const { clipValueMin, clipValueMax } = attrs as unknown as tf.ClipByValueAttrs;
  return mask(tf.logicalAnd(tf.greaterEqual(x, clipValueMin), tf.lessEqual(x, clipValueMax)));
});

/** The gradients of the activation kernels (Tanh, Sigmoid, Relu, Softmax, ...), from the saved inputs. */
export const activationGradients: readonly tf.GradConfig[] = [
  tanh,
  sigmoid,
  softplus,
  relu,
  relu6,
  elu,
  selu,
  leakyRelu,
  prelu,
  softmax,
  clipByValue,
];
