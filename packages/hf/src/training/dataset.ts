import type { Batch, OutputLoss, Targets } from '@hessian-free/curvature';
import type { Rng } from '@hessian-free/linop';
import * as tf from '@tensorflow/tfjs-core';
import { checkDataset } from './checks.js';

/**
 * A training set: inputs with the examples on axis 0, and targets in a form
 * the loss accepts (a tensor with the examples on axis 0; an Int32Array of
 * class labels; or a Float32Array holding a [N, ...] tensor's data
 * row-major). The optimizers copy it at construction: the caller keeps
 * ownership of these tensors and may dispose them afterwards.
 */
export interface Dataset {
  readonly inputs: tf.Tensor;
  readonly targets: Targets;
}

/**
 * A minibatch as the optimizers use it: inputs and targets in the caller's
 * form (what curvatureAt takes), plus the loss's prepared target tensor,
 * made once on first use. Owns the tensors it was given; `dispose` frees them.
 */
export class MiniBatch implements Batch {
  private prepared: tf.Tensor | null = null;

  constructor(
    readonly inputs: tf.Tensor,
    readonly targets: Targets,
    readonly size: number,
    private readonly owned: readonly tf.Tensor[],
  ) {}

  /** loss.prepareTargets(targets, outputShape), cached (kept across tf.tidy). */
  preparedTargets(loss: OutputLoss, outputShape: readonly number[]): tf.Tensor {
    if (this.prepared === null) this.prepared = tf.keep(loss.prepareTargets(this.targets, outputShape));
    return this.prepared;
  }

  dispose(): void {
    this.prepared?.dispose();
    this.prepared = null;
    for (const t of this.owned) t.dispose();
  }
}

/** Examples start .. start + size - 1 of a caller's data set, without copying the rest. */
export function rowsOf(data: Dataset, start: number, size: number): MiniBatch {
  const n = data.inputs.shape[0];
  const inputs = tf.slice(data.inputs, start, size);
  const { targets } = data;
  if (targets instanceof tf.Tensor) {
    const t = tf.slice(targets, start, size);
    return new MiniBatch(inputs, t, size, [inputs, t]);
  }
  const row = targets.length / n;
  return new MiniBatch(inputs, targets.subarray(start * row, (start + size) * row), size, [inputs]);
}

/**
 * The optimizer's own copy of a training set, and minibatches drawn from it
 * by index.
 */
export class OwnedDataset {
  readonly size: number;
  private readonly inputs: tf.Tensor;
  private readonly targetTensor: tf.Tensor | null;
  private readonly targetArray: Float32Array | Int32Array | null;

  /** Checks `data` (errors start with `name`, e.g. 'adam: data') and copies it. */
  constructor(name: string, data: Dataset) {
    checkDataset(name, data);
    this.size = data.inputs.shape[0];
    const { targets } = data;
    this.inputs = tf.clone(data.inputs);
    this.targetTensor = targets instanceof tf.Tensor ? tf.clone(targets) : null;
    this.targetArray = targets instanceof tf.Tensor ? null : targets.slice();
  }

  /** The examples at `indices` (in that order), or the whole set for null. Dispose the batch after use. */
  batch(indices: Int32Array | null): MiniBatch {
    if (indices === null) return new MiniBatch(this.inputs, this.targetTensor ?? (this.targetArray as Float32Array), this.size, []);
    const index = tf.tensor1d(indices, 'int32');
    try {
      const inputs = tf.gather(this.inputs, index);
      if (this.targetTensor !== null) {
        const targets = tf.gather(this.targetTensor, index);
        return new MiniBatch(inputs, targets, indices.length, [inputs, targets]);
      }
      const all = this.targetArray as Float32Array | Int32Array;
      const row = all.length / this.size;
      const targets = all instanceof Int32Array ? new Int32Array(indices.length * row) : new Float32Array(indices.length * row);
      indices.forEach((i, k) => targets.set(all.subarray(i * row, (i + 1) * row), k * row));
      return new MiniBatch(inputs, targets, indices.length, [inputs]);
    } finally {
      index.dispose();
    }
  }

  dispose(): void {
    this.inputs.dispose();
    this.targetTensor?.dispose();
  }
}

/** `k` distinct indices of 0..n-1 in random order (a partial Fisher-Yates shuffle). */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.uniform() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k);
}
