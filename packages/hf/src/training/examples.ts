import { ensureGradients, type FunctionalModel, type OutputLoss, type Targets } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { rowsOf, type Dataset } from './dataset.js';

/** Rows are checked in chunks of about this many values, so that memory stays bounded by one chunk. */
const CHUNK_VALUES = 1 << 20;

/**
 * Checks every example of a data set against a model and a loss before an
 * optimizer keeps it, so that bad data fail at construction rather than in
 * every step: the inputs and real-valued targets are finite, row by row; the
 * model and the loss run on the first example (a model that does not fit the
 * inputs, or targets that do not fit the outputs, fail there); and every
 * row's targets are accepted by the loss's `prepareTargets` (class labels in
 * range, rows of class probabilities summing to 1, ...). Errors name the
 * function and the row, e.g. `hessianFree: data.inputs must be finite, but
 * row 5 holds NaN`. One pass over the data, with no forward pass beyond the
 * first example: the inputs are summed per row on their backend (read back
 * only when a sum is not finite), target tensors are read back once (tf.slice
 * of a large tensor is far slower on WASM than one read) and handed to the
 * loss in chunks. `data` must have passed `checkDataset`. Returns whether the
 * model returns hidden states (structural damping needs them).
 */
export function probeExamples(where: string, model: FunctionalModel, loss: OutputLoss, data: Dataset, theta: Float32Array): boolean {
  const name = `${where}: data`;
  const n = data.inputs.shape[0];
  checkFiniteTensorRows(`${name}.inputs`, data.inputs, n);
  const { targets } = data;
  const values = targets instanceof tf.Tensor ? targets.dataSync() : targets;
  if (!(values instanceof Int32Array)) checkFiniteRows(`${name}.targets`, values, n);
  const { hasHidden, exampleShape } = probeFirst(where, model, loss, data, theta);
  checkTargetRows(`${name}.targets`, loss, targets, values, n, exampleShape);
  return hasHidden;
}

/**
 * Runs the model and the loss on the first example, so that a model that
 * does not fit the inputs, or targets that do not fit the outputs, fail here
 * with a clear error. Returns whether the model returns hidden states, and
 * the shape of one example's outputs (without the batch axis).
 */
function probeFirst(
  where: string,
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta: Float32Array,
): { hasHidden: boolean; exampleShape: number[] } {
  ensureGradients();
  const one = rowsOf(data, 0, 1);
  try {
    return tf.tidy(() => {
      const outputs = model.trace(tf.tensor1d(theta), one.inputs);
      loss.value(outputs[0], one.preparedTargets(loss, outputs[0].shape));
      return { hasHidden: outputs.length > 1, exampleShape: outputs[0].shape.slice(1) };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RangeError(`${where}: the model or the loss failed on the first example of data: ${message}`, { cause: error });
  } finally {
    one.dispose();
  }
}

/**
 * Every value of a float32 tensor with n rows on axis 0 is finite. It is
 * summed per row on its backend (n values come back, no copy of the data); a
 * NaN or an infinity makes a row's sum non-finite, and only then is the
 * tensor read back to find it (a sum that overflowed from finite values is
 * then found finite and passes).
 */
function checkFiniteTensorRows(name: string, values: tf.Tensor, n: number): void {
  if (values.dtype !== 'float32' || values.size === 0) return;
  const sums = tf.tidy(() => tf.sum(tf.reshape(values, [n, -1]), 1).dataSync());
  if (firstNonFinite(sums) < 0) return;
  checkFiniteRows(name, values.dataSync(), n);
}

/** Every value of `values` (n rows, row-major) is finite; the error names the first row that is not. */
function checkFiniteRows(name: string, values: ArrayLike<number>, n: number): void {
  const i = firstNonFinite(values);
  if (i >= 0) throw new RangeError(`${name} must be finite, but row ${Math.floor(i / (values.length / n))} holds ${values[i]}`);
}

/** The index of the first value that is not finite, or -1. */
function firstNonFinite(values: ArrayLike<number>): number {
  // v * 0 is 0 for a finite v and NaN otherwise: one fast pass, then a search only when it found one.
  let probe = 0;
  for (let i = 0; i < values.length; i++) probe += values[i] * 0;
  if (probe === 0) return -1;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/**
 * Every row of `targets` is accepted by `loss.prepareTargets` for outputs of
 * one example's shape `exampleShape`, checked in chunks (a target tensor's
 * chunks are made from its values, read back once, in its dtype and shape);
 * in a chunk that fails, row by row, so that the error names the first row
 * at fault.
 */
function checkTargetRows(
  name: string,
  loss: OutputLoss,
  targets: Targets,
  values: ArrayLike<number>,
  n: number,
  exampleShape: readonly number[],
): void {
  const perRow = Math.max(1, exampleShape.reduce((a, b) => a * b, 1));
  const chunk = Math.max(1, Math.floor(CHUNK_VALUES / perRow));
  const rows = (start: number, size: number): Targets => {
    const width = values.length / n;
    const part = (values as Float32Array | Int32Array).subarray(start * width, (start + size) * width);
    return targets instanceof tf.Tensor ? tf.tensor(part, [size, ...targets.shape.slice(1)], targets.dtype) : part;
  };
  const failure = (start: number, size: number): unknown => {
    const part = rows(start, size);
    try {
      loss.prepareTargets(part, [size, ...exampleShape]).dispose();
      return null;
    } catch (error) {
      return error;
    } finally {
      if (part instanceof tf.Tensor) part.dispose();
    }
  };
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const error = failure(start, size);
    if (error === null) continue;
    for (let r = start; r < start + size; r++) {
      const alone = failure(r, 1);
      if (alone === null) continue;
      const message = alone instanceof Error ? alone.message : String(alone);
      const Type = alone instanceof TypeError ? TypeError : RangeError;
      throw new Type(`${name} must fit the loss (${loss.name}), but row ${r} does not (checked alone: ${message})`, { cause: alone });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new RangeError(`${name} must fit the loss (${loss.name}), but rows ${start} to ${start + size - 1} do not: ${message}`, { cause: error });
  }
}
