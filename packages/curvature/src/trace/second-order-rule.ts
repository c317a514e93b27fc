import type * as tf from '@tensorflow/tfjs-core';
import type { Adjoints } from './adjoints.js';
import type { Trace, TraceNode } from './tape.js';

/**
 * The Hessian's second-order term of one node (Pearlmutter 1994, the R-op of
 * the backward pass): with ybar the node's adjoints at the point and dx the
 * input tangents, the term added to input k's R-cotangent is
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
