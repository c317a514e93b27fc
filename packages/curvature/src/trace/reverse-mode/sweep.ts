/**
 * The reverse sweep over a recorded trace: J' w without a forward pass.
 *
 * Cotangents start at the seeded tensors and flow backwards through every
 * node that has an active input (one that depends on the sources) and an
 * output with a cotangent, so only nodes on a path from the sources to the
 * seeds run; of a node's inputs, only the active ones get a cotangent (the
 * gradient with respect to the batch is never formed). A node's rule is its
 * entry in rule.ts, else the registered gradient table's gradFunc.
 * Cotangents reaching one tensor along several paths are summed; those of
 * the sources, once, when the sweep ends (source-sums.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { nodeGradient } from '../tape/replay.js';
import type { Trace, TensorMap, TraceNode } from '../tape/tape.js';
import { cotangentRule } from './rule.js';
import { SourceSums } from './source-sums.js';

/** What the reverse sweep adds, which rules it uses and which cotangents it computes. */
export interface BackwardOptions {
  /**
   * Extra cotangents of a node's inputs (aligned with node.inputs; null =
   * none), added to the chain rule's: the Hessian's second-order terms.
   */
  readonly extra?: (node: TraceNode) => readonly (tf.Tensor | null)[] | null;
  /** Use rule.ts's rules where one exists (default); false: the gradient table for every node. */
  readonly rules?: boolean;
  /** Compute cotangents only for tensors with these ids (default: every active tensor). */
  readonly only?: ReadonlySet<number>;
  /**
   * Sum the sources' cotangents once, when the sweep ends (default, with the
   * rules; source-sums.ts); false: add each contribution as it comes, the
   * node-by-node reference for tests and bench/source-sums.mjs.
   */
  readonly sumSources?: boolean;
  /**
   * Flush the subnormals of a cotangent before the rules' matMuls (default;
   * gradients/subnormals.ts); false: use it as it is, the reference for tests
   * and bench/subnormals.mjs. (The gradient table's matMul always flushes.)
   */
  readonly flushSubnormals?: boolean;
}

/**
 * Sweeps backwards from `seeds` (output tensor id -> cotangent, shaped like
 * that tensor) and returns the accumulated cotangent of every tensor reached,
 * the sources included. Runs inside the caller's tf.tidy.
 */
export function backward(trace: Trace, seeds: TensorMap, options: BackwardOptions = {}): TensorMap {
  const cot: TensorMap = new Map(seeds);
  const useRules = options.rules ?? true;
  const sums = useRules && (options.sumSources ?? true) ? new SourceSums(trace) : null;
  const flush = options.flushSubnormals ?? true;
  for (let i = trace.nodes.length - 1; i >= 0; i--) {
    const node = trace.nodes[i];
    const wanted = node.inputs.map((x) => trace.isActive(x.id) && (options.only === undefined || options.only.has(x.id)));
    if (!wanted.some(Boolean)) continue;
    const dys = node.outputs.map((y) => cot.get(y.id) ?? null);
    const hasDy = dys.some((d) => d !== null);
    const extra = options.extra?.(node) ?? null;
    if (!hasDy && extra === null) continue;
    // A bias broadcast over the batch: its column sum waits for the sweep's end.
    const deferred = sums?.deferBias(node, dys[0] ?? null, wanted) ?? -1;
    const ruleWanted = deferred < 0 ? wanted : wanted.map((w, k) => w && k !== deferred);
    const dxs = hasDy && ruleWanted.some(Boolean) ? nodeCotangents(trace, node, dys, ruleWanted, useRules, flush) : node.inputs.map(() => null);
    node.inputs.forEach((x, k) => {
      if (!wanted[k]) return;
      const e = extra?.[k] ?? null;
      const dx = dxs[k] === null ? e : e === null ? dxs[k] : tf.add(dxs[k] as tf.Tensor, e);
      if (dx === null) return;
      if (sums?.isSource(x.id)) {
        sums.add(x.id, dx);
        return;
      }
      const before = cot.get(x.id);
      cot.set(x.id, before === undefined ? dx : tf.add(before, dx));
    });
  }
  sums?.flush(cot);
  return cot;
}

/** dx_k = J_k' dy for the wanted inputs of one node. */
function nodeCotangents(
  trace: Trace,
  node: TraceNode,
  dys: readonly (tf.Tensor | null)[],
  wanted: readonly boolean[],
  useRules: boolean,
  flush: boolean,
): (tf.Tensor | null)[] {
  const rule = useRules ? cotangentRule(node, flush) : null;
  const dxs = rule !== null ? rule(trace, node, dys, wanted) : tableCotangents(node, dys, wanted);
  dxs.forEach((dx, k) => {
    if (dx === null || !wanted[k]) return;
    const x = node.inputs[k];
    if (!tf.util.arraysEqual(dx.shape, x.shape)) {
      throw new Error(
        `gradient of ${node.kernelName}: input '${node.inputNames[k]}' got a cotangent of shape [${dx.shape}], expected [${x.shape}]`,
      );
    }
  });
  return dxs;
}

/** dx_k = J_k' dy by the node's entry in the gradient table. */
function tableCotangents(node: TraceNode, dys: readonly (tf.Tensor | null)[], wanted: readonly boolean[]): (tf.Tensor | null)[] {
  const thunks = nodeGradient(node, dys);
  return node.inputs.map((_, k) => {
    if (!wanted[k]) return null;
    const name = node.inputNames[k];
    const thunk = thunks[name];
    if (thunk === undefined) {
      throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}. Available gradients: ${Object.keys(thunks)}.`);
    }
    return tf.tidy(thunk);
  });
}
