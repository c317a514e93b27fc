import type { FunctionalModel, OutputLoss } from '@hessian-free/curvature';
import { checkInteger, checkOptions } from '../checks.js';
import { checkDataset, checkModel, checkParameters } from './checks.js';
import { rowsOf, type Dataset } from './dataset.js';
import { Objective } from './objective.js';

/** Options of `evaluateLoss`. */
export interface EvaluateLossOptions {
  /** Examples per forward pass (default 1000): memory stays bounded by one chunk. */
  readonly batchSize?: number;
}

const KNOWN: ReadonlySet<string> = new Set(['batchSize']);

/**
 * The mean loss of `theta` over a whole data set (no L2 term), computed in
 * chunks of `batchSize` examples (default 1000) so that memory stays
 * bounded: sum over chunks of (chunk mean x chunk size) / N, in float64.
 * Makes no copy of the data and leaves no tensors behind.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { evaluateLoss, functionalModel, squaredError } from '@hessian-free/hf';
 * const model = functionalModel({
 *   shapes: [[2, 1], [1]],
 *   forward: ([w, b], x) => tf.add(tf.matMul(x, w), b),
 * });
 * const data = { inputs: tf.tensor2d([[1, 2], [3, 4]]), targets: tf.tensor2d([[1], [2]]) };
 * const loss = evaluateLoss(model, squaredError, data, new Float32Array(model.numParams));
 * ```
 */
export function evaluateLoss(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta: Float32Array,
  options?: EvaluateLossOptions,
): number {
  const where = 'evaluateLoss';
  checkOptions(`${where}: options`, options, KNOWN);
  const chunk = options?.batchSize ?? 1000;
  checkInteger(`${where}: options.batchSize`, chunk, 1);
  checkModel(`${where}: model`, model);
  checkParameters(`${where}: theta`, theta, model.numParams);
  checkDataset(`${where}: data`, data);
  const n = data.inputs.shape[0];
  const objective = new Objective(model, loss, 0);
  let total = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const batch = rowsOf(data, start, size);
    try {
      total += objective.value(theta, batch) * size;
    } finally {
      batch.dispose();
    }
  }
  return total / n;
}
