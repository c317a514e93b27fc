/**
 * Quantities of a recorded node that depend on the point alone, not on the
 * vector of a product: computed on first use, kept by the trace (Trace.memo)
 * and shared by every later product at that point.
 *
 * Elementwise kernels y = f(x) (kernel-families.ts) have a diagonal Jacobian,
 * diag f'(x): the tangent is f'(x) .* dx, the cotangent f'(x) .* dy, and the
 * Hessian's second-order term dy .* f''(x) .* dx (Pearlmutter 1994). f' comes
 * from the saved output for the common activations and otherwise from the
 * gradient table itself (gradFunc with dy = 1); f'' by differentiating that
 * slope once more through the table, which is correct at second order
 * (gradients/builders.ts). MatMul's rules read the transposes of its saved
 * operands, cached here too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { nodeGradient } from './replay.js';
import type { Trace, TraceNode } from './tape.js';

/** f' in terms of the saved output y, where that is cheaper than the table's recomputation from x. */
const FROM_OUTPUT: ReadonlyMap<string, (y: tf.Tensor) => tf.Tensor> = new Map([
  [tf.Tanh, (y: tf.Tensor) => tf.sub(1, tf.square(y))], // 1 - tanh^2
  [tf.Sigmoid, (y: tf.Tensor) => tf.mul(y, tf.sub(1, y))], // s (1 - s)
  [tf.Exp, (y: tf.Tensor) => tf.clone(y)], // e^x
]);

/** f'(x) of an elementwise node. */
export function slope(trace: Trace, node: TraceNode): tf.Tensor {
  return trace.memo(node, 'slope', () => {
    const fromOutput = FROM_OUTPUT.get(node.kernelName);
    if (fromOutput !== undefined) return fromOutput(node.outputs[0]);
    const thunks = nodeGradient(node, [tf.ones(node.outputs[0].shape)]);
    return thunks.x();
  });
}

/** f'' in terms of the saved output y for the common activations. */
const SECOND_FROM_OUTPUT: ReadonlyMap<string, (y: tf.Tensor) => tf.Tensor> = new Map([
  [tf.Tanh, (y: tf.Tensor) => tf.mul(tf.mul(y, -2), tf.sub(1, tf.square(y)))], // -2 t (1 - t^2)
  [tf.Sigmoid, (y: tf.Tensor) => tf.mul(tf.mul(y, tf.sub(1, y)), tf.sub(1, tf.mul(y, 2)))], // s (1 - s)(1 - 2s)
  [tf.Exp, (y: tf.Tensor) => tf.clone(y)],
]);

/** f''(x) of an elementwise node (zero for piecewise-linear ones). */
export function secondSlope(trace: Trace, node: TraceNode): tf.Tensor {
  return trace.memo(node, 'second', () => {
    const fromOutput = SECOND_FROM_OUTPUT.get(node.kernelName);
    if (fromOutput !== undefined) return fromOutput(node.outputs[0]);
    const x = node.inputs[0];
    // The vjp of x -> f'(x) (the table's slope, which reads only x) with dy = 1
    // is f''(x), the slope being elementwise.
    const { grads } = tf.engine().gradients(
      () => nodeGradient(node, [tf.ones(node.outputs[0].shape)]).x(),
      [x],
      tf.ones(x.shape),
      true,
    );
    return grads[0] ?? tf.zeros(x.shape);
  });
}

/** Transpose of the last two axes (the matrix axes of a batch of matrices). */
export function transposeLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = x.rank;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(x, perm);
}

/** The recorded input k of a node with its last two axes transposed (a saved activation or weight). */
export function transposedInput(trace: Trace, node: TraceNode, k: number): tf.Tensor {
  return trace.memo(node, `T${k}`, () => transposeLast(node.inputs[k]));
}
