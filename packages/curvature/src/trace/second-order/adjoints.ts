/**
 * The adjoints of a point: the cotangent of every traced tensor for fixed
 * output cotangents (for the Hessian, those of the loss gradient). They do
 * not depend on the vector of a product, so they are computed once by one
 * backward sweep and kept, together with quantities derived from them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { memoTable } from '../tape/memo.js';
import type { TensorMap, TraceNode } from '../tape/tape.js';

/** The adjoints of a point, kept until dispose(). */
export interface Adjoints {
  /** Indices of the outputs (of the linearization) the seeds were given for. */
  readonly seeded: readonly number[];
  /** The adjoint of the traced tensor with this id (undefined: none reaches it). */
  get(id: number): tf.Tensor | undefined;
  /** A tensor derived from the adjoints and the point, computed once and kept. */
  memo(node: TraceNode, key: string, make: () => tf.Tensor): tf.Tensor;
  /** Releases the adjoints and every memo. */
  dispose(): void;
}

/** Keeps the tensors of `map` (made inside a tf.tidy) as the adjoints. */
export function keepAdjoints(map: TensorMap, seeded: readonly number[]): Adjoints {
  const kept = new Map<number, tf.Tensor>();
  for (const [id, t] of map) kept.set(id, tf.keep(t));
  const memos = memoTable();
  return {
    seeded: Object.freeze([...seeded]),
    get: (id) => kept.get(id),
    memo: memos.memo,
    dispose() {
      // One tensor may be the adjoint of several ids (a rule may pass a cotangent through).
      new Set([...kept.values(), ...memos.tensors()]).forEach((t) => t.dispose());
      kept.clear();
      memos.clear();
    },
  };
}
