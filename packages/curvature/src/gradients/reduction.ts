/** Reductions: the upstream gradient is reshaped to the kept-dims shape and spread back over the input. */
import * as tf from '@tensorflow/tfjs-core';
import { keptShape, normalizeAxes } from './axes.js';
import { mask, single } from './builders.js';

/** dy broadcast back to x's shape over the reduced axes (BroadcastTo runs the Tile kernel, which is in the table). */
function spread(dy: tf.Tensor, x: tf.Tensor, axes: readonly number[]): tf.Tensor {
  return tf.broadcastTo(tf.reshape(dy, keptShape(x.shape, axes)), x.shape);
}

const sum: tf.GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => {
    const { axis } = attrs as unknown as tf.SumAttrs;
    return { x: () => spread(single(dy), x, normalizeAxes(axis, x.rank)) };
  },
};

const mean: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => {
    const { axis } = attrs as unknown as tf.MeanAttrs;
    const axes = normalizeAxes(axis, x.rank);
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    return { x: () => tf.div(spread(single(dy), x, axes), count) };
  },
};

/**
 * Max and Min route dy to the extreme entries (all of them on ties, as in
 * tfjs). The extreme is recomputed from the saved input and the mask comes
 * from Equal, whose gradient is zero, so the second pass sees the correct
 * piecewise-linear structure.
 */
function extremum(
  kernelName: string,
  axisAttr: 'reductionIndices' | 'axis',
  reduce: (x: tf.Tensor, axes: number[]) => tf.Tensor,
): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const axes = normalizeAxes(attrs[axisAttr] as number | number[] | null, x.rank);
      return {
        x: () => {
          const extreme = reduce(x, axes);
          return tf.mul(mask(tf.equal(x, extreme)), tf.reshape(single(dy), keptShape(x.shape, axes)));
        },
      };
    },
  };
}

const max = extremum(tf.Max, 'reductionIndices', (x, axes) => tf.max(x, axes, true));
const min = extremum(tf.Min, 'axis', (x, axes) => tf.min(x, axes, true));

/** The gradients of Sum, Mean, Max and Min. */
export const reductionGradients: readonly tf.GradConfig[] = [sum, mean, max, min];
