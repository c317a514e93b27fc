import type { Batch, OutputLoss, Rng, Targets } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './types.js';

/** Checks a Dataset (errors name `data.inputs` / `data.targets`); returns its number of examples. */
export function checkDataset(where: string, data: unknown): number {
  if (data === null || typeof data !== 'object') {
    throw new TypeError(`${where}: data must be { inputs, targets }, got ${data === null ? 'null' : typeof data}`);
  }
  const { inputs, targets } = data as Dataset;
  if (!(inputs instanceof tf.Tensor) || inputs.isDisposed) throw new TypeError(`${where}: data.inputs must be a live tf.Tensor`);
  if (inputs.dtype !== 'float32') throw new TypeError(`${where}: data.inputs must be float32, got ${inputs.dtype}`);
  if (inputs.rank < 1 || inputs.shape[0] < 1) {
    throw new RangeError(`${where}: data.inputs must have at least one example on axis 0, got shape [${inputs.shape.join(', ')}]`);
  }
  const n = inputs.shape[0];
  if (targets instanceof tf.Tensor) {
    if (targets.isDisposed) throw new TypeError(`${where}: data.targets is a disposed tensor`);
    if (targets.rank < 1 || targets.shape[0] !== n) {
      throw new RangeError(
        `${where}: data.targets must have the ${n} examples of data.inputs on axis 0, got shape [${targets.shape.join(', ')}]`,
      );
    }
  } else if (targets instanceof Float32Array || targets instanceof Int32Array) {
    if (targets.length === 0 || targets.length % n !== 0) {
      throw new RangeError(
        `${where}: data.targets must hold the ${n} examples of data.inputs (a multiple of ${n} values), got ${targets.length} values`,
      );
    }
  } else {
    throw new TypeError(`${where}: data.targets must be a tf.Tensor, Float32Array or Int32Array`);
  }
  return n;
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

  constructor(where: string, data: Dataset) {
    this.size = checkDataset(where, data);
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
