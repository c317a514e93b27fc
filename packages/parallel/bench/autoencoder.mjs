// A deep autoencoder as a module that shard workers import (the benchmark's
// model): logistic hidden units, a linear code layer, logistic outputs through
// sigmoid cross-entropy (Martens 2010). Layer sizes come from the environment
// variable AUTOENCODER_LAYERS (default Martens' 784-1000-500-250-30-250-500-1000-784),
// so the coordinator and the workers build the same net.
import { functionalModel } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';

const layers = (globalThis.process?.env?.AUTOENCODER_LAYERS ?? '784,1000,500,250,30,250,500,1000,784').split(',').map(Number);
const code = (layers.length - 1) / 2; // index of the linear code layer's weights

export const model = functionalModel({
  shapes: layers.slice(1).flatMap((out, k) => [[layers[k], out], [out]]),
  forward: (params, x) => {
    let h = x;
    for (let k = 0; k < layers.length - 1; k++) {
      const z = tf.add(tf.matMul(h, params[2 * k]), params[2 * k + 1]);
      h = k === code - 1 || k === layers.length - 2 ? z : tf.sigmoid(z);
    }
    return h;
  },
});
