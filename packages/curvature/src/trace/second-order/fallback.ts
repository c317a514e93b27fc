/**
 * The second-order term of a kernel without a closed form: the
 * Hessian-vector product, along the input tangents dx, of the node's scalar
 * s(x) = <ybar, f(x)> with the adjoints ybar held fixed,
 *   d/dx < grad_x s(x), dx >,
 * by double backprop through the gradient table (correct at second order,
 * see gradients/builders.ts) over this one kernel, re-run on its saved inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { rerun } from '../tape/replay.js';
import type { SecondOrderRule } from './rule.js';

/** The double-backprop second-order rule, for any kernel with a registered gradient. */
export const fallbackSecondOrder: SecondOrderRule = (trace, _adjoints, node, ybar, dxs) => {
  const positions = node.inputs.map((x, k) => (trace.isActive(x.id) ? k : -1)).filter((k) => k >= 0);
  const xs = positions.map((k) => node.inputs[k]);
  const pairing = (): tf.Scalar => {
    const outs = rerun(node, node.inputs);
    const terms = outs.flatMap((y, j) => (ybar[j] == null ? [] : [tf.sum(tf.mul(y, ybar[j] as tf.Tensor))]));
    return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  };
  const directional = (): tf.Scalar => {
    const { grads } = tf.engine().gradients(pairing, xs, undefined, true);
    const terms = positions.flatMap((k, i) => {
      const dx = dxs[k];
      return dx == null || grads[i] == null ? [] : [tf.sum(tf.mul(grads[i], dx))];
    });
    if (terms.length === 0) return tf.scalar(0);
    return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  };
  const { grads } = tf.engine().gradients(directional, xs, undefined, true);
  const out: (tf.Tensor | null)[] = node.inputs.map(() => null);
  positions.forEach((k, i) => (out[k] = grads[i] ?? null));
  return out;
};
