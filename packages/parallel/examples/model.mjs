// The model, in a module of its own so that every worker can build it
// (functions do not cross threads). A tanh MLP for 784-pixel images, 10 classes.
import { functionalModel } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';

export const model = functionalModel({
  shapes: [[784, 100], [100], [100, 10], [10]],
  forward: ([w1, b1, w2, b2], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2),
});
