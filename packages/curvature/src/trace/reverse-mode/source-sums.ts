/**
 * The cotangents of the sources (the parameters), summed once per sweep.
 *
 * A recurrent network reads its weights once per step, so a source gets one
 * contribution per step: added as they come, that is one Add kernel each,
 * and for a bias broadcast over the batch one column Sum each too (at T = 100
 * steps, 5 sources: about 550 small kernels per product, each paying the
 * backend's per-call overhead). Nothing in the sweep reads a source's
 * cotangent before the sweep ends, so the contributions are collected and
 * summed with one AddN; a bias's contributions are collected as the [n, width]
 * cotangents of the sums that broadcast it, and summed as
 *
 *   sum_k colsum(dC_k) = colsum(dC_1 + ... + dC_m),
 *
 * one AddN and one Sum. At most SUM_LIMIT values wait at a time per source:
 * past that they are summed into one partial, so a long sequence at a large
 * batch holds no more than a few MB of pending cotangents.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Trace, TraceNode } from '../tape/tape.js';

/** The most values waiting to be summed for one source (8 MB of float32). */
export const SUM_LIMIT = 1 << 21;

/** Contributions to one source's cotangent: shaped like it, or [n, width] rows to column-sum. */
interface Pending {
  whole: tf.Tensor[];
  rows: tf.Tensor[];
  size: number;
}

/**
 * The input of an Add node that is a rank-1 source broadcast over the rows
 * of the other, [n, width] input (a bias), or -1.
 */
function broadcastBiasInput(node: TraceNode, isSource: (id: number) => boolean): number {
  if (node.kernelName !== tf.Add || node.inputs.length !== 2 || node.outputs[0].rank !== 2) return -1;
  const width = node.outputs[0].shape[1];
  for (const k of [0, 1]) {
    const [bias, other] = [node.inputs[k], node.inputs[1 - k]];
    if (bias.rank === 1 && bias.shape[0] === width && other.rank === 2 && isSource(bias.id)) return k;
  }
  return -1;
}

/** Collects the sources' cotangent contributions during a reverse sweep and sums them when it ends. */
export class SourceSums {
  private readonly pending = new Map<number, Pending>();
  private readonly sourceIds: ReadonlySet<number>;

  constructor(trace: Trace) {
    this.sourceIds = new Set(trace.sources.map((s) => s.id));
  }

  /** Is the tensor with this id a source. */
  readonly isSource = (id: number): boolean => this.sourceIds.has(id);

  /** Notes a contribution to source `id`'s cotangent, shaped like the source. */
  add(id: number, dx: tf.Tensor): void {
    const p = this.of(id);
    p.whole.push(dx);
    this.grow(p, dx.size);
  }

  /**
   * If `node` adds a wanted source (a bias) over the rows of its other input,
   * notes the node's [n, width] output cotangent dy for it and returns that
   * input's index, which the caller then skips; otherwise -1.
   */
  deferBias(node: TraceNode, dy: tf.Tensor | null, wanted: readonly boolean[]): number {
    if (dy === null) return -1;
    const k = broadcastBiasInput(node, this.isSource);
    if (k < 0 || !wanted[k]) return -1;
    const p = this.of(node.inputs[k].id);
    p.rows.push(dy);
    this.grow(p, dy.size);
    return k;
  }

  /** Adds every source's summed contributions to `cot` (the sweep's map of cotangents by tensor id). */
  flush(cot: Map<number, tf.Tensor>): void {
    for (const [id, p] of this.pending) {
      collapse(p);
      const sum = p.whole[0];
      const before = cot.get(id);
      cot.set(id, before === undefined ? sum : tf.add(before, sum));
    }
    this.pending.clear();
  }

  private of(id: number): Pending {
    let p = this.pending.get(id);
    if (p === undefined) {
      p = { whole: [], rows: [], size: 0 };
      this.pending.set(id, p);
    }
    return p;
  }

  private grow(p: Pending, size: number): void {
    p.size += size;
    if (p.size > SUM_LIMIT) {
      collapse(p);
      p.size = p.whole[0].size;
    }
  }
}

/** Replaces a source's pending contributions by their sum (p.whole = [sum], p.rows = []). */
function collapse(p: Pending): void {
  if (p.rows.length > 0) {
    // Rows of different batch sizes cannot meet in one AddN: sum each size apart.
    const bySize = new Map<number, tf.Tensor[]>();
    for (const r of p.rows) {
      const group = bySize.get(r.shape[0]);
      if (group === undefined) bySize.set(r.shape[0], [r]);
      else group.push(r);
    }
    for (const group of bySize.values()) p.whole.push(tf.sum(addAll(group), 0));
    p.rows = [];
  }
  p.whole = [addAll(p.whole)];
}

/** The sum of one or more same-shaped tensors. */
function addAll(ts: readonly tf.Tensor[]): tf.Tensor {
  return ts.length === 1 ? ts[0] : tf.addN(ts as tf.Tensor[]);
}
