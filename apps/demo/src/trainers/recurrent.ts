// The recurrent networks of the sequence tasks, over the padded layout of
// data/sequences/layout.ts: inputs [N, S, F + 1] whose last channel is 1 on a
// sequence's own steps and 0 in the padding at the front. Both cells multiply
// their state by that channel at every step, so the state stays exactly 0
// until the sequence starts and each sequence is processed as if alone, from
// a zero state; every sequence ends at step S, where the outputs are read:
// one output per readout step, from the last K hidden states, through the
// same output weights.
//
//  - 'tanh': the RNN of Martens & Sutskever (2011), h_t = tanh(x_t Wx + h_{t-1} Wh + b),
//    z_k = h_{S-K+k} Wo + c;
//  - 'lstm': the LSTM of @hessian-free/curvature's example model
//    (packages/curvature/examples/lstm.ts: the forget-gate LSTM, gates i, f, g, o),
//    with the same readout.
//
// Every product is a plain matMul (WASM's fast path). Every hidden state h_t
// is returned for structural damping.
import * as tf from '@tensorflow/tfjs-core';
import { functionalModel, seededRng, sparseInit, type FunctionalModel } from '@hessian-free/hf';

/** The recurrent cells the sequence tasks can train. */
export const CELLS = ['tanh', 'lstm'] as const;
/** One of CELLS. */
export type CellName = (typeof CELLS)[number];

/** The sizes of a recurrent network over the padded layout. */
export interface RecurrentSizes {
  /** Features per step, without the in-sequence channel. */
  readonly features: number;
  /** Hidden units (Martens & Sutskever 2011: 100). */
  readonly hidden: number;
  /** Outputs, one per readout step (the last K steps). */
  readonly readoutSteps: number;
}

/** Parameter shapes in theta's order: tanh Wx, Wh, b, Wo, c; LSTM W, U, b, Wo, bo (gates i, f, g, o). */
export function recurrentShapes(cell: CellName, { features, hidden }: RecurrentSizes): number[][] {
  const width = cell === 'lstm' ? 4 * hidden : hidden;
  return [[features, width], [hidden, width], [width], [hidden, 1], [1]];
}

/** The network of `cell` over inputs [N, S, features + 1]. */
export function recurrentNetwork(cell: CellName, sizes: RecurrentSizes): FunctionalModel {
  const { features, hidden: H, readoutSteps: K } = sizes;
  return functionalModel({
    shapes: recurrentShapes(cell, sizes),
    forward: ([W, U, b, Wo, c], x) => {
      const [n, steps, channels] = x.shape;
      if (channels !== features + 1) {
        throw new RangeError(`recurrentNetwork: inputs must have ${features + 1} channels (features and the in-sequence channel), got shape [${x.shape.join(', ')}]`);
      }
      if (steps < K) throw new RangeError(`recurrentNetwork: inputs must have at least ${K} steps, got ${steps}`);
      // Per step: x_t W as its own small product. (Projecting all steps in one
      // matMul and unstacking the [N, S, width] result was 4 times slower on
      // WASM: Unpack copies the whole input for every piece.)
      const xs = tf.unstack(tf.slice(x, [0, 0, 0], [n, steps, features]), 1); // [N, F] per step
      const inside = tf.unstack(tf.slice(x, [0, 0, features], [n, steps, 1]), 1); // [N, 1] per step
      const hidden: tf.Tensor[] = [];
      let h: tf.Tensor | null = null;
      let cellState: tf.Tensor | null = null;
      for (let t = 0; t < steps; t++) {
        const drive = tf.add(tf.matMul(xs[t], W), b);
        const pre: tf.Tensor = h === null ? drive : tf.add(drive, tf.matMul(h, U));
        if (cell === 'tanh') {
          h = tf.mul(tf.tanh(pre), inside[t]);
        } else {
          const [i, f, g, o] = tf.split(pre, [H, H, H, H], 1);
          const write = tf.mul(tf.sigmoid(i), tf.tanh(g));
          cellState = tf.mul(cellState === null ? write : tf.add(tf.mul(tf.sigmoid(f), cellState), write), inside[t]);
          h = tf.mul(tf.mul(tf.sigmoid(o), tf.tanh(cellState)), inside[t]);
        }
        hidden.push(h);
      }
      const outputs = hidden.slice(steps - K).map((state) => tf.add(tf.matMul(state, Wo), c));
      return { output: outputs.length === 1 ? outputs[0] : tf.concat(outputs, 1), hidden };
    },
  });
}

/**
 * Initial parameters.
 *
 * tanh (Martens & Sutskever 2011): sparse initialization, 15 nonzero
 * Gaussian incoming weights per unit (all of them when there are fewer
 * inputs), with the recurrent weights scaled by 1.1 / sqrt(15) so that the
 * spectral radius of Wh is about 1.1 (a matrix with k N(0, s^2) entries per
 * column has radius about s sqrt(k), the circular law), output weights scaled
 * by 0.01 so that the first predictions are near 0, biases 0.
 *
 * lstm (as packages/curvature/examples/lstm.ts): weights uniform in
 * (-1/sqrt(hidden), 1/sqrt(hidden)), the forget gate's bias 1, the other biases 0.
 */
export function recurrentInit(cell: CellName, sizes: RecurrentSizes, seed: number): Float32Array {
  const shapes = recurrentShapes(cell, sizes);
  if (cell === 'tanh') return scaleTensors(sparseInit(shapes, { nonzero: 15, seed }), shapes, [1, 1.1 / Math.sqrt(15), 0, 0.01, 0]);
  const H = sizes.hidden;
  const size = (shape: number[]): number => shape.reduce((a, d) => a * d, 1);
  const theta = new Float32Array(shapes.reduce((a, s) => a + size(s), 0));
  const rng = seededRng(seed);
  const range = 1 / Math.sqrt(H);
  let offset = 0;
  for (const [k, shape] of shapes.entries()) {
    const n = size(shape);
    if (shape.length === 2) {
      for (let j = 0; j < n; j++) theta[offset + j] = range * (2 * rng.uniform() - 1);
    } else if (k === 2) {
      theta.fill(1, offset + H, offset + 2 * H); // b = [b_i, b_f, b_g, b_o]: the forget gate's bias
    }
    offset += n;
  }
  return theta;
}

/** Multiplies each parameter tensor of a flat vector by its factor. */
export function scaleTensors(theta: Float32Array, shapes: readonly (readonly number[])[], factors: readonly number[]): Float32Array {
  let offset = 0;
  shapes.forEach((shape, k) => {
    const size = shape.reduce((a, b) => a * b, 1);
    for (let i = offset; i < offset + size; i++) theta[i] *= factors[k];
    offset += size;
  });
  return theta;
}
