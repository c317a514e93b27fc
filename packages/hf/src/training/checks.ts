import type { FunctionalModel, OutputLoss } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@hessian-free/linop';
import { argumentOf, checkAllFinite } from '../checks.js';
import type { Dataset } from './dataset.js';

/**
 * The checks of what every network optimizer (HF and the baselines) and
 * evaluateLoss take: the model, the loss, the data and the parameters. Each
 * throws a TypeError or RangeError naming the argument before anything is
 * copied or allocated.
 */

/** A model made by curvature's `functionalModel`. */
export function checkModel(name: string, model: unknown): asserts model is FunctionalModel {
  if (model === null || typeof model !== 'object' || typeof (model as FunctionalModel).trace !== 'function') {
    throw new TypeError(`${name} must be made by functionalModel(), got ${describe(model)}`);
  }
}

/** An OutputLoss, such as curvature's squaredError or softmaxCrossEntropy. */
export function checkLoss(name: string, loss: unknown): asserts loss is OutputLoss {
  if (loss === null || typeof loss !== 'object' || typeof (loss as OutputLoss).value !== 'function') {
    throw new TypeError(`${name} must be an OutputLoss (e.g. squaredError, softmaxCrossEntropy), got ${describe(loss)}`);
  }
}

/** Parameters of a model: a Float32Array of `numParams` finite values. */
export function checkParameters(name: string, theta: unknown, numParams: number): asserts theta is Float32Array {
  if (!(theta instanceof Float32Array)) throw new TypeError(`${name} must be a Float32Array, got ${describe(theta)}`);
  if (theta.length !== numParams) {
    throw new RangeError(`${name} must have length ${numParams} (the model's parameter count), got ${theta.length}`);
  }
  checkAllFinite(name, theta);
}

/** A Dataset: live float32 inputs with the examples on axis 0, and targets for as many examples. */
export function checkDataset(name: string, data: unknown): asserts data is Dataset {
  if (data === null || typeof data !== 'object') throw new TypeError(`${name} must be { inputs, targets }, got ${describe(data)}`);
  const { inputs, targets } = data as Dataset;
  if (!(inputs instanceof tf.Tensor) || inputs.isDisposed) {
    throw new TypeError(`${name}.inputs must be a live tf.Tensor, got ${inputs instanceof tf.Tensor ? 'a disposed tensor' : describe(inputs)}`);
  }
  if (inputs.dtype !== 'float32') throw new TypeError(`${name}.inputs must be float32, got ${inputs.dtype}`);
  if (inputs.rank < 1 || inputs.shape[0] < 1) {
    throw new RangeError(`${name}.inputs must have at least one example on axis 0, got shape [${inputs.shape.join(', ')}]`);
  }
  const n = inputs.shape[0];
  const label = argumentOf(name);
  if (targets instanceof tf.Tensor) {
    if (targets.isDisposed) throw new TypeError(`${name}.targets must be a live tf.Tensor, got a disposed tensor`);
    if (targets.rank < 1 || targets.shape[0] !== n) {
      throw new RangeError(`${name}.targets must have the ${n} examples of ${label}.inputs on axis 0, got shape [${targets.shape.join(', ')}]`);
    }
  } else if (targets instanceof Float32Array || targets instanceof Int32Array) {
    if (targets.length === 0 || targets.length % n !== 0) {
      throw new RangeError(`${name}.targets must hold the ${n} examples of ${label}.inputs (a multiple of ${n} values), got ${targets.length} values`);
    }
  } else {
    throw new TypeError(`${name}.targets must be a tf.Tensor, Float32Array or Int32Array, got ${describe(targets)}`);
  }
}
