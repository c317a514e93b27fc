/**
 * Tangent rules of nonlinear kernels (product rule and chain rule), written
 * with the saved inputs and outputs of the trace and point caches.
 */
import * as tf from '@tensorflow/tfjs-core';
import { combine } from '../broadcast.js';
import { nonlinearRuleTable } from '../kernel-families.js';
import { slope, transposeLast, transposedInput } from '../tape/point-cache.js';
import type { Trace, TraceNode } from '../tape/tape.js';
import type { TangentRule } from './rule.js';

/** y = f(x) elementwise: dy = f'(x) .* dx. */
const elementwise: TangentRule = (trace, node, [dx]) => [tf.mul(slope(trace, node), dx as tf.Tensor)];

/** y = a .* b: dy = da .* b + a .* db (each term already has the output's shape). */
const multiply: TangentRule = (_trace, node, [da, db]) => {
  const [a, b] = node.inputs;
  return [combine(da === null ? null : tf.mul(da, b), db === null ? null : tf.mul(a, db), 1, node.outputs[0].shape)];
};

/** y = a / b: dy = (da - y .* db) / b. */
const realDiv: TangentRule = (_trace, node, [da, db]) => {
  const b = node.inputs[1];
  const y = node.outputs[0];
  const numerator = combine(da, db === null ? null : tf.mul(y, db), -1, y.shape);
  return [tf.div(numerator as tf.Tensor, b)];
};

/** y = (a - b)^2: dy = 2 (a - b) .* (da - db), with 2 (a - b) cached at the point. */
const squaredDifference: TangentRule = (trace, node, [da, db]) => {
  const [a, b] = node.inputs;
  const twice = trace.memo(node, 'twiceDifference', () => tf.mul(tf.sub(a, b), 2));
  return [tf.mul(twice, combine(da, db, -1, node.outputs[0].shape) as tf.Tensor)];
};

/**
 * C = op(A) op(B), op = transpose when the recorded flag says so:
 * dC = op(dA) op(B) + op(A) op(dB). Every product is an untransposed matMul
 * (transposeA/B run 10-15x slower on WASM); op of a saved operand is cached.
 */
const batchMatMul: TangentRule = (trace, node, [da, db]) => {
  const { transposeA, transposeB } = node.attrs as unknown as tf.BatchMatMulAttrs;
  const opA = (x: tf.Tensor | null): tf.Tensor => (x === null ? savedOp(trace, node, 0, transposeA) : transposeA ? transposeLast(x) : x);
  const opB = (x: tf.Tensor | null): tf.Tensor => (x === null ? savedOp(trace, node, 1, transposeB) : transposeB ? transposeLast(x) : x);
  const first = da === null ? null : tf.matMul(opA(da), opB(null));
  const second = db === null ? null : tf.matMul(opA(null), opB(db));
  return [combine(first, second, 1, node.outputs[0].shape)];
};

function savedOp(trace: Trace, node: TraceNode, k: number, transposed: boolean): tf.Tensor {
  return transposed ? transposedInput(trace, node, k) : node.inputs[k];
}

/** s = softmax(x) on the last axis: ds = s .* (dx - <s, dx>), s the saved output. */
const softmax: TangentRule = (_trace, node, [dx]) => {
  const s = node.outputs[0];
  const { dim } = node.attrs as unknown as tf.SoftmaxAttrs;
  const d = dx as tf.Tensor;
  return [tf.mul(s, tf.sub(d, tf.sum(tf.mul(s, d), dim, true)))];
};

/** The tangent rules of the nonlinear kernels with closed forms, by kernel name. */
export const nonlinearTangentRules: ReadonlyMap<string, TangentRule> = nonlinearRuleTable<TangentRule>({
  elementwise, multiply, realDiv, squaredDifference, batchMatMul, softmax,
});
