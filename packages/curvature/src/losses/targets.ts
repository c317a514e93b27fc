import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@hessian-free/linop';
import { checkFiniteArray, shapeString } from '../checks.js';
import type { Targets } from './loss.js';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

/**
 * The data of real-valued targets that must match the outputs' shape exactly
 * (a typed array must match its size), checked finite.
 */
export function realTargets(targets: Targets, outputShape: readonly number[]): Float32Array {
  let data: Float32Array;
  if (targets instanceof tf.Tensor) {
    if (!sameShape(targets.shape, outputShape)) {
      throw new RangeError(
        `targets must have the outputs' shape ${shapeString(outputShape)}, got ${shapeString(targets.shape)}`,
      );
    }
    if (targets.dtype !== 'float32') throw new TypeError(`targets must be a float32 tensor, got ${targets.dtype}`);
    data = targets.dataSync() as Float32Array;
  } else if (targets instanceof Float32Array) {
    if (targets.length !== sizeOf(outputShape)) {
      throw new RangeError(
        `targets must have ${sizeOf(outputShape)} elements (outputs' shape ${shapeString(outputShape)}), got ${targets.length}`,
      );
    }
    data = targets;
  } else {
    throw new TypeError(`targets must be a float32 tf.Tensor or a Float32Array, got ${describe(targets)}`);
  }
  checkFiniteArray('targets', data);
  return data;
}

/**
 * Integer class labels, shaped like the outputs without their last (class)
 * axis, each in [0, classes).
 */
export function labelTargets(targets: tf.Tensor | Int32Array, outputShape: readonly number[]): Int32Array {
  const labelShape = outputShape.slice(0, -1);
  const classes = outputShape[outputShape.length - 1];
  let data: Int32Array;
  if (targets instanceof tf.Tensor) {
    if (!sameShape(targets.shape, labelShape)) {
      throw new RangeError(
        `targets (labels) must have shape ${shapeString(labelShape)} (the outputs' shape without the class axis), got ${shapeString(targets.shape)}`,
      );
    }
    data = targets.dataSync() as Int32Array;
  } else {
    if (targets.length !== sizeOf(labelShape)) {
      throw new RangeError(
        `targets (labels) must have ${sizeOf(labelShape)} elements (one per row of the outputs), got ${targets.length}`,
      );
    }
    data = targets;
  }
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (!(c >= 0 && c < classes)) {
      throw new RangeError(`targets (labels): element ${i} is ${c}, outside the class range [0, ${classes})`);
    }
  }
  return data;
}

/** Rows of class labels as one-hot rows of width `classes`. */
export function oneHotTensor(labels: Int32Array, outputShape: readonly number[]): tf.Tensor {
  const classes = outputShape[outputShape.length - 1];
  const data = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) data[i * classes + labels[i]] = 1;
  return tf.tensor(data, outputShape as number[], 'float32');
}
