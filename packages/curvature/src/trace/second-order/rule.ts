/**
 * The Hessian's second-order term of a node (Pearlmutter 1994, the R-op of
 * the backward pass): what a rule computes, which rule a node has, and the
 * term along the tangents of one product. Linear and piecewise-linear kernels
 * have none (f'' = 0 almost everywhere); the nonlinear kernels with closed
 * forms use nonlinear-rules.ts; every other kernel the local double-backprop
 * fallback (fallback.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Trace, TensorMap, TraceNode } from '../tape/tape.js';
import type { Adjoints } from './adjoints.js';
import { fallbackSecondOrder } from './fallback.js';
import { nonlinearSecondOrderRules } from './nonlinear-rules.js';

/**
 * The second-order term of one node: with ybar the node's adjoints at the
 * point and dx the input tangents, the term added to input k's R-cotangent is
 *   sum_j d/dx_k < ybar, (d^2 f / dx_k dx_j) dx_j >  =  d/de [J_k(x + e dx)' ybar]
 * i.e. how the node's gradient changes along dx with ybar held fixed. The
 * chain-rule part, J' R{ybar}, is the ordinary backward sweep's. `dys` are the
 * output tangents (J dx), which some closed forms use. `wanted` flags the
 * inputs that need a term (the active ones). Returns one entry per input
 * (null = zero).
 */
export type SecondOrderRule = (
  trace: Trace,
  adjoints: Adjoints,
  node: TraceNode,
  ybar: readonly (tf.Tensor | null)[],
  dxs: readonly (tf.Tensor | null)[],
  dys: readonly (tf.Tensor | null)[],
  wanted: readonly boolean[],
) => (tf.Tensor | null)[];

/** Kernels whose gradient does not change along any tangent: no second-order term. */
export const NO_SECOND_ORDER: ReadonlySet<string> = new Set([
  // linear
  tf.Add, tf.AddN, tf.Sub, tf.Neg, tf.Identity, tf.Cast, tf.Reshape, tf.ExpandDims, tf.Transpose,
  tf.Slice, tf.SplitV, tf.Unpack, tf.Tile, tf.BroadcastTo, tf.Sum, tf.Mean, tf.Concat, tf.Pack,
  tf.PadV2, tf.Select,
  // piecewise linear
  tf.Relu, tf.Relu6, tf.LeakyRelu, tf.Abs, tf.ClipByValue, tf.Maximum, tf.Minimum, tf.Max, tf.Min,
]);

/** The rule of a node: null when it has no second-order term (with `useRules` false, the fallback for every other kernel). */
export function secondOrderRule(node: TraceNode, useRules = true): SecondOrderRule | null {
  if (NO_SECOND_ORDER.has(node.kernelName)) return null;
  return (useRules ? nonlinearSecondOrderRules.get(node.kernelName) : undefined) ?? fallbackSecondOrder;
}

/** A node's second-order terms along the tangents (null when it has none). */
export function secondOrderTerms(
  trace: Trace,
  adjoints: Adjoints,
  tangents: TensorMap,
  node: TraceNode,
  useRules = true,
): (tf.Tensor | null)[] | null {
  const rule = secondOrderRule(node, useRules);
  if (rule === null) return null;
  const ybar = node.outputs.map((y) => adjoints.get(y.id) ?? null);
  if (ybar.every((t) => t === null)) return null;
  const dxs = node.inputs.map((x) => tangents.get(x.id) ?? null);
  if (dxs.every((t) => t === null)) return null;
  const dys = node.outputs.map((y) => tangents.get(y.id) ?? null);
  const wanted = node.inputs.map((x) => trace.isActive(x.id));
  return rule(trace, adjoints, node, ybar, dxs, dys, wanted);
}
