/** Select (tf.where): dy goes to `t` where the condition holds and to `e` elsewhere; the condition gets zero. */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './builders.js';

const select: tf.GradConfig = {
  kernelName: tf.Select,
  inputsToSave: ['condition'],
  gradFunc: (dy, [condition]) => {
    const upstream = single(dy);
    return {
      condition: () => tf.zeros(condition.shape),
      t: () => tf.where(condition, upstream, tf.zeros(upstream.shape)),
      e: () => tf.where(condition, tf.zeros(upstream.shape), upstream),
    };
  },
};

/** Select's (tf.where's) gradient. */
export const selectGradients: readonly tf.GradConfig[] = [select];
