import type * as tf from '@tensorflow/tfjs-core';
import type { Trace, TraceNode } from './tape.js';

/**
 * Forward mode for one node (the R-operator of Pearlmutter 1994): output
 * tangents J dx from the input tangents (null = zero: a constant input, or
 * one with no path from the sources; at least one is present). Returns one
 * entry per output, null where the output's tangent is zero.
 */
export type TangentRule = (trace: Trace, node: TraceNode, dxs: readonly (tf.Tensor | null)[]) => (tf.Tensor | null)[];
