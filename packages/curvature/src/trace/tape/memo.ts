/**
 * Tensors derived once per point and kept: keyed by a recorded node and a
 * name, made in tf.tidy on first use and held (tf.keep) until the owner
 * releases them. The trace keeps its point caches (slopes, transposes) in
 * one, the adjoints theirs (quantities derived from the adjoints).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TraceNode } from './tape.js';

/** A memo table; its owner disposes `tensors()` and then calls `clear()`. */
export interface MemoTable {
  /** The tensor under (node, key): made by `make` (inside tf.tidy) on first use, the same tensor afterwards. */
  memo(node: TraceNode, key: string, make: () => tf.Tensor): tf.Tensor;
  /** Every tensor made so far. */
  tensors(): IterableIterator<tf.Tensor>;
  /** Forgets every entry (after the owner disposed them). */
  clear(): void;
}

/** An empty memo table. */
export function memoTable(): MemoTable {
  const memos = new Map<string, tf.Tensor>();
  return {
    memo(node, key, make) {
      const k = `${node.index}:${key}`;
      let t = memos.get(k);
      if (t === undefined) {
        t = tf.keep(tf.tidy(make));
        memos.set(k, t);
      }
      return t;
    },
    tensors: () => memos.values(),
    clear: () => memos.clear(),
  };
}
