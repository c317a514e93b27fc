/**
 * A tensor that the model's forward reads but does not make (one it closes
 * over), disposed by the caller: tfjs fails deep inside the backend with
 * "Cannot read properties of undefined (reading 'backend')". curvatureAt and
 * every product at a point say instead which tensor was disposed (the kernel,
 * its input, the shape), before anything is computed or cached (issue 10,
 * item 13).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { curvatureAt, functionalModel, squaredError } from '@hessian-free/curvature';
import { useBackend, type BackendName } from './helpers/backend.js';

const DISPOSED = /a tensor used by the model's forward was disposed/;
const N = 3;

/** z = (x W) .* scale, with `scale` closed over. */
const scaledModel = (scale: tf.Tensor) =>
  functionalModel({ shapes: [[2, 2]], forward: ([W], x) => tf.mul(tf.matMul(x, W), scale) });

const engineHasOwnRunKernel = (): boolean => Object.prototype.hasOwnProperty.call(tf.engine(), 'runKernel');

describe.each<BackendName>(['cpu', 'wasm'])('a disposed tensor used by the model (%s)', (backend) => {
  beforeAll(() => useBackend(backend));
  const theta = Float32Array.of(1, 2, 3, 4);
  const targets = new Float32Array(N * 2);

  test('curvatureAt: a clear error naming the kernel and input, nothing left behind', () => {
    const scale = tf.tensor1d([1, 2]);
    const model = scaledModel(scale);
    scale.dispose();
    const inputs = tf.ones([N, 2]);
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      curvatureAt(model, squaredError, theta, { inputs, targets });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(DISPOSED);
    expect(message).toMatch(/kernel 'Multiply' \(kernel call 2 of the forward pass\) a disposed tensor \(shape \[2\], float32\) as its input 'b'/);
    expect(message).not.toMatch(/reading 'backend'/);
    expect(tf.memory().numTensors).toBe(before);
    expect(engineHasOwnRunKernel()).toBe(false);
    inputs.dispose();
  });

  test('a parameter disposed by the forward itself is named as the parameter', () => {
    const model = functionalModel({
      shapes: [[2, 2], [2]],
      forward: ([W, b], x) => {
        b.dispose();
        return tf.add(tf.matMul(x, W), b);
      },
    });
    const inputs = tf.ones([N, 2]);
    const before = tf.memory().numTensors;
    expect(() => curvatureAt(model, squaredError, Float32Array.of(1, 2, 3, 4, 5, 6), { inputs, targets })).toThrow(
      /kernel 'Add' .*parameter 1 \(shape \[2\]\), disposed by the model's forward/,
    );
    expect(tf.memory().numTensors).toBe(before);
    inputs.dispose();
  });

  test('disposed after curvatureAt: products, new operators and the diagonal say so, and write nothing', () => {
    const scale = tf.tensor1d([1, 2]);
    const inputs = tf.ones([N, 2]);
    const before = tf.memory().numTensors;
    const at = curvatureAt(scaledModel(scale), squaredError, theta, { inputs, targets });
    const G = at.gaussNewton();
    const H = at.hessian();
    scale.dispose();
    const afterDispose = tf.memory().numTensors;
    const y = new Float32Array(4).fill(7);
    const where = /disposed after the forward pass was recorded: a tensor the model's forward closes over .*shape \[2\], input 'b' of kernel 'Multiply'/;
    for (const op of [G, H]) {
      expect(() => op.apply(theta, y)).toThrow(where);
      expect(Array.from(y)).toEqual([7, 7, 7, 7]);
    }
    expect(() => at.fisher({ kind: 'empirical' })).toThrow(DISPOSED);
    expect(() => at.structuralDamping()).toThrow(DISPOSED);
    expect(() => at.dampedGaussNewton(0)).toThrow(DISPOSED);
    for (const method of ['exact', 'per-example', 'rademacher'] as const) {
      expect(() => at.empiricalFisherDiagonal({ method })).toThrow(where);
    }
    expect(tf.memory().numTensors).toBe(afterDispose);
    at.dispose();
    // `before` counted the scale tensor, disposed since.
    expect(tf.memory().numTensors).toBe(before - 1);
    inputs.dispose();
  });
});
