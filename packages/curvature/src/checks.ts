/**
 * The argument checks of @hessian-free/curvature, in the project's
 * convention: each is an asserting function `checkX(name, value, ...more)`
 * that throws before anything is computed or cached, a TypeError for a value
 * of the wrong type and a RangeError for a wrong value, with the message
 * `${name} must be <expected>, got ${describe(value)}` (`describe` is linop's).
 * `name` names the argument, and the function too where the caller wants both
 * (`'fisher: options.kind'`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@hessian-free/linop';
import type { OutputLoss, Targets } from './losses/loss.js';
import type { FunctionalModel } from './model.js';

/** A shape as it reads in a message: `[4, 3]`. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** `value` is an object (not null); TypeError otherwise, saying what was `expected`. */
export function checkObject(name: string, value: unknown, expected = 'an object'): asserts value is object {
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be ${expected}, got ${describe(value)}`);
}

/** `value` is a function. */
export function checkFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
}

/** `value` is one of `allowed` (written `'a', 'b' or 'c'` in the message). */
export function checkOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    const quoted = allowed.map((a) => `'${a}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
    throw new RangeError(`${name} must be ${list}, got ${describe(value)}`);
  }
}

/** `value` is a positive safe integer. */
export function checkPositiveInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    const error = typeof value === 'number' ? RangeError : TypeError;
    throw new error(`${name} must be a positive integer, got ${describe(value)}`);
  }
}

/** `value` is a finite number >= 0 (a weight): TypeError for a non-number, RangeError for NaN, an infinity or a negative number. */
export function checkNonNegativeNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    const error = typeof value === 'number' ? RangeError : TypeError;
    throw new error(`${name} must be a finite number >= 0, got ${describe(value)}`);
  }
}

/** Every element of `value` is finite; the message names the first that is not. */
export function checkFiniteArray(name: string, value: ArrayLike<number>): void {
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i])) {
      throw new RangeError(`${name} must be finite, but element ${i} is ${value[i]}`);
    }
  }
}

/**
 * Every element of the tensor `value` is finite. A NaN or infinite entry
 * makes the sum NaN or infinite, so the sum is checked on the backend and the
 * data read back (to name the element) only when it is not finite; a sum that
 * overflowed from finite entries passes the scan. (Reading a large batch back
 * costs more than the sum on WASM.)
 */
export function checkFiniteTensor(name: string, value: tf.Tensor): void {
  const sum = tf.tidy(() => tf.sum(value));
  const total = sum.dataSync()[0];
  sum.dispose();
  if (!Number.isFinite(total)) checkFiniteArray(name, value.dataSync());
}

/** `value` is a parameter-shape list: a non-empty array of arrays of positive integers. */
export function checkShapes(name: string, value: unknown): asserts value is readonly (readonly number[])[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${name} must be a non-empty array of shapes, got ${describe(value)}`);
  }
  value.forEach((shape: unknown, k) => {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new RangeError(`${name}[${k}] must be an array of positive integers, got ${JSON.stringify(shape)}`);
    }
  });
}

/** `value` is a model made by functionalModel(). */
export function checkFunctionalModel(name: string, value: unknown): asserts value is FunctionalModel {
  if (value === null || typeof value !== 'object' || typeof (value as FunctionalModel).trace !== 'function') {
    throw new TypeError(`${name} must be made by functionalModel(), got ${describe(value)}`);
  }
}

/** `value` is an OutputLoss (one of the package's losses). */
export function checkOutputLoss(name: string, value: unknown): asserts value is OutputLoss {
  if (value === null || typeof value !== 'object' || typeof (value as OutputLoss).value !== 'function') {
    throw new TypeError(`${name} must be an OutputLoss (e.g. softmaxCrossEntropy), got ${describe(value)}`);
  }
}

/** `value` is a finite parameter vector of the model's length `numParams` (a Float32Array, or a Float64Array read as float32). */
export function checkParameters(name: string, value: unknown, numParams: number): asserts value is Float32Array | Float64Array {
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new TypeError(`${name} must be a Float32Array, got ${describe(value)}`);
  }
  if (value.length !== numParams) {
    throw new RangeError(`${name} must have length ${numParams} (the model's parameter count), got ${value.length}`);
  }
  checkFiniteArray(name, value);
}

/**
 * `value` is a batch `{ inputs, targets }`: inputs a live, finite float32
 * tensor with a non-empty batch axis 0, targets a live tensor with the same
 * batch size or a typed array (whose size the loss checks). The messages name
 * `inputs` and `targets`.
 */
export function checkBatch(name: string, value: unknown): asserts value is { inputs: tf.Tensor; targets: Targets } {
  checkObject(name, value, '{ inputs, targets }');
  const { inputs, targets } = value as { inputs: unknown; targets: unknown };
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

/** `value`, a tensor the model's forward pass returned, is float32 with `batchSize` on axis 0. */
export function checkForwardResult(name: string, value: unknown, batchSize: number): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new TypeError(`${name} must be a tf.Tensor, got ${describe(value)}`);
  if (value.rank < 1 || value.shape[0] !== batchSize) {
    throw new RangeError(`${name} must have the batch size ${batchSize} on axis 0, got shape ${shapeString(value.shape)}`);
  }
  if (value.dtype !== 'float32') throw new TypeError(`${name} must be float32, got ${value.dtype}`);
}

/** Every element of the targets `value` lies in [0, 1] (Bernoulli probabilities). */
export function checkUnitInterval(name: string, value: ArrayLike<number>): void {
  for (let i = 0; i < value.length; i++) {
    if (value[i] < 0 || value[i] > 1) throw new RangeError(`${name} must lie in [0, 1], element ${i} is ${value[i]}`);
  }
}

/** Each row of `classes` entries of `value` is a probability distribution (entries >= 0, summing to 1 within 1e-3). */
export function checkDistributionRows(name: string, value: ArrayLike<number>, classes: number): void {
  for (let r = 0; r < value.length / classes; r++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const v = value[r * classes + k];
      if (v < 0) throw new RangeError(`${name}: probabilities must be >= 0, row ${r} has ${v}`);
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) {
      throw new RangeError(`${name}: each row must sum to 1 (one-hot or class probabilities), row ${r} sums to ${sum}`);
    }
  }
}
