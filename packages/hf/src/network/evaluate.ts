import type { FunctionalModel, OutputLoss } from '@hessian-free/curvature';
import { checkDataset, rowsOf } from './dataset.js';
import { Objective } from './objective.js';
import { checkTheta, optionsRecord, positiveInteger } from './options.js';
import type { Dataset } from './types.js';

const KNOWN: ReadonlySet<string> = new Set(['batchSize']);

/**
 * The mean loss of `theta` over a whole data set (no L2 term), computed in
 * chunks of `batchSize` examples (default 1000) so that memory stays
 * bounded: sum over chunks of (chunk mean x chunk size) / N, in float64.
 * Makes no copy of the data and leaves no tensors behind.
 */
export function evaluateLoss(
  model: FunctionalModel,
  loss: OutputLoss,
  data: Dataset,
  theta: Float32Array,
  options?: { readonly batchSize?: number },
): number {
  const where = 'evaluateLoss';
  const o = optionsRecord(where, options, KNOWN);
  const chunk = positiveInteger(where, 'batchSize', o.batchSize ?? 1000);
  if (model === null || typeof model !== 'object' || typeof model.trace !== 'function') {
    throw new TypeError(`${where}: model must be made by functionalModel()`);
  }
  checkTheta(where, 'theta', theta, model.numParams);
  const n = checkDataset(where, data);
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
