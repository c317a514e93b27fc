/**
 * Float32 subnormals (0 < |x| < 2^-126) flushed to zero before a matMul of
 * cotangents, on the WASM backend. WebAssembly has no flush-to-zero mode, and
 * that backend's matMul runs 20-80 times slower when an operand holds
 * subnormals (bench/subnormals.mjs). A cotangent carried backwards through a
 * long recurrence shrinks geometrically, step after step, and can spend many
 * steps in that range before it underflows to 0: Adam on a tanh RNN at
 * T = 200 spent two thirds of its step time in such products.
 *
 * A cotangent is read back first (on WASM a copy out of its heap, no kernel)
 * and flushed only if it holds a subnormal, so a sweep whose cotangents stay
 * normal pays a scan per product, not two kernels. The flush is
 * (x + 2^-100) - 2^-100 in float32 round-to-nearest. Floats next to 2^-100
 * are 2^-124 apart (below it) and 2^-123 apart (above), so for
 * |x| < 2^-125, every subnormal among them, the sum rounds to 2^-100 and the
 * result is 0; for |x| >= 2^-75 the shift is below a quarter of x's ulp and x
 * comes back exactly; in between the result is a multiple of 2^-124 (normal)
 * within 2^-123 (about 1e-37) or 2 ulps of x, whichever is larger. Both ops
 * have gradients in the table (d/dx = 1), so the flush can be differentiated
 * again. Other backends keep their cotangents as they are: tfjs-cpu computes
 * in float64, and a read-back there would stall a GPU.
 */
import * as tf from '@tensorflow/tfjs-core';

const SHIFT = 2 ** -100;
const SMALLEST_NORMAL = 2 ** -126;

/**
 * The flushed form of each cotangent already looked at (itself when it had no
 * subnormal): a cotangent that feeds several products (a recurrent net's
 * pre-activation feeds x W and h U) is scanned once while it lives.
 */
const flushed = new WeakMap<tf.Tensor, tf.Tensor>();

/** `x` with its float32 subnormals set to 0 on the WASM backend (otherwise, or for other dtypes, `x` itself). */
export function flushSubnormals(x: tf.Tensor): tf.Tensor {
  if (x.dtype !== 'float32' || tf.getBackend() !== 'wasm') return x;
  const known = flushed.get(x);
  if (known !== undefined && !known.isDisposed) return known;
  const y = hasSubnormal(x.dataSync() as Float32Array) ? shifted(x) : x;
  flushed.set(x, y);
  return y;
}

/** Whether any entry is subnormal. */
function hasSubnormal(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a < SMALLEST_NORMAL && a !== 0) return true;
  }
  return false;
}

/** (x + 2^-100) - 2^-100 (rare: only a cotangent that holds a subnormal gets here). */
function shifted(x: tf.Tensor): tf.Tensor {
  return tf.sub(tf.add(x, SHIFT), SHIFT);
}
