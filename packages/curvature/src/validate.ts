import * as tf from '@tensorflow/tfjs-core';
import { checkFiniteArray, describe, shapeString } from './errors.js';
import type { OutputLoss, Targets } from './losses/loss.js';
import type { FunctionalModel } from './model.js';

/** Checks everything that can be checked before the forward pass; throws naming the argument. */
export function validateArguments(
  model: FunctionalModel,
  loss: OutputLoss,
  theta: unknown,
  batch: { inputs: tf.Tensor; targets: Targets },
): asserts theta is Float32Array | Float64Array {
  if (model === null || typeof model !== 'object' || typeof model.trace !== 'function') {
    throw new TypeError(`model must be made by functionalModel(), got ${describe(model)}`);
  }
  if (loss === null || typeof loss !== 'object' || typeof loss.value !== 'function') {
    throw new TypeError(`loss must be an OutputLoss (e.g. softmaxCrossEntropy), got ${describe(loss)}`);
  }
  if (!(theta instanceof Float32Array || theta instanceof Float64Array)) {
    throw new TypeError(`theta must be a Float32Array, got ${describe(theta)}`);
  }
  if (theta.length !== model.numParams) {
    throw new RangeError(`theta must have length ${model.numParams} (the model's parameter count), got ${theta.length}`);
  }
  checkFiniteArray('theta', theta);
  if (batch === null || typeof batch !== 'object') {
    throw new TypeError(`batch must be { inputs, targets }, got ${describe(batch)}`);
  }
  const { inputs, targets } = batch;
  if (!(inputs instanceof tf.Tensor) || inputs.isDisposed) {
    throw new TypeError(`inputs must be a live tf.Tensor, got ${describe(inputs)}`);
  }
  if (inputs.rank < 1 || inputs.shape[0] < 1) {
    throw new RangeError(`inputs must have a non-empty batch axis 0, got shape ${shapeString(inputs.shape)}`);
  }
  if (inputs.dtype !== 'float32') throw new TypeError(`inputs must be float32, got ${inputs.dtype}`);
  checkFiniteTensor('inputs', inputs);
  if (targets instanceof tf.Tensor) {
    if (targets.isDisposed) throw new TypeError('targets is a disposed tensor');
    if (targets.rank < 1 || targets.shape[0] !== inputs.shape[0]) {
      throw new RangeError(
        `targets must have the batch size of inputs (${inputs.shape[0]}) on axis 0, got shape ${shapeString(targets.shape)}`,
      );
    }
  } else if (!(targets instanceof Float32Array || targets instanceof Int32Array)) {
    throw new TypeError(`targets must be a tf.Tensor, Float32Array or Int32Array, got ${describe(targets)}`);
  }
}

/**
 * A NaN or infinite entry makes the sum NaN or infinite, so the sum is checked
 * on the backend and the data read back (to name the element) only when it is
 * not finite; a sum that overflowed from finite entries passes the scan.
 * (Reading a large batch back costs more than the sum on WASM.)
 */
function checkFiniteTensor(name: string, t: tf.Tensor): void {
  const sum = tf.tidy(() => tf.sum(t));
  const value = sum.dataSync()[0];
  sum.dispose();
  if (!Number.isFinite(value)) checkFiniteArray(name, t.dataSync());
}
