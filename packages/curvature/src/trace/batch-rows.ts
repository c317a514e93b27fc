/**
 * Which recorded tensors hold the batch's examples row by row.
 *
 * A tensor of the trace is *free* if it does not depend on the batch (the
 * parameters, constants, tensors the model closes over and everything made
 * from those alone), a *row* tensor if it depends on the batch, has the
 * batch on axis 0 (size N) and its row i depends on example i alone (and on
 * free tensors), and *mixed* otherwise (a batch statistic such as a mean over
 * axis 0, a reshape of [N, T, d] into [N T, d], a transpose that moves the
 * batch axis, a kernel this file does not know). Mixed is contagious: a
 * kernel with a mixed input has mixed outputs.
 *
 * The exact per-example methods of the empirical Fisher's diagonal
 * (estimators/squared-sums.ts) need it: when the model's output is a row
 * tensor, one reverse sweep seeded with the per-example output gradients
 * g_i = dl_i/dz_i gives, at every row tensor, row i = the adjoint of example
 * i's loss alone, so per-example gradients can be assembled layer by layer.
 * Kernels are classified from their recorded attributes and shapes, with a
 * rule per kernel family below; an unknown kernel with a batch-dependent
 * input makes its outputs mixed (safe: the caller falls back).
 */
import * as tf from '@tensorflow/tfjs-core';
import { COMPARISON_KERNELS, PIECEWISE_CONSTANT_UNARY_KERNELS } from '../gradients/comparison.js';
import { ELEMENTWISE } from './kernel-families.js';
import type { Trace, TraceNode } from './tape/tape.js';

/** The row tensors of a trace, and the first node that mixed examples (if any). */
export interface BatchRows {
  /** The batch size N (axis 0 of the inputs). */
  readonly batchSize: number;
  /** Ids of the row tensors (the inputs themselves included). */
  readonly rows: ReadonlySet<number>;
  /** Ids of the mixed tensors. */
  readonly mixed: ReadonlySet<number>;
}

/** Unary kernels whose output is shaped like their input and computed entry by entry. */
const SAME_SHAPE_UNARY: ReadonlySet<string> = new Set([
  ...ELEMENTWISE,
  tf.Neg,
  tf.Identity,
  tf.Cast,
  ...PIECEWISE_CONSTANT_UNARY_KERNELS,
]);

/** Kernels computed entry by entry after broadcasting their inputs to one shape. */
const BROADCASTING: ReadonlySet<string> = new Set([
  tf.Add,
  tf.AddN,
  tf.Sub,
  tf.Multiply,
  tf.RealDiv,
  tf.SquaredDifference,
  tf.Pow,
  tf.Maximum,
  tf.Minimum,
  tf.Prelu,
  ...COMPARISON_KERNELS,
  tf.Select,
]);

/** Reductions over `axis` (a number or a list). */
const REDUCTIONS: ReadonlySet<string> = new Set([tf.Sum, tf.Mean, tf.Max, tf.Min, tf.Prod, tf.All, tf.Any, tf.ArgMax, tf.ArgMin]);

/** Classifies every tensor of `trace` given the batch `inputs` (batch on axis 0). */
export function batchRows(trace: Trace, inputs: tf.Tensor): BatchRows {
  const n = inputs.shape[0];
  const rows = new Set<number>([inputs.id]);
  const mixed = new Set<number>();
  for (const node of trace.nodes) {
    const classes = node.inputs.map((x) => (rows.has(x.id) ? 'rows' : mixed.has(x.id) ? 'mixed' : 'free'));
    if (classes.every((c) => c === 'free')) continue;
    const keeps = !classes.includes('mixed') && keepsRows(node, classes, n);
    for (const y of node.outputs) (keeps && y.rank >= 1 && y.shape[0] === n ? rows : mixed).add(y.id);
  }
  return { batchSize: n, rows, mixed };
}

/** Does the node map example rows to example rows (inputs: 'rows' or 'free', at least one 'rows')? */
function keepsRows(node: TraceNode, classes: readonly string[], n: number): boolean {
  const name = node.kernelName;
  const attrs = node.attrs as Record<string, unknown>;
  const x = node.inputs[0];
  const y = node.outputs[0];
  const isRows = (k: number): boolean => classes[k] === 'rows';
  // The batch axis is axis 0 of every output.
  if (!node.outputs.every((o) => o.rank >= 1 && o.shape[0] === n)) return false;
  if (SAME_SHAPE_UNARY.has(name)) return true;
  if (BROADCASTING.has(name)) {
    return node.inputs.every((input, k) => {
      if (!isRows(k)) return true;
      // where(condition, t, e) with a rank-1 condition selects whole rows of axis 0.
      if (name === tf.Select && k === 0 && input.rank === 1) return true;
      return input.rank === y.rank;
    });
  }
  if (name === tf.BatchMatMul) {
    const [a, b] = node.inputs;
    const { transposeA } = attrs as unknown as tf.BatchMatMulAttrs;
    // A row operand's axis 0 must be a batch axis of the product (rank >= 3,
    // not broadcast away), or, at rank 2, the rows of A (not the contraction).
    const aOk = !isRows(0) || (a.rank === 2 ? !transposeA : a.rank === y.rank);
    const bOk = !isRows(1) || (b.rank >= 3 && b.rank === y.rank);
    return aOk && bOk;
  }
  if (name === tf.Softmax) return axisOf(attrs.dim as number, x.rank) !== 0;
  if (REDUCTIONS.has(name)) {
    // A missing axis (null) reduces every axis, the batch's too.
    if (attrs.axis === null || attrs.axis === undefined) return false;
    const axes = [attrs.axis].flat() as number[];
    return x.rank >= 2 && axes.every((a) => axisOf(a, x.rank) !== 0);
  }
  if (name === tf.Reshape) return x.shape[0] === n;
  if (name === tf.ExpandDims) return axisOf(attrs.dim as number, x.rank + 1) !== 0;
  if (name === tf.Transpose) return (attrs.perm as number[])[0] === 0;
  if (name === tf.Slice) return (attrs.begin as number[])[0] === 0;
  if (name === tf.Tile) return (attrs.reps as number[])[0] === 1;
  if (name === tf.PadV2) {
    const [before, after] = (attrs.paddings as number[][])[0];
    return before === 0 && after === 0;
  }
  if (name === tf.Concat || name === tf.SplitV) return axisOf(attrs.axis as number, x.rank) !== 0;
  if (name === tf.Pack) return axisOf(attrs.axis as number, x.rank + 1) !== 0;
  if (name === tf.Unpack) return axisOf(attrs.axis as number, x.rank) !== 0;
  return false;
}

/** A possibly negative axis of a tensor of rank `rank`, as a non-negative one. */
function axisOf(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
