import '@tensorflow/tfjs-backend-wasm';
import { minimize } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { maxAbsDiff, rosenbrockStart } from './helpers/problems.js';

// The tfjs path on the backend hf ships for, in its own file so that the
// backend choice does not leak into the cpu tests.
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

const rosenbrock = (x: tf.Tensor1D): tf.Scalar =>
  tf.tidy(() => {
    const [a, b] = tf.unstack(x) as tf.Scalar[];
    return tf.add(tf.mul(100, tf.square(tf.sub(b, tf.square(a)))), tf.square(tf.sub(1, a)));
  });

for (const method of ['line-search', 'trust-region'] as const) {
  it(`${method}: 2-D Rosenbrock on the WASM backend`, () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const r = minimize(rosenbrock, rosenbrockStart(2), { method });
    expect(tf.memory().numTensors).toBe(before);
    // Same float32 bound as on cpu: default gtol = 1e-4 gives |x - x*| <~ 3.5e-4.
    expect(r.status).toBe('converged');
    expect(maxAbsDiff(r.x, [1, 1])).toBeLessThanOrEqual(1e-3);
  });
}
