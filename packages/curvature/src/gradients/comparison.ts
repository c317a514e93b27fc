/**
 * Comparisons, logical ops and other piecewise-constant kernels: zero
 * gradients. tfjs registers none for the comparisons, which breaks the second
 * backward pass of anything built on a mask (max, relu, clipping, ...).
 */
import * as tf from '@tensorflow/tfjs-core';
import { zeroElementwise, zeroGradient } from './builders.js';

/** Comparisons and binary logical kernels (inputs a and b): computed entry by entry after broadcasting. */
export const COMPARISON_KERNELS: readonly string[] = [
  tf.Equal,
  tf.NotEqual,
  tf.Greater,
  tf.GreaterEqual,
  tf.Less,
  tf.LessEqual,
  tf.LogicalAnd,
  tf.LogicalOr,
];

/** Unary piecewise-constant kernels (input x): their output is shaped like the input and computed entry by entry. */
export const PIECEWISE_CONSTANT_UNARY_KERNELS: readonly string[] = [
  tf.LogicalNot,
  tf.Floor,
  tf.Ceil,
  tf.Round,
  tf.Sign,
  tf.Step,
  tf.IsNan,
  tf.IsInf,
  tf.IsFinite,
  tf.OnesLike,
  tf.ZerosLike,
];

const comparisons = COMPARISON_KERNELS.map((name) => zeroGradient(name, ['a', 'b']));

const piecewiseConstant = PIECEWISE_CONSTANT_UNARY_KERNELS.map(zeroElementwise);

const argExtremes = [tf.ArgMax, tf.ArgMin].map((name) => zeroGradient(name, ['x']));

/** Zero gradients for comparisons, logical and piecewise-constant kernels, so masks are differentiable. */
export const comparisonGradients: readonly tf.GradConfig[] = [...comparisons, ...piecewiseConstant, ...argExtremes];

/**
 * The kernels above: their outputs carry no derivative, so a recorded trace
 * treats them as constants (no tangent, no cotangent).
 */
export const piecewiseConstantKernels: ReadonlySet<string> = new Set(comparisonGradients.map((g) => g.kernelName));
