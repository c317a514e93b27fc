/**
 * The cotangent rule of a node (dx = J' dy for one node), where one reuses
 * point caches or skips a copy that the gradient table makes: elementwise
 * kernels, binary Add, Sub and Multiply, an untransposed MatMul and Softmax.
 * Each equals the table's gradient (test/trace-rules.test.ts checks that); a
 * kernel without a rule here goes through the table (sweep.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { flushSubnormals } from '../../gradients/subnormals.js';
import { fitTo } from '../broadcast.js';
import { ELEMENTWISE } from '../kernel-families.js';
import { slope, transposedInput } from '../tape/point-cache.js';
import type { Trace, TraceNode } from '../tape/tape.js';

/** Input cotangents (null where not wanted) from output cotangents (null where none, at least one given). */
export type CotangentRule = (
  trace: Trace,
  node: TraceNode,
  dys: readonly (tf.Tensor | null)[],
  wanted: readonly boolean[],
) => (tf.Tensor | null)[];

/** Elementwise y = f(x): dx = f'(x) .* dy with f' cached at the point. */
const elementwise: CotangentRule = (trace, node, [dy]) => [tf.mul(dy as tf.Tensor, slope(trace, node))];

/**
 * C = A B (no transpose flags): dA = dC B', dB = A' dC, with the transposes
 * of the saved operands cached at the point, so a product runs two plain
 * matMuls and no transpose; dC's subnormals are flushed to 0 first, as the
 * table does (gradients/subnormals.ts), unless `flush` is false. Transposed
 * forms go through the table.
 */
const matMulRule = (flush: boolean): CotangentRule => (trace, node, [dC], wanted) => {
  const [a, b] = node.inputs;
  const dy = flush ? flushSubnormals(dC as tf.Tensor) : (dC as tf.Tensor);
  return [
    wanted[0] ? fitTo(tf.matMul(dy, transposedInput(trace, node, 1)), a.shape) : null,
    wanted[1] ? fitTo(tf.matMul(transposedInput(trace, node, 0), dy), b.shape) : null,
  ];
};
const matMul = matMulRule(true);
const matMulUnflushed = matMulRule(false);

/**
 * c = a + b, a - b, a * b with broadcasting: the table's gradients, whose
 * reduceTo always makes a new tensor (a Reshape even where nothing was
 * broadcast, so that a tape may dispose gradients independently); the sweep
 * owns its cotangents together, so fitTo passes a same-shaped one through.
 */
const add: CotangentRule = (_trace, node, [dy], wanted) =>
  node.inputs.map((x, k) => (wanted[k] ? fitTo(dy as tf.Tensor, x.shape) : null));

const sub: CotangentRule = (_trace, node, [dy], wanted) =>
  node.inputs.map((x, k) => (wanted[k] ? fitTo(k === 0 ? (dy as tf.Tensor) : tf.neg(dy as tf.Tensor), x.shape) : null));

const multiply: CotangentRule = (_trace, node, [dy], wanted) =>
  node.inputs.map((x, k) => (wanted[k] ? fitTo(tf.mul(dy as tf.Tensor, node.inputs[1 - k]), x.shape) : null));

/** s = softmax(x): J = diag(s) - s s' per row is symmetric, dx = s .* (dy - <dy, s>), s the saved output. */
const softmax: CotangentRule = (_trace, node, [dy]) => {
  const s = node.outputs[0];
  const { dim } = node.attrs as unknown as tf.SoftmaxAttrs;
  const upstream = dy as tf.Tensor;
  return [tf.mul(s, tf.sub(upstream, tf.sum(tf.mul(upstream, s), dim, true)))];
};

/** The rule for a node (matMuls flushing subnormals unless `flush` is false), or null to use the gradient table. */
export function cotangentRule(node: TraceNode, flush = true): CotangentRule | null {
  if (ELEMENTWISE.has(node.kernelName) && node.outputs.length === 1) return elementwise;
  if (node.kernelName === tf.Softmax) return softmax;
  if (node.inputs.length === 2 && node.outputs.length === 1) {
    if (node.kernelName === tf.Add) return add;
    if (node.kernelName === tf.Sub) return sub;
    if (node.kernelName === tf.Multiply) return multiply;
  }
  if (node.kernelName === tf.BatchMatMul) {
    const { transposeA, transposeB } = node.attrs as unknown as tf.BatchMatMulAttrs;
    return transposeA || transposeB ? null : flush ? matMul : matMulUnflushed;
  }
  return null;
}
