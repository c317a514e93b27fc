/**
 * One test case per kernel of the gradient table (several for kernels with
 * broadcasting, transpose flags or axes): an op that runs the kernel, its
 * input shapes and how its inputs are drawn (see gradients-check.ts), and
 * how it curves. Shared by the gradient-table tests and the trace tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { InputKind, Op } from './gradients-check.js';

/**
 * How an op curves, which decides what its second-order test can assert:
 * - smooth: op'' != 0, so Hv of sum(w * op) is compared with FD;
 * - piecewiseLinear: away from kinks op'' = 0, so that Hv must be exactly 0;
 * - linear: the gradient of sum(w * op) does not depend on x at all (tfjs
 *   then refuses a second pass), so only the quadratic loss is tested;
 * - constant: piecewise constant, the gradient must be exactly zero.
 * Every non-constant op also gets Hv of sum(w * op + op^2 / 2) against FD.
 */
export type Curvature = 'smooth' | 'piecewiseLinear' | 'linear' | 'constant';

export interface Case {
  readonly name: string;
  /** The kernel whose gradient the case is about (checked to run). */
  readonly kernel: string;
  readonly op: Op;
  readonly shapes: readonly (readonly number[])[];
  readonly kinds: readonly InputKind[];
  readonly curvature: Curvature;
}

function c(
  kernel: string,
  name: string,
  curvature: Curvature,
  shapes: readonly (readonly number[])[],
  kinds: readonly InputKind[],
  op: Op,
): Case {
  return { kernel, name, curvature, shapes, kinds, op };
}

// Binary ops with the three broadcasting patterns.
const PAIRS: readonly (readonly (readonly number[])[])[] = [
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[3, 1], [1, 4]],
];
function binary(kernel: string, curvature: Curvature, kinds: readonly InputKind[], op: Op): Case[] {
  return PAIRS.map((shapes) => c(kernel, `${kernel} ${JSON.stringify(shapes)}`, curvature, shapes, kinds, op));
}

export const CASES: readonly Case[] = [
  // arithmetic
  ...binary(tf.Add, 'linear', ['normal', 'normal'], (a, b) => tf.add(a, b)),
  c(tf.AddN, 'AddN of three', 'linear', [[2, 3], [2, 3], [2, 3]], ['normal', 'normal', 'normal'], (a, b, d) => tf.addN([a, b, d])),
  ...binary(tf.Sub, 'linear', ['normal', 'normal'], (a, b) => tf.sub(a, b)),
  ...binary(tf.Multiply, 'smooth', ['normal', 'normal'], (a, b) => tf.mul(a, b)),
  ...binary(tf.RealDiv, 'smooth', ['normal', 'positive'], (a, b) => tf.div(a, b)),
  c(tf.Neg, 'Neg', 'linear', [[3, 4]], ['normal'], (x) => tf.neg(x)),
  ...binary(tf.SquaredDifference, 'smooth', ['normal', 'normal'], (a, b) => tf.squaredDifference(a, b)),
  ...binary(tf.Pow, 'smooth', ['positive', 'normal'], (a, b) => tf.pow(a, b)),
  ...binary(tf.Maximum, 'piecewiseLinear', ['grid', 'gridOff'], (a, b) => tf.maximum(a, b)),
  ...binary(tf.Minimum, 'piecewiseLinear', ['grid', 'gridOff'], (a, b) => tf.minimum(a, b)),
  // elementwise math
  c(tf.Square, 'Square', 'smooth', [[3, 4]], ['normal'], (x) => tf.square(x)),
  c(tf.Sqrt, 'Sqrt', 'smooth', [[3, 4]], ['positive'], (x) => tf.sqrt(x)),
  c(tf.Rsqrt, 'Rsqrt', 'smooth', [[3, 4]], ['positive'], (x) => tf.rsqrt(x)),
  c(tf.Reciprocal, 'Reciprocal', 'smooth', [[3, 4]], ['positive'], (x) => tf.reciprocal(x)),
  c(tf.Exp, 'Exp', 'smooth', [[3, 4]], ['normal'], (x) => tf.exp(x)),
  c(tf.Expm1, 'Expm1', 'smooth', [[3, 4]], ['normal'], (x) => tf.expm1(x)),
  c(tf.Log, 'Log', 'smooth', [[3, 4]], ['positive'], (x) => tf.log(x)),
  c(tf.Log1p, 'Log1p', 'smooth', [[3, 4]], ['positive'], (x) => tf.log1p(x)),
  c(tf.Abs, 'Abs', 'piecewiseLinear', [[3, 4]], ['grid'], (x) => tf.abs(x)),
  c(tf.Erf, 'Erf', 'smooth', [[3, 4]], ['normal'], (x) => tf.erf(x)),
  c(tf.Identity, 'Identity (tf.clone)', 'linear', [[3, 4]], ['normal'], (x) => tf.clone(x)),
  c(tf.Cast, 'Cast to float32', 'linear', [[3, 4]], ['normal'], (x) => tf.cast(x, 'float32')),
  c(tf.Cast, 'Cast to int32 and back', 'constant', [[3, 4]], ['grid'], (x) => tf.cast(tf.cast(x, 'int32'), 'float32')),
  // activations
  c(tf.Tanh, 'Tanh', 'smooth', [[3, 4]], ['normal'], (x) => tf.tanh(x)),
  c(tf.Sigmoid, 'Sigmoid', 'smooth', [[3, 4]], ['normal'], (x) => tf.sigmoid(x)),
  c(tf.Softplus, 'Softplus', 'smooth', [[3, 4]], ['normal'], (x) => tf.softplus(x)),
  c(tf.Relu, 'Relu', 'piecewiseLinear', [[3, 4]], ['grid'], (x) => tf.relu(x)),
  // 4 (x + 0.5) maps the grid to points at least 0.4 from both kinks (0 and 6), with some above 6.
  c(tf.Relu6, 'Relu6', 'piecewiseLinear', [[3, 4]], ['grid'], (x) => tf.relu6(tf.mul(tf.add(x, 0.5), 4))),
  c(tf.Elu, 'Elu', 'smooth', [[3, 4]], ['grid'], (x) => tf.elu(x)),
  c(tf.Selu, 'Selu', 'smooth', [[3, 4]], ['grid'], (x) => tf.selu(x)),
  c(tf.LeakyRelu, 'LeakyRelu', 'piecewiseLinear', [[3, 4]], ['grid'], (x) => tf.leakyRelu(x, 0.2)),
  c(tf.Prelu, 'Prelu [3,4] with alpha [4]', 'smooth', [[3, 4], [4]], ['grid', 'normal'], (x, a) => tf.prelu(x, a)),
  c(tf.Softmax, 'Softmax [3,4]', 'smooth', [[3, 4]], ['normal'], (x) => tf.softmax(x)),
  c(tf.Softmax, 'Softmax [2,2,3]', 'smooth', [[2, 2, 3]], ['normal'], (x) => tf.softmax(x)),
  c(tf.ClipByValue, 'ClipByValue', 'piecewiseLinear', [[3, 4]], ['grid'], (x) => tf.clipByValue(x, -0.5, 0.5)),
  // matMul: the four transpose combinations, batched and batch-broadcast
  c(tf.BatchMatMul, 'MatMul A B', 'smooth', [[3, 4], [4, 2]], ['normal', 'normal'], (a, b) => tf.matMul(a, b)),
  c(tf.BatchMatMul, 'MatMul A B^T', 'smooth', [[3, 4], [2, 4]], ['normal', 'normal'], (a, b) => tf.matMul(a, b, false, true)),
  c(tf.BatchMatMul, 'MatMul A^T B', 'smooth', [[4, 3], [4, 2]], ['normal', 'normal'], (a, b) => tf.matMul(a, b, true, false)),
  c(tf.BatchMatMul, 'MatMul A^T B^T', 'smooth', [[4, 3], [2, 4]], ['normal', 'normal'], (a, b) => tf.matMul(a, b, true, true)),
  c(tf.BatchMatMul, 'MatMul batched [2,3,4] [2,4,2]', 'smooth', [[2, 3, 4], [2, 4, 2]], ['normal', 'normal'], (a, b) => tf.matMul(a, b)),
  c(tf.BatchMatMul, 'MatMul batched, transposed', 'smooth', [[2, 4, 3], [2, 2, 4]], ['normal', 'normal'], (a, b) => tf.matMul(a, b, true, true)),
  c(tf.BatchMatMul, 'MatMul batch broadcast [1,3,4] [2,4,2]', 'smooth', [[1, 3, 4], [2, 4, 2]], ['normal', 'normal'], (a, b) => tf.matMul(a, b)),
  // reductions
  c(tf.Sum, 'Sum all', 'linear', [[3, 4]], ['normal'], (x) => tf.sum(x)),
  c(tf.Sum, 'Sum axis 1', 'linear', [[3, 4]], ['normal'], (x) => tf.sum(x, 1)),
  c(tf.Sum, 'Sum axes [0, 2] keepDims', 'linear', [[2, 3, 2]], ['normal'], (x) => tf.sum(x, [0, 2], true)),
  c(tf.Sum, 'Sum axis -1', 'linear', [[3, 4]], ['normal'], (x) => tf.sum(x, -1)),
  c(tf.Mean, 'Mean all', 'linear', [[3, 4]], ['normal'], (x) => tf.mean(x)),
  c(tf.Mean, 'Mean axis 0 keepDims', 'linear', [[3, 4]], ['normal'], (x) => tf.mean(x, 0, true)),
  c(tf.Max, 'Max all', 'piecewiseLinear', [[3, 4]], ['distinct'], (x) => tf.max(x)),
  c(tf.Max, 'Max axis 1', 'piecewiseLinear', [[3, 4]], ['distinct'], (x) => tf.max(x, 1)),
  c(tf.Max, 'Max axis -1 keepDims', 'piecewiseLinear', [[2, 2, 3]], ['distinct'], (x) => tf.max(x, -1, true)),
  c(tf.Min, 'Min all', 'piecewiseLinear', [[3, 4]], ['distinct'], (x) => tf.min(x)),
  c(tf.Min, 'Min axis 0', 'piecewiseLinear', [[3, 4]], ['distinct'], (x) => tf.min(x, 0)),
  // shape ops
  c(tf.Reshape, 'Reshape', 'linear', [[3, 4]], ['normal'], (x) => tf.reshape(x, [2, 6])),
  c(tf.ExpandDims, 'ExpandDims', 'linear', [[3, 4]], ['normal'], (x) => tf.expandDims(x, 1)),
  c(tf.Transpose, 'Transpose [1,2,0]', 'linear', [[2, 3, 4]], ['normal'], (x) => tf.transpose(x, [1, 2, 0])),
  c(tf.Concat, 'Concat axis 1', 'linear', [[2, 1], [2, 3], [2, 2]], ['normal', 'normal', 'normal'], (a, b, d) => tf.concat([a, b, d], 1)),
  c(tf.Concat, 'Concat axis -3', 'linear', [[1, 2, 2], [2, 2, 2]], ['normal', 'normal'], (a, b) => tf.concat([a, b], -3)),
  c(tf.SplitV, 'Split [1,3] axis 1', 'linear', [[3, 4]], ['normal'], (x) => tf.split(x, [1, 3], 1)),
  c(tf.SplitV, 'Split in 2 axis -2', 'linear', [[4, 3]], ['normal'], (x) => tf.split(x, 2, -2)),
  c(tf.Pack, 'Stack axis 1', 'linear', [[2, 3], [2, 3]], ['normal', 'normal'], (a, b) => tf.stack([a, b], 1)),
  c(tf.Unpack, 'Unstack axis 1', 'linear', [[2, 3, 2]], ['normal'], (x) => tf.unstack(x, 1)),
  c(tf.Unpack, 'Unstack into one tensor', 'linear', [[1, 3]], ['normal'], (x) => tf.unstack(x)),
  c(tf.SplitV, 'Split into one tensor', 'linear', [[2, 3]], ['normal'], (x) => tf.split(x, 1, 1)),
  c(tf.Slice, 'Slice', 'linear', [[3, 4]], ['normal'], (x) => tf.slice(x, [1, 1], [2, -1])),
  c(tf.Slice, 'Slice with number begin', 'linear', [[3, 4]], ['normal'], (x) => tf.slice(x, 1, 1)),
  c(tf.PadV2, 'Pad', 'linear', [[3, 4]], ['normal'], (x) => tf.pad(x, [[1, 0], [0, 2]], 0.5)),
  c(tf.Tile, 'Tile', 'linear', [[2, 3]], ['normal'], (x) => tf.tile(x, [2, 3])),
  c(tf.Tile, 'BroadcastTo (runs Tile)', 'linear', [[3, 1]], ['normal'], (x) => tf.broadcastTo(x, [2, 3, 4])),
  c(tf.Select, 'Where', 'linear', [[3, 4], [3, 4]], ['normal', 'normal'], (a, b) =>
    tf.where(tf.tensor2d([[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0]], [3, 4], 'bool'), a, b)),
  // piecewise constant
  ...(
    [
      [tf.Equal, tf.equal],
      [tf.NotEqual, tf.notEqual],
      [tf.Greater, tf.greater],
      [tf.GreaterEqual, tf.greaterEqual],
      [tf.Less, tf.less],
      [tf.LessEqual, tf.lessEqual],
    ] as const
  ).map(([kernel, compare]) =>
    c(kernel, `${kernel} [3,4] vs [4]`, 'constant', [[3, 4], [4]], ['grid', 'gridOff'], (a, b) => compare(a, b))),
  c(tf.LogicalAnd, 'LogicalAnd', 'constant', [[3, 4], [4]], ['grid', 'grid'], (a, b) => tf.logicalAnd(tf.greater(a, 0), tf.less(b, 0))),
  c(tf.LogicalOr, 'LogicalOr', 'constant', [[3, 4], [4]], ['grid', 'grid'], (a, b) => tf.logicalOr(tf.greater(a, 0), tf.less(b, 0))),
  c(tf.LogicalNot, 'LogicalNot', 'constant', [[3, 4]], ['grid'], (x) => tf.logicalNot(tf.greater(x, 0))),
  c(tf.Floor, 'Floor', 'constant', [[3, 4]], ['grid'], (x) => tf.floor(x)),
  c(tf.Ceil, 'Ceil', 'constant', [[3, 4]], ['grid'], (x) => tf.ceil(x)),
  c(tf.Round, 'Round', 'constant', [[3, 4]], ['grid'], (x) => tf.round(x)),
  c(tf.Sign, 'Sign', 'constant', [[3, 4]], ['grid'], (x) => tf.sign(x)),
  c(tf.Step, 'Step', 'constant', [[3, 4]], ['grid'], (x) => tf.step(x, 0.3)),
  c(tf.IsNan, 'IsNan', 'constant', [[3, 4]], ['normal'], (x) => tf.isNaN(x)),
  c(tf.IsInf, 'IsInf', 'constant', [[3, 4]], ['normal'], (x) => tf.isInf(x)),
  c(tf.IsFinite, 'IsFinite', 'constant', [[3, 4]], ['normal'], (x) => tf.isFinite(x)),
  c(tf.OnesLike, 'OnesLike', 'constant', [[3, 4]], ['normal'], (x) => tf.onesLike(x)),
  c(tf.ZerosLike, 'ZerosLike', 'constant', [[3, 4]], ['normal'], (x) => tf.zerosLike(x)),
  c(tf.ArgMax, 'ArgMax', 'constant', [[3, 4]], ['distinct'], (x) => tf.argMax(x, 1)),
  c(tf.ArgMin, 'ArgMin', 'constant', [[3, 4]], ['distinct'], (x) => tf.argMin(x, 0)),
];
