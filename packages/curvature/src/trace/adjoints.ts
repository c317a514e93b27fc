/**
 * The adjoints of a point: the cotangent of every traced tensor for fixed
 * output cotangents (for the Hessian, those of the loss gradient). They do
 * not depend on the vector of a product, so they are computed once by one
 * backward sweep and kept, together with quantities derived from them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TensorMap } from './backward.js';
import type { TraceNode } from './tape.js';

export interface Adjoints {
  /** Ids of the traced tensors the seeds were given for. */
  readonly seeded: readonly number[];
  get(id: number): tf.Tensor | undefined;
  /** A tensor derived from the adjoints and the point, computed once and kept. */
  memo(node: TraceNode, key: string, make: () => tf.Tensor): tf.Tensor;
  dispose(): void;
}

/** Keeps the tensors of `map` (made inside a tf.tidy) as the adjoints. */
export function keepAdjoints(map: TensorMap, seeded: readonly number[]): Adjoints {
  const kept = new Map<number, tf.Tensor>();
  for (const [id, t] of map) kept.set(id, tf.keep(t));
  const memos = new Map<string, tf.Tensor>();
  return {
    seeded: Object.freeze([...seeded]),
    get: (id) => kept.get(id),
    memo(node, key, make) {
      const k = `${node.index}:${key}`;
      let t = memos.get(k);
      if (t === undefined) {
        t = tf.keep(tf.tidy(make));
        memos.set(k, t);
      }
      return t;
    },
    dispose() {
      // One tensor may be the adjoint of several ids (a rule may pass a cotangent through).
      new Set([...kept.values(), ...memos.values()]).forEach((t) => t.dispose());
      kept.clear();
      memos.clear();
    },
  };
}
