/** The tiny models of the tests as functional models (matching reference.ts). */
import * as tf from '@tensorflow/tfjs-core';
import { functionalModel, type FunctionalModel } from '@hessian-free/curvature';

export function tfLinear(d: number, k: number): FunctionalModel {
  return functionalModel({
    shapes: [[d, k], [k]],
    forward: ([W, b], x) => tf.add(tf.matMul(x, W), b),
  });
}

export function tfMlp(d: number, h: number, k: number): FunctionalModel {
  return functionalModel({
    shapes: [[d, h], [h], [h, k], [k]],
    forward: ([W1, b1, W2, b2], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2),
  });
}

/** Inputs [N, T, d]; returns the final output and every hidden state h_1..h_T. */
export function tfRnn(d: number, h: number, k: number): FunctionalModel {
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
