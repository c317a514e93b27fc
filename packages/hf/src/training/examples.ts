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
 * row 5 holds NaN`. One pass over the data in chunks, with no forward pass
 * beyond the first example. `data` must have passed `checkDataset`. Returns
 * whether the model returns hidden states (structural damping needs them).
 */
export function probeExamples(where: string, model: FunctionalModel, loss: OutputLoss, data: Dataset, theta: Float32Array): boolean {
  const name = `${where}: data`;
  const n = data.inputs.shape[0];
  checkFiniteRows(`${name}.inputs`, data.inputs, n);
  checkFiniteRows(`${name}.targets`, data.targets, n);
  const { hasHidden, exampleShape } = probeFirst(where, model, loss, data, theta);
  checkTargetRows(`${name}.targets`, loss, data.targets, n, exampleShape);
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
 * Every value of `values` (n rows on axis 0; a typed array holds them
 * row-major) is finite; int32 values always are. A tensor is summed per row
 * on its backend and read back only in rows whose sum is not finite (a NaN or
 * an infinity makes the sum so; a sum that overflowed from finite values is
 * then found finite and passes).
 */
function checkFiniteRows(name: string, values: tf.Tensor | Targets, n: number): void {
  if (values instanceof Int32Array) return;
  if (values instanceof Float32Array) {
    const row = values.length / n;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw notFinite(name, Math.floor(i / row), values[i]);
    }
    return;
  }
  if (values.dtype !== 'float32' || values.size === 0) return;
  const sums = tf.tidy(() => tf.sum(tf.reshape(values, [n, -1]), 1).dataSync());
  for (let r = 0; r < n; r++) {
    if (Number.isFinite(sums[r])) continue;
    const row = tf.tidy(() => tf.slice(values, r, 1).dataSync());
    const bad = row.find((v) => !Number.isFinite(v));
    if (bad !== undefined) throw notFinite(name, r, bad);
  }
}

function notFinite(name: string, row: number, value: number): RangeError {
  return new RangeError(`${name} must be finite, but row ${row} holds ${value}`);
}

/**
 * Every row of `targets` is accepted by `loss.prepareTargets` for outputs of
 * one example's shape `exampleShape`, checked in chunks; in a chunk that
 * fails, row by row, so that the error names the first row at fault.
 */
function checkTargetRows(name: string, loss: OutputLoss, targets: Targets, n: number, exampleShape: readonly number[]): void {
  const perRow = Math.max(1, exampleShape.reduce((a, b) => a * b, 1));
  const chunk = Math.max(1, Math.floor(CHUNK_VALUES / perRow));
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    if (targetFailure(loss, targets, n, start, size, exampleShape) === null) continue;
    for (let r = start; r < start + size; r++) {
      const error = targetFailure(loss, targets, n, r, 1, exampleShape);
      if (error === null) continue;
      const message = error instanceof Error ? error.message : String(error);
      const Type = error instanceof TypeError ? TypeError : RangeError;
      throw new Type(`${name} must fit the loss (${loss.name}), but row ${r} does not (checked alone: ${message})`, { cause: error });
    }
    const error = targetFailure(loss, targets, n, start, size, exampleShape);
    throw new RangeError(`${name} must fit the loss (${loss.name}), but rows ${start} to ${start + size - 1} do not: ${String(error)}`, { cause: error });
  }
}

/** What `loss.prepareTargets` throws for rows start .. start + size - 1 of `targets`, or null when it accepts them. */
function targetFailure(loss: OutputLoss, targets: Targets, n: number, start: number, size: number, exampleShape: readonly number[]): unknown {
  const rows = targets instanceof tf.Tensor ? tf.slice(targets, start, size) : targets.subarray(start * (targets.length / n), (start + size) * (targets.length / n));
  try {
    loss.prepareTargets(rows, [size, ...exampleShape]).dispose();
    return null;
  } catch (error) {
    return error;
  } finally {
    if (rows instanceof tf.Tensor) rows.dispose();
  }
}
