import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { curvatureAt, functionalModel, sigmoidCrossEntropy, softmaxCrossEntropy, squaredError } from '@hessian-free/curvature';
import { useBackend } from './helpers/backend.js';
import { tfMlp } from './helpers/models.js';

const [N, D, H, K] = [4, 3, 5, 3];
const model = tfMlp(D, H, K);
const theta = new Float32Array(model.numParams).fill(0.1);

describe('bad input: a clear error naming the argument, nothing left behind', () => {
  let inputs: tf.Tensor;
  let labels: Int32Array;
  beforeAll(async () => {
    await useBackend('cpu');
    inputs = tf.ones([N, D]);
    labels = Int32Array.of(0, 1, 2, 0);
  });
  afterAll(() => inputs.dispose());

  const rejects = (run: () => unknown, message: RegExp): void => {
    const before = tf.memory().numTensors;
    expect(run).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
  };

  test('theta', () => {
    rejects(() => curvatureAt(model, softmaxCrossEntropy, new Float32Array(3), { inputs, targets: labels }), /theta must have length 38/);
    const bad = theta.slice();
    bad[5] = NaN;
    rejects(() => curvatureAt(model, softmaxCrossEntropy, bad, { inputs, targets: labels }), /theta must be finite, but element 5/);
    rejects(() => curvatureAt(model, softmaxCrossEntropy, [1, 2] as unknown as Float32Array, { inputs, targets: labels }), /theta must be a Float32Array/);
  });

  test('inputs', () => {
    const nan = tf.tensor2d([[1, 2, 3], [4, Infinity, 6]]);
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs: nan, targets: Int32Array.of(0, 1) }), /inputs must be finite/);
    nan.dispose();
    const wrongWidth = tf.ones([N, D + 1]);
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs: wrongWidth, targets: labels }), /./);
    wrongWidth.dispose();
  });

  test('targets: batch size, shape, range, values', () => {
    const short = tf.tensor1d([0, 1], 'int32');
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: short }), /targets must have the batch size of inputs \(4\)/);
    short.dispose();
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: Int32Array.of(0, 1) }), /targets \(labels\) must have 4 elements/);
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: Int32Array.of(0, 1, 3, 0) }), /targets \(labels\): element 2 is 3, outside the class range \[0, 3\)/);
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: Int32Array.of(0, -1, 2, 0) }), /element 1 is -1/);
    const notDistributions = tf.ones([N, K]);
    rejects(() => curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: notDistributions }), /targets: each row must sum to 1/);
    notDistributions.dispose();
    const wrongShape = tf.zeros([N, K + 1]);
    rejects(() => curvatureAt(model, squaredError, theta, { inputs, targets: wrongShape }), /targets must have the outputs' shape \[4, 3\], got \[4, 4\]/);
    wrongShape.dispose();
    rejects(() => curvatureAt(model, squaredError, theta, { inputs, targets: Float32Array.of(1, NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) }), /targets must be finite, but element 1/);
    rejects(() => curvatureAt(model, sigmoidCrossEntropy, theta, { inputs, targets: new Float32Array(N * K).fill(2) }), /targets must lie in \[0, 1\]/);
  });

  test('model and operator arguments', () => {
    expect(() => functionalModel({ shapes: [[3, 0]], forward: (p) => p[0] })).toThrow(/shapes\[0\] must be an array of positive integers/);
    const at = curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets: labels });
    expect(() => at.structuralDamping()).toThrow(/structuralDamping: the model's forward must return \{ output, hidden \}/);
    expect(() => at.dampedGaussNewton(0.5)).toThrow(/dampedGaussNewton: the model's forward must return \{ output, hidden \}/);
    expect(at.dampedGaussNewton(0).positiveSemidefinite).toBe(true); // weight 0: the Gauss-Newton matrix, hidden states or not
    expect(() => at.dampedGaussNewton(-1)).toThrow(new RangeError('dampedGaussNewton: weight must be a finite number >= 0, got -1'));
    expect(() => at.dampedGaussNewton(NaN)).toThrow(RangeError);
    expect(() => at.dampedGaussNewton(Infinity)).toThrow(/weight must be a finite number >= 0, got Infinity/);
    expect(() => at.dampedGaussNewton('1' as unknown as number)).toThrow(
      new TypeError('dampedGaussNewton: weight must be a finite number >= 0, got the string "1"'),
    );
    expect(() => at.fisher({ kind: 'exact' as 'true' })).toThrow(/options.kind must be/);
    const G = at.gaussNewton();
    expect(() => G.apply(new Float32Array(3), new Float32Array(model.numParams))).toThrow(/x must have length 38/);
    at.dispose();
    expect(() => G.apply(theta, new Float32Array(model.numParams))).toThrow(/used after dispose/);
    expect(() => at.hessian()).toThrow(/used after dispose/);
    expect(() => at.dampedGaussNewton(1)).toThrow(/used after dispose/);
  });
});
