import * as tf from '@tensorflow/tfjs-core';
import { parameterTensors, type FunctionalModel } from './model.js';
import { forward, nodesLeadingTo } from './trace/forward-mode/sweep.js';
import { backward } from './trace/reverse-mode/sweep.js';
import { keepAdjoints, type Adjoints } from './trace/second-order/adjoints.js';
import { secondOrderRule, secondOrderTerms } from './trace/second-order/rule.js';
import { recordTrace } from './trace/tape/record.js';
import { gradientOf } from './trace/tape/replay.js';
import type { Trace, TensorMap, TraceNode } from './trace/tape/tape.js';

/**
 * A vector over theta as one tensor per source (parameter), each shaped like
 * it: theta is their concatenation. Products take theta-vectors as plain
 * Float32Arrays and return them as parts, so no flat tensor is ever split or
 * concatenated (writeParts copies the parts into a caller's array).
 */
export type Parts = tf.Tensor[];

/**
 * Jacobian products of the map theta -> [output, ...hidden] at one point and
 * batch, from a forward pass recorded once (trace/tape/record.ts). Costs, in units
 * of one forward pass F (a backward pass is ~2F, the matMul count of a dense
 * network):
 *   construction: F (the recorded forward pass);
 *   vjp J'w: one reverse sweep, ~2F, no forward pass;
 *   jvp J v: one forward-mode sweep, ~2F (dA B + A dB per layer; the first
 *     layer's input has no tangent, so it is one product there);
 *   secondOrder (the Hessian): a forward-mode sweep and a reverse sweep with
 *     the nodes' second-order terms (for a dense layer C = A W: C-bar dW'
 *     and dA' C-bar, two more products), ~6F, after one reverse sweep for
 *     the adjoints, kept (once per point).
 * Everything that depends on the point only (activations, slopes f'(x),
 * transposes of saved operands, adjoints) is computed once and kept.
 */
export interface Linearization {
  /** The recorded forward pass the products sweep over. */
  readonly trace: Trace;
  /** The model's outputs at the point, [output, ...hidden] (owned by the linearization). */
  readonly outputs: readonly tf.Tensor[];
  /** J' w = sum_k J_k' w_k for the cotangents given (null skips that output). */
  vjp(cotangents: readonly (tf.Tensor | null)[]): Parts;
  /** [J_k v for k in which]. */
  jvp(v: Float32Array, which: readonly number[]): tf.Tensor[];
  /**
   * The cotangents for output cotangents w (the adjoints) of the traced
   * tensors the second-order terms need, kept until the returned object is
   * disposed.
   */
  adjoints(cotangents: readonly (tf.Tensor | null)[]): Adjoints;
  /**
   * With the adjoints of w = dl/df at the point: the Hessian of l(f(theta))
   * times v, J' R + sum over nodes of their second-order terms, where R are
   * the output cotangents `outputCurvature` returns for the output tangents
   * J v (for the Hessian, H_l J v).
   */
  secondOrder(v: Float32Array, adjoints: Adjoints, outputCurvature: (jv: tf.Tensor[]) => (tf.Tensor | null)[]): Parts;
  /** Throws tfjs's "gradient function not found" error for a kernel on a path from theta to these outputs that has no gradient. */
  checkDifferentiable(which: readonly number[]): void;
  dispose(): void;
}

/**
 * Records the model's forward pass at theta. The parameters are made straight
 * from theta's subarrays and are the trace's sources, so no product splits a
 * flat tensor (on WASM that copies the whole tensor once per piece); a model
 * without traceParams is recorded from one flat theta tensor.
 */
export function linearize(model: FunctionalModel, theta: Float32Array, inputs: tf.Tensor): Linearization {
  const byParams = typeof model.traceParams === 'function';
  // Kept: owned by the linearization until dispose(), even inside a caller's tf.tidy.
  const sources = (byParams ? parameterTensors(model.shapes, theta) : [tf.tensor1d(theta)]).map((t) => tf.keep(t));
  let trace: Trace;
  try {
    trace = recordTrace(sources, () =>
      byParams ? model.traceParams(sources, inputs) : model.trace(sources[0] as tf.Tensor1D, inputs),
    );
  } catch (error) {
    tf.dispose(sources);
    throw error;
  }
  const lin = linearizeTrace(trace);
  return Object.freeze({
    ...lin,
    dispose: () => {
      lin.dispose();
      tf.dispose(sources);
    },
  });
}

/** Which rules linearizeTrace's products use. */
export interface LinearizeOptions {
  /**
   * Use the closed-form tangent, cotangent and second-order rules (default).
   * false: the gradient table and its local double-vjp / double-backprop
   * fallbacks for every node (a reference for tests).
   */
  readonly rules?: boolean;
  /** Sum the sources' cotangents once per reverse sweep (default; see BackwardOptions.sumSources). */
  readonly sumSources?: boolean;
  /** Flush cotangents' subnormals before the reverse sweep's matMuls (default; see BackwardOptions.flushSubnormals). */
  readonly flushSubnormals?: boolean;
}

/**
 * The Jacobian products of a recorded trace, with respect to the flat vector
 * that concatenates its sources (row-major, in order).
 */
export function linearizeTrace(trace: Trace, options: LinearizeOptions = {}): Linearization {
  const rules = options.rules ?? true;
  const sumSources = options.sumSources ?? true;
  const flushSubnormals = options.flushSubnormals ?? true;
  const outputs = trace.results;
  const shapes = trace.sources.map((s) => s.shape);
  const neededCache = new Map<string, Set<number>>();
  const needed = (which: readonly number[]): Set<number> => {
    const key = which.join(',');
    let set = neededCache.get(key);
    if (set === undefined) {
      set = nodesLeadingTo(trace, which.map((k) => outputs[k].id));
      neededCache.set(key, set);
    }
    return set;
  };

  const seedsOf = (cotangents: readonly (tf.Tensor | null)[]): TensorMap => {
    const seeds: TensorMap = new Map();
    cotangents.forEach((w, k) => {
      if (w === null || !trace.isActive(outputs[k].id)) return;
      const id = outputs[k].id;
      const before = seeds.get(id);
      seeds.set(id, before === undefined ? w : tf.add(before, w));
    });
    return seeds;
  };
  // theta-vectors <-> the sources: one upload per piece in, one tensor per source out.
  const sourceOf = (cot: TensorMap): Parts => trace.sources.map((s) => cot.get(s.id) ?? tf.zeros(s.shape));
  const tangentsAt = (v: Float32Array, which: readonly number[]): TensorMap =>
    forward(trace, parameterTensors(shapes, v), { needed: needed(which), rules });

  const vjp = (cotangents: readonly (tf.Tensor | null)[]): Parts =>
    sourceOf(backward(trace, seedsOf(cotangents), { rules, sumSources, flushSubnormals }));

  const jvp = (v: Float32Array, which: readonly number[]): tf.Tensor[] => {
    const tangents = tangentsAt(v, which);
    return which.map((k) => tangents.get(outputs[k].id) ?? tf.zeros(outputs[k].shape));
  };

  // The second-order terms read the adjoints of the outputs of nodes that have
  // such terms; computing those needs the adjoints of everything downstream
  // of them, and of nothing else (not the parameters': that is the gradient).
  let adjointIds: Set<number> | null = null;
  const needsAdjoint = (): Set<number> => {
    if (adjointIds === null) {
      const ids = new Set<number>();
      for (const node of trace.nodes) {
        const downstream = node.inputs.some((x) => ids.has(x.id));
        if (downstream || secondOrderRule(node, rules) !== null) node.outputs.forEach((y) => ids.add(y.id));
      }
      adjointIds = ids;
    }
    return adjointIds;
  };

  const adjoints = (cotangents: readonly (tf.Tensor | null)[]): Adjoints => {
    const seeded = cotangents.flatMap((w, k) => (w === null ? [] : [k]));
    let map: TensorMap = new Map();
    tf.tidy(() => {
      // Seeds are cloned so that the kept map holds no tensor of the caller's.
      const seeds = seedsOf(cotangents.map((w) => (w === null ? null : tf.clone(w))));
      map = backward(trace, seeds, { rules, only: needsAdjoint() });
      map.forEach((t) => tf.keep(t));
    });
    return keepAdjoints(map, seeded);
  };

  const secondOrder = (
    v: Float32Array,
    adj: Adjoints,
    outputCurvature: (jv: tf.Tensor[]) => (tf.Tensor | null)[],
  ): Parts => {
    const which = adj.seeded;
    const tangents = tangentsAt(v, which);
    const jv = which.map((k) => tangents.get(outputs[k].id) ?? tf.zeros(outputs[k].shape));
    const r = outputCurvature(jv);
    const cotangents: (tf.Tensor | null)[] = outputs.map(() => null);
    which.forEach((k, j) => (cotangents[k] = r[j]));
    const terms = (node: TraceNode): (tf.Tensor | null)[] | null => secondOrderTerms(trace, adj, tangents, node, rules);
    return sourceOf(backward(trace, seedsOf(cotangents), { extra: terms, rules, sumSources, flushSubnormals }));
  };

  const checkDifferentiable = (which: readonly number[]): void => {
    for (const i of needed(which)) gradientOf(trace.nodes[i].kernelName);
  };

  return { trace, outputs, vjp, jvp, adjoints, secondOrder, checkDifferentiable, dispose: () => trace.dispose() };
}

/** Copies parts (a theta-vector, one tensor per source) into `out` at consecutive offsets. */
export function writeParts(parts: Parts, out: Float32Array | Float64Array): void {
  let offset = 0;
  for (const part of parts) {
    out.set(part.dataSync() as Float32Array, offset);
    offset += part.size;
  }
}
