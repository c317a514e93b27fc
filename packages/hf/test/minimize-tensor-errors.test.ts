import '@tensorflow/tfjs-backend-cpu';
import { minimize } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

// minimize evaluates a tfjs f outside a gradient tape (the value at x0),
// inside one (the gradient, value and gradient at trial points) and inside
// two (Hessian-vector products). A bad return value must give the same clear
// error wherever it shows up, and leave no tensor behind and the engine
// usable: tfjs keeps the tensors a tape saved until the backward pass ends,
// so an error thrown in the middle of a tape would leak them.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const sumOfSquares = (x: tf.Tensor1D): tf.Scalar => tf.sum(tf.square(x));

/** f that returns `bad(x)` from its `from`-th call on, sum of squares before. */
function turnsBad(from: number, bad: (x: tf.Tensor1D) => unknown): (x: tf.Tensor1D) => tf.Scalar {
  let calls = 0;
  return (x) => (++calls >= from ? bad(x) : sumOfSquares(x)) as tf.Scalar;
}

describe('a tfjs objective that does not return a scalar', () => {
  // Calls: 1 = the value at x0 (no tape), 2 = the gradient at x0 (a tape),
  // 3 = a Hessian-vector product (nested tapes), 4 = value and gradient at
  // the first trial point (a tape).
  const cases: [string, number, (x: tf.Tensor1D) => unknown, RegExp][] = [
    ['a vector, in the value at x0', 1, (x) => tf.mul(x, 2), /got a tensor of shape \[2\]/],
    ['a vector, in the gradient at x0', 2, (x) => tf.mul(x, 2), /got a tensor of shape \[2\]/],
    ['a vector, in a Hessian-vector product', 3, (x) => tf.mul(x, 2), /got a tensor of shape \[2\]/],
    ['a vector, at a trial point', 4, (x) => tf.mul(x, 2), /got a tensor of shape \[2\]/],
    ['a [1] tensor, in the gradient at x0', 2, (x) => tf.reshape(tf.sum(x), [1]), /got a tensor of shape \[1\]/],
    ['a number, in the gradient at x0', 2, () => 3, /got number/],
  ];
  for (const [name, from, bad, message] of cases) {
    it(`${name}: a clear error, no tensor left behind, ten times over`, () => {
      const before = tf.memory().numTensors;
      for (let k = 0; k < 10; k++) {
        expect(() => minimize(turnsBad(from, bad), Float64Array.of(1, 2))).toThrow(/minimize: f must return a scalar tf\.Tensor \(rank 0\)/);
        expect(() => minimize(turnsBad(from, bad), Float64Array.of(1, 2))).toThrow(message);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('after such errors, a good objective still minimizes and leaks nothing', () => {
    for (let k = 0; k < 3; k++) expect(() => minimize(turnsBad(2, (x) => tf.mul(x, 2)), Float64Array.of(1, 2))).toThrow();
    const before = tf.memory().numTensors;
    const r = minimize(sumOfSquares, Float64Array.of(1, 2));
    expect(r.status).toBe('converged');
    expect(tf.memory().numTensors).toBe(before);
  });
});
