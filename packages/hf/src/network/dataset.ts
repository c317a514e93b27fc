import type { Batch, Rng } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './types.js';

/**
 * The optimizer's own copy of a training set, with the targets as a tensor
 * (examples on axis 0), and minibatch sampling from it.
 */
export class OwnedDataset {
  readonly size: number;
  private readonly inputs: tf.Tensor;
  private readonly targets: tf.Tensor;

  constructor(where: string, data: Dataset) {
    if (data === null || typeof data !== 'object') {
      throw new TypeError(`${where}: data must be { inputs, targets }, got ${data === null ? 'null' : typeof data}`);
    }
    const { inputs, targets } = data;
    if (!(inputs instanceof tf.Tensor) || inputs.isDisposed) {
      throw new TypeError(`${where}: data.inputs must be a live tf.Tensor`);
    }
    if (inputs.rank < 1 || inputs.shape[0] < 1) {
      throw new RangeError(`${where}: data.inputs must have at least one example on axis 0, got shape [${inputs.shape.join(', ')}]`);
    }
    this.size = inputs.shape[0];
    this.targets = targetsTensor(where, targets, this.size);
    this.inputs = tf.clone(inputs);
  }

  /** The whole set (not a copy: do not dispose). */
  all(): Batch {
    return { inputs: this.inputs, targets: this.targets };
  }

  /**
   * `size` distinct examples drawn uniformly (the whole set, not copied, when
   * size >= N). Dispose the result with `disposeBatch`.
   */
  sample(size: number, rng: Rng): Batch {
    if (size >= this.size) return this.all();
    const indices = tf.tensor1d(sampleIndices(this.size, size, rng), 'int32');
    try {
      return { inputs: tf.gather(this.inputs, indices), targets: tf.gather(this.targets, indices) };
    } finally {
      indices.dispose();
    }
  }

  /** Disposes a batch from `sample` unless it is the whole set. */
  disposeBatch(batch: Batch): void {
    if (batch.inputs === this.inputs) return;
    batch.inputs.dispose();
    (batch.targets as tf.Tensor).dispose();
  }

  dispose(): void {
    this.inputs.dispose();
    this.targets.dispose();
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

function targetsTensor(where: string, targets: unknown, n: number): tf.Tensor {
  if (targets instanceof tf.Tensor) {
    if (targets.isDisposed) throw new TypeError(`${where}: data.targets is a disposed tensor`);
    if (targets.rank < 1 || targets.shape[0] !== n) {
      throw new RangeError(
        `${where}: data.targets must have the ${n} examples of data.inputs on axis 0, got shape [${targets.shape.join(', ')}]`,
      );
    }
    return tf.clone(targets);
  }
  if (targets instanceof Int32Array) {
    if (targets.length !== n) throw new RangeError(`${where}: data.targets (class labels) must have length ${n}, got ${targets.length}`);
    return tf.tensor1d(targets, 'int32');
  }
  if (targets instanceof Float32Array) {
    if (targets.length === 0 || targets.length % n !== 0) {
      throw new RangeError(`${where}: data.targets must hold ${n} rows of equal length, got ${targets.length} values`);
    }
    return tf.tensor2d(targets, [n, targets.length / n]);
  }
  throw new TypeError(`${where}: data.targets must be a tf.Tensor, Int32Array or Float32Array`);
}
