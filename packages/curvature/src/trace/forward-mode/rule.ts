/**
 * The tangent rule of a node (forward mode, Pearlmutter's R-operator): a
 * closed form keyed by kernel name (linear-rules.ts, nonlinear-rules.ts),
 * else the local double-vjp fallback (fallback.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Trace, TraceNode } from '../tape/tape.js';
import { fallbackTangent } from './fallback.js';
import { linearTangentRules } from './linear-rules.js';
import { nonlinearTangentRules } from './nonlinear-rules.js';

/**
 * Forward mode for one node: output tangents J dx from the input tangents
 * (null = zero: a constant input, or one with no path from the sources; at
 * least one is present). Returns one entry per output, null where the
 * output's tangent is zero.
 */
export type TangentRule = (trace: Trace, node: TraceNode, dxs: readonly (tf.Tensor | null)[]) => (tf.Tensor | null)[];

/** The node's rule: its closed form, or the fallback (always the fallback when `useRules` is false, a reference for tests). */
export function tangentRule(node: TraceNode, useRules = true): TangentRule {
  if (!useRules) return fallbackTangent;
  return linearTangentRules.get(node.kernelName) ?? nonlinearTangentRules.get(node.kernelName) ?? fallbackTangent;
}

/** Kernel names with a closed-form tangent rule, sorted. */
export function kernelsWithTangentRules(): string[] {
  return [...linearTangentRules.keys(), ...nonlinearTangentRules.keys()].sort();
}
