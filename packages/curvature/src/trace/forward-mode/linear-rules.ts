/**
 * Tangent rules of linear kernels: J dx = f(dx), so the kernel is applied to
 * the tangents with its recorded attributes (a constant input's tangent is
 * zero). Broadcasting sums (Add, Sub) broadcast a lone tangent to the output.
 */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeAxis } from '../../gradients/axes.js';
import { combine } from '../broadcast.js';
import { rerun } from '../tape/replay.js';
import type { TangentRule } from './rule.js';

/** A linear kernel of one tensor input: J dx = f(dx). */
const selfApplied: TangentRule = (_trace, node, [dx]) => rerun(node, [dx as tf.Tensor]);

/** A linear kernel of several inputs (Concat, Pack, AddN): absent tangents are zeros of the input's shape. */
const withZeros: TangentRule = (_trace, node, dxs) =>
  rerun(node, dxs.map((dx, k) => dx ?? tf.zeros(node.inputs[k].shape)));

const add: TangentRule = (_trace, node, [da, db]) => [combine(da, db, 1, node.outputs[0].shape)];
const sub: TangentRule = (_trace, node, [da, db]) => [combine(da, db, -1, node.outputs[0].shape)];

/** AddN: the sum of the tangents present (all inputs share the output's shape). */
const addN: TangentRule = (_trace, _node, dxs) => {
  const present = dxs.filter((dx): dx is tf.Tensor => dx !== null);
  return [present.length === 1 ? present[0] : tf.addN(present)];
};

/** PadV2 pads the tangent with 0 (the pad value is a constant). */
const padV2: TangentRule = (_trace, node, [dx]) => {
  const { paddings } = node.attrs as unknown as tf.PadV2Attrs;
  return [tf.pad(dx as tf.Tensor, paddings, 0)];
};

/** Select (where): the condition is constant, t and e are linear arguments. */
const select: TangentRule = (_trace, node, [, dt, de]) => {
  const [condition, t, e] = node.inputs;
  return rerun(node, [condition, dt ?? tf.zeros(t.shape), de ?? tf.zeros(e.shape)]);
};

/**
 * SplitV: J dx = split(dx). When the pieces are contiguous in memory (every
 * axis before the split axis has size 1) and the data lives in JS-visible
 * memory (cpu, wasm), the tangent is read once and each piece uploaded:
 * WASM's Slice, which SplitV runs per piece, copies the whole input each time.
 */
const splitV: TangentRule = (_trace, node, [dx]) => {
  const d = dx as tf.Tensor;
  const axis = normalizeAxis((node.attrs as unknown as tf.SplitVAttrs).axis, d.rank);
  const contiguous = d.shape.slice(0, axis).every((size) => size === 1);
  if (!contiguous || !['wasm', 'cpu'].includes(tf.getBackend())) return rerun(node, [d]);
  const data = d.dataSync() as Float32Array;
  let offset = 0;
  return node.outputs.map((y) => {
    const piece = tf.tensor(data.subarray(offset, offset + y.size), y.shape, 'float32');
    offset += y.size;
    return piece;
  });
};

/** A cast to float32 passes the tangent through (a cast to another dtype has no active output). */
const cast: TangentRule = (_trace, _node, [dx]) => [dx];

/** The tangent rules of the linear kernels, by kernel name. */
export const linearTangentRules: ReadonlyMap<string, TangentRule> = new Map<string, TangentRule>([
  [tf.Add, add],
  [tf.Sub, sub],
  [tf.AddN, addN],
  [tf.Neg, selfApplied],
  [tf.Identity, selfApplied],
  [tf.Cast, cast],
  [tf.Reshape, selfApplied],
  [tf.ExpandDims, selfApplied],
  [tf.Transpose, selfApplied],
  [tf.Slice, selfApplied],
  [tf.SplitV, splitV],
  [tf.Unpack, selfApplied],
  [tf.Tile, selfApplied],
  [tf.BroadcastTo, selfApplied],
  [tf.Sum, selfApplied],
  [tf.Mean, selfApplied],
  [tf.Concat, withZeros],
  [tf.Pack, withZeros],
  [tf.PadV2, padV2],
  [tf.Select, select],
]);
