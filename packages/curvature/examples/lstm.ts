/**
 * An LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et
 * al. 2000) written with tfjs ops as a functional model of
 * @hessian-free/curvature: a recurrent cell in the form people use today, for
 * the Hessian, Gauss-Newton and structural-damping products (checked against
 * float64 finite differences in test/lstm.test.ts).
 *
 * Over inputs x of shape [N, T, inputSize], from h_0 = c_0 = 0:
 *
 *   [i, f, g, o] = x_t W + h_{t-1} U + b        (split in four along the units)
 *   c_t = sigmoid(f) * c_{t-1} + sigmoid(i) * tanh(g)
 *   h_t = sigmoid(o) * tanh(c_t)
 *   z   = h_T Wo + bo
 *
 * Parameters, in order (the flat theta is their concatenation, row-major):
 * W [inputSize, 4 hiddenSize], U [hiddenSize, 4 hiddenSize], b [4 hiddenSize],
 * Wo [hiddenSize, outputSize], bo [outputSize]; the four gates' columns are
 * i, f, g, o in that order. The forward pass returns `{ output: z, hidden:
 * [h_1, ..., h_T] }`, so `structuralDamping()` penalizes changes of the
 * hidden outputs h_t (the cell states c_t are not damped).
 *
 * Every op is in the package's gradient table (BatchMatMul, Add, SplitV,
 * Sigmoid, Tanh, Multiply, Unpack), with second-order rules for sigmoid and
 * tanh (tfjs's own are wrong at second order), so the exact Hessian works too;
 * every matMul is a plain one (x_t W, h U, h_T Wo), the WASM fast path.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { curvatureAt, squaredError } from '@hessian-free/curvature';
 * import { lstm, lstmInit } from './lstm.js';
 *
 * await tf.setBackend('wasm');
 * const sizes = { inputSize: 2, hiddenSize: 100, outputSize: 1 };
 * const model = lstm(sizes);
 * const theta = lstmInit(sizes, 1);
 * const inputs = tf.randomUniform([250, 30, 2]);
 * const at = curvatureAt(model, squaredError, theta, { inputs, targets: new Float32Array(250).fill(0.5) });
 * const Av = new Float32Array(model.numParams);
 * at.dampedGaussNewton(0.3).apply(at.gradient, Av); // (G + 0.3 S) g
 * at.dispose();
 * ```
 */
import * as tf from '@tensorflow/tfjs-core';
import { functionalModel, seededRng, type FunctionalModel } from '@hessian-free/curvature';

/** The sizes of an LSTM model. */
export interface LstmSizes {
  /** Features per time step (the last axis of the inputs [N, T, inputSize]). */
  readonly inputSize: number;
  /** Units of the cell (h_t and c_t). */
  readonly hiddenSize: number;
  /** Outputs, read from the last hidden state h_T. */
  readonly outputSize: number;
}

/** The parameter shapes of an LSTM, in theta's order: W, U, b, Wo, bo. */
export function lstmShapes({ inputSize, hiddenSize, outputSize }: LstmSizes): number[][] {
  const gates = 4 * hiddenSize;
  return [[inputSize, gates], [hiddenSize, gates], [gates], [hiddenSize, outputSize], [outputSize]];
}

/**
 * An LSTM over inputs [N, T, inputSize] whose output is h_T Wo + bo, with
 * every hidden output h_1..h_T returned for structural damping.
 *
 * @example
 * ```ts
 * import { lstm } from './lstm.js';
 * const model = lstm({ inputSize: 2, hiddenSize: 100, outputSize: 1 });
 * model.numParams; // 4 * 100 * (2 + 100 + 1) + 100 * 1 + 1 = 41,301
 * ```
 */
export function lstm(sizes: LstmSizes): FunctionalModel {
  const h = sizes.hiddenSize;
  return functionalModel({
    shapes: lstmShapes(sizes),
    forward: ([W, U, b, Wo, bo], x) => {
      const steps = tf.unstack(x, 1); // x_1..x_T, each [N, inputSize]
      let state: tf.Tensor | null = null; // h_{t-1}
      let cell: tf.Tensor | null = null; // c_{t-1}
      const hidden: tf.Tensor[] = [];
      for (const xt of steps) {
        const input: tf.Tensor = tf.add(tf.matMul(xt, W), b);
        const gates: tf.Tensor = state === null ? input : tf.add(input, tf.matMul(state, U));
        const [i, f, g, o] = tf.split(gates, [h, h, h, h], 1);
        const write = tf.mul(tf.sigmoid(i), tf.tanh(g));
        cell = cell === null ? write : tf.add(tf.mul(tf.sigmoid(f), cell), write);
        state = tf.mul(tf.sigmoid(o), tf.tanh(cell));
        hidden.push(state);
      }
      if (state === null) throw new RangeError(`lstm: inputs must have at least one time step, got shape [${x.shape.join(', ')}]`);
      return { output: tf.add(tf.matMul(state, Wo), bo), hidden };
    },
  });
}

/**
 * A starting theta for `lstm(sizes)`: weights uniform in
 * (-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (tfjs-layers' and PyTorch's LSTM
 * default range), the forget gate's bias 1 so that the cell remembers from the
 * start (Jozefowicz et al. 2015), the other biases 0; seeded by linop's
 * generator (seededRng).
 *
 * @example
 * ```ts
 * import { lstmInit } from './lstm.js';
 * const theta = lstmInit({ inputSize: 2, hiddenSize: 100, outputSize: 1 }, 7); // Float32Array(41301)
 * ```
 */
export function lstmInit(sizes: LstmSizes, seed: number): Float32Array {
  const h = sizes.hiddenSize;
  const shapes = lstmShapes(sizes);
  const size = (shape: number[]): number => shape.reduce((a, d) => a * d, 1);
  const theta = new Float32Array(shapes.reduce((a, s) => a + size(s), 0));
  const rng = seededRng(seed);
  const range = 1 / Math.sqrt(h);
  let offset = 0;
  for (const [k, shape] of shapes.entries()) {
    const n = size(shape);
    if (shape.length === 2) {
      for (let j = 0; j < n; j++) theta[offset + j] = range * (2 * rng.uniform() - 1);
    } else if (k === 2) {
      theta.fill(1, offset + h, offset + 2 * h); // b = [b_i, b_f, b_g, b_o]: the forget gate's bias
    }
    offset += n;
  }
  return theta;
}
