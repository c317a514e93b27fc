/**
 * Forward mode for a kernel without a tangent rule, from its gradient alone:
 * u -> J'u (the table's gradFunc with dy = u) is linear, so
 *   J dx = d/du <J'u, dx>
 * (the double-vjp trick, applied to this one node: a small tape over the
 * gradient function, no forward pass). Every kernel with a registered
 * gradient gets forward mode this way.
 */
import * as tf from '@tensorflow/tfjs-core';
import { nodeGradient } from '../tape/replay.js';
import type { TangentRule } from './rule.js';

/** The double-vjp tangent rule, for any kernel with a registered gradient. */
export const fallbackTangent: TangentRule = (trace, node, dxs) => {
  const us = node.outputs.map((y) => tf.zeros(y.shape));
  const pairing = (): tf.Scalar => {
    const thunks = nodeGradient(node, us);
    const terms: tf.Tensor[] = [];
    dxs.forEach((dx, k) => {
      if (dx === null) return;
      const thunk = thunks[node.inputNames[k]];
      if (thunk === undefined) throw new Error(`gradient of ${node.kernelName} has no entry for input '${node.inputNames[k]}'`);
      terms.push(tf.sum(tf.mul(thunk(), dx)));
    });
    return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  };
  // allowNoGradients: an output no input tangent reaches has a zero tangent.
  const { grads } = tf.engine().gradients(pairing, us, undefined, true);
  return node.outputs.map((y, j) => (grads[j] == null || !trace.isActive(y.id) ? null : grads[j]));
};
