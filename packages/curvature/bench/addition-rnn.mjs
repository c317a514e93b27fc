/**
 * The addition RNN of the benchmarks (the demo's, apps/demo/src/trainers/
 * recurrent.ts, without its padding channel): h_t = tanh(x_t Wx + h_{t-1} Wh + b)
 * from h_0 = 0, z = h_T Wo + c, 2 input channels, H tanh units, every hidden
 * state returned for structural damping; and random data of the right shapes
 * (the timings do not depend on the values): channel 1 uniform in [0, 1),
 * channel 2 two markers per sequence; weights N(0, 1/fan-in) from linop's
 * seeded generator, biases 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { functionalModel, seededRng } from '../dist/index.js';

/** The model with H hidden units. */
export function additionRnn(H) {
  return functionalModel({
    shapes: [[2, H], [H, H], [H], [H, 1], [1]],
    forward: ([wx, wh, b, wo, c], x) => {
      const [n, steps] = x.shape;
      let h = tf.zeros([n, H]);
      const hidden = [];
      const inputs = tf.unstack(x, 1);
      for (let t = 0; t < steps; t++) {
        h = tf.tanh(tf.add(tf.add(tf.matMul(inputs[t], wx), tf.matMul(h, wh)), b));
        hidden.push(h);
      }
      return { output: tf.add(tf.matMul(h, wo), c), hidden };
    },
  });
}

/** A point theta of `model`, a batch of N sequences of T steps, and a vector v, from seed 1. */
export function additionProblem(model, N, T) {
  const rng = seededRng(1);
  const theta = new Float32Array(model.numParams);
  let offset = 0;
  for (const shape of model.shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.length === 2) for (let i = 0; i < size; i++) theta[offset + i] = rng.normal() / Math.sqrt(shape[0]);
    offset += size; // biases stay 0
  }
  const x = new Float32Array(N * T * 2);
  for (let i = 0; i < N; i++) {
    const first = Math.floor(rng.uniform() * (T / 2));
    const second = Math.floor(T / 2 + rng.uniform() * (T / 2));
    for (let t = 0; t < T; t++) {
      x[(i * T + t) * 2] = rng.uniform();
      x[(i * T + t) * 2 + 1] = t === first || t === second ? 1 : 0;
    }
  }
  const inputs = tf.tensor3d(x, [N, T, 2]);
  const targets = Float32Array.from({ length: N }, () => rng.uniform());
  const v = Float32Array.from({ length: model.numParams }, () => rng.uniform() - 0.5);
  return { theta, batch: { inputs, targets }, v };
}
