/**
 * The forward sweep over a recorded trace: J v by forward-mode
 * differentiation (Pearlmutter's R-operator), without a forward pass.
 *
 * The sources' tangents are given; every tensor that is not active (the
 * batch, constants, comparison masks) has tangent zero, which is kept
 * symbolic: a node none of whose inputs has a tangent is skipped, and rules
 * receive null for absent tangents. Only the nodes in `needed` run (those on
 * a path to the outputs asked for).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Trace, TensorMap } from '../tape/tape.js';
import { tangentRule } from './rule.js';

/** Which nodes the forward sweep runs, and with which rules. */
export interface ForwardOptions {
  /** Indices of the nodes to run (default: all). */
  readonly needed?: ReadonlySet<number>;
  /** Closed-form tangent rules where they exist (default); false: the double-vjp fallback for every node. */
  readonly rules?: boolean;
}

/** Tangents of every tensor reached from the sources, whose tangents are `vs` (shaped like them; null = zero). */
export function forward(trace: Trace, vs: readonly (tf.Tensor | null)[], options: ForwardOptions = {}): TensorMap {
  const tangents: TensorMap = new Map();
  trace.sources.forEach((s, k) => {
    const v = vs[k];
    if (v !== null && v !== undefined) tangents.set(s.id, v);
  });
  for (const node of trace.nodes) {
    if (options.needed !== undefined && !options.needed.has(node.index)) continue;
    if (!node.outputs.some((y) => trace.isActive(y.id))) continue;
    const dxs = node.inputs.map((x) => tangents.get(x.id) ?? null);
    if (dxs.every((dx) => dx === null)) continue;
    const dys = tangentRule(node, options.rules ?? true)(trace, node, dxs);
    node.outputs.forEach((y, j) => {
      const dy = dys[j];
      if (dy !== null && dy !== undefined && trace.isActive(y.id)) tangents.set(y.id, dy);
    });
  }
  return tangents;
}

/** Indices of the nodes on a path from the sources to the tensors `targets` (by id). */
export function nodesLeadingTo(trace: Trace, targets: readonly number[]): Set<number> {
  const wanted = new Set(targets);
  const needed = new Set<number>();
  for (let i = trace.nodes.length - 1; i >= 0; i--) {
    const node = trace.nodes[i];
    if (!node.outputs.some((y) => wanted.has(y.id) && trace.isActive(y.id))) continue;
    needed.add(i);
    for (const x of node.inputs) if (trace.isActive(x.id)) wanted.add(x.id);
  }
  return needed;
}
