import { ensureGradients } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import type { MinimizeCallbacks, TensorObjective } from './types.js';

/**
 * Callbacks for a TensorFlow.js function f(x: Tensor1D) -> Scalar, with the
 * gradient by reverse-mode autodiff and Hessian-vector products by
 * Pearlmutter's trick, H v = grad_x <grad_x f(x), v> (double backprop, which
 * needs the second-order-correct gradients `ensureGradients` registers).
 * Points are converted to float32 at the boundary: tfjs's WASM and cpu
 * backends compute in float32. Every call disposes the tensors it makes.
 */
export function tensorCallbacks(f: TensorObjective, n: number): MinimizeCallbacks {
  ensureGradients();
  const x32 = new Float32Array(n);
  const v32 = new Float32Array(n);
  const scalar = (x: tf.Tensor): tf.Scalar => {
    const y: unknown = f(x as tf.Tensor1D);
    if (!(y instanceof tf.Tensor) || y.rank !== 0) {
      const got = y instanceof tf.Tensor ? `a tensor of shape [${y.shape.join(', ')}]` : typeof y;
      throw new TypeError(`minimize: f must return a scalar tf.Tensor (rank 0), got ${got}`);
    }
    return y as tf.Scalar;
  };
  const grad = tf.grad(scalar);
  const point = (x: Float64Array): tf.Tensor1D => {
    x32.set(x);
    return tf.tensor1d(x32);
  };
  return {
    value: (x) => tf.tidy(() => scalar(point(x)).dataSync()[0]),
    gradient: (x, g) => {
      tf.tidy(() => {
        g.set(grad(point(x)).dataSync());
      });
    },
    valueAndGradient: (x, g) =>
      tf.tidy(() => {
        const { value, grad: gx } = tf.valueAndGrad(scalar)(point(x));
        g.set(gx.dataSync());
        return value.dataSync()[0];
      }),
    hessianVector: (x, v, out) => {
      tf.tidy(() => {
        v32.set(v);
        const vt = tf.tensor1d(v32);
        const hv = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(grad(u), vt)))(point(x));
        out.set(hv.dataSync());
      });
    },
  };
}
