import { ensureGradients } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import type { MinimizeCallbacks, TensorObjective } from './types.js';

/**
 * Callbacks for a TensorFlow.js function f(x: Tensor1D) -> Scalar, with the
 * gradient by reverse-mode autodiff and Hessian-vector products by
 * Pearlmutter's trick, H v = grad_x <grad_x f(x), v> (double backprop, which
 * needs the second-order-correct gradients `ensureGradients` registers).
 * Points are converted to float32 at the boundary: tfjs's WASM and cpu
 * backends compute in float32. Every call disposes the tensors it makes,
 * also when f returns something other than a scalar (a TypeError).
 */
export function tensorCallbacks(f: TensorObjective, n: number): MinimizeCallbacks {
  ensureGradients();
  const x32 = new Float32Array(n);
  const v32 = new Float32Array(n);
  // f's result is checked where f runs, which is often inside a gradient
  // tape; tfjs frees the tensors a tape saved only when its backward pass
  // ends, so throwing there would leak them (and leave the tape behind).
  // Instead a wrong result is replaced by 0 * sum(x^2), a scalar that
  // depends on x to second order (so that the Hessian-vector product's outer
  // tape finds a path too) and lets the tape finish; the error is thrown once
  // it has.
  let wrongResult: string | null = null;
  const scalar = (x: tf.Tensor): tf.Scalar => {
    const y: unknown = f(x as tf.Tensor1D);
    if (y instanceof tf.Tensor && y.rank === 0) return y as tf.Scalar;
    wrongResult ??= y instanceof tf.Tensor ? `a tensor of shape [${y.shape.join(', ')}]` : typeof y;
    return tf.mul(tf.sum(tf.square(x)), 0);
  };
  /** Runs one evaluation; throws if f returned something other than a scalar in it. */
  const checked = <T>(evaluate: () => T): T => {
    wrongResult = null;
    const result = evaluate();
    if (wrongResult !== null) {
      const got = wrongResult;
      wrongResult = null;
      throw new TypeError(`minimize: f must return a scalar tf.Tensor (rank 0), got ${got}`);
    }
    return result;
  };
  const grad = tf.grad(scalar);
  const point = (x: Float64Array): tf.Tensor1D => {
    x32.set(x);
    return tf.tensor1d(x32);
  };
  return {
    value: (x) => checked(() => tf.tidy(() => scalar(point(x)).dataSync()[0])),
    gradient: (x, g) =>
      checked(() =>
        tf.tidy(() => {
          g.set(grad(point(x)).dataSync());
        }),
      ),
    valueAndGradient: (x, g) =>
      checked(() =>
        tf.tidy(() => {
          const { value, grad: gx } = tf.valueAndGrad(scalar)(point(x));
          g.set(gx.dataSync());
          return value.dataSync()[0];
        }),
      ),
    hessianVector: (x, v, out) =>
      checked(() =>
        tf.tidy(() => {
          v32.set(v);
          const vt = tf.tensor1d(v32);
          const hv = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(grad(u), vt)))(point(x));
          out.set(hv.dataSync());
        }),
      ),
  };
}
