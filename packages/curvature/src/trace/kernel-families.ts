/**
 * The kernel families the closed-form rules are written for. Elementwise
 * kernels y = f(x) have a diagonal Jacobian, diag f'(x) (tape/point-cache.ts
 * caches f' and f''). The nonlinear kernels with closed forms are named once
 * here (`nonlinearRuleTable`), so that the forward-mode and the second-order
 * rule tables cover the same kernels; linear kernels need no second-order
 * rule, and every other kernel goes through a fallback.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Kernels of the gradient table that are elementwise in their one input `x` (diagonal Jacobian). */
export const ELEMENTWISE: ReadonlySet<string> = new Set([
  tf.Tanh,
  tf.Sigmoid,
  tf.Softplus,
  tf.Relu,
  tf.Relu6,
  tf.Elu,
  tf.Selu,
  tf.LeakyRelu,
  tf.ClipByValue,
  tf.Square,
  tf.Sqrt,
  tf.Rsqrt,
  tf.Reciprocal,
  tf.Exp,
  tf.Expm1,
  tf.Log,
  tf.Log1p,
  tf.Abs,
  tf.Erf,
]);

/** One closed-form rule (of any kind R) per nonlinear kernel family that has one. */
export interface NonlinearRules<R> {
  /** Every kernel of ELEMENTWISE. */
  readonly elementwise: R;
  readonly multiply: R;
  readonly realDiv: R;
  readonly squaredDifference: R;
  /** BatchMatMul, every transpose flag. */
  readonly batchMatMul: R;
  readonly softmax: R;
}

/** The rules keyed by tfjs-core kernel name. */
export function nonlinearRuleTable<R>(rules: NonlinearRules<R>): ReadonlyMap<string, R> {
  return new Map<string, R>([
    ...[...ELEMENTWISE].map((name): [string, R] => [name, rules.elementwise]),
    [tf.Multiply, rules.multiply],
    [tf.RealDiv, rules.realDiv],
    [tf.SquaredDifference, rules.squaredDifference],
    [tf.BatchMatMul, rules.batchMatMul],
    [tf.Softmax, rules.softmax],
  ]);
}
