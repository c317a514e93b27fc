import { functionalModel, squaredError } from '@hessian-free/curvature';
import { adam, evaluateLoss, hessianFree, sgdMomentum, type Dataset } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { linearModel, regressionSet, tanhRnn } from './helpers/hf-fixtures.js';

// Bad configuration is a clear error before anything runs: each case throws
// a RangeError or TypeError whose message names the offending argument, and
// leaves no tensors behind (nothing was copied or allocated).

beforeAll(() => useBackend('cpu'));

const set = regressionSet(8, 2, 61);
const model = linearModel(2);
const theta0 = new Float32Array(model.numParams);

type ErrorType = typeof RangeError | typeof TypeError;

/** Runs `make` with a fresh data set; expects `type` with `pattern` in the message and no tensor left behind. */
function expectBad(make: (data: Dataset) => unknown, type: ErrorType, pattern: RegExp): void {
  const inputs = tf.tensor2d(set.x, [set.m, set.d]);
  const targets = tf.tensor2d(set.y, [set.m, 1]);
  const before = tf.memory().numTensors;
  let thrown: unknown = null;
  try {
    make({ inputs, targets });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as Error).message).toMatch(pattern);
  expect(tf.memory().numTensors).toBe(before);
  inputs.dispose();
  targets.dispose();
}

describe('hessianFree: bad options', () => {
  const cases: [string, Record<string, unknown>, ErrorType, RegExp][] = [
    ['negative initialLambda', { initialLambda: -1 }, RangeError, /initialLambda/],
    ['zero initialLambda (LM could never raise it)', { initialLambda: 0 }, RangeError, /initialLambda/],
    ['NaN initialLambda', { initialLambda: NaN }, RangeError, /initialLambda/],
    ['infinite initialLambda', { initialLambda: Infinity }, RangeError, /initialLambda/],
    ['zero gradientBatchSize', { gradientBatchSize: 0 }, RangeError, /gradientBatchSize/],
    ['negative gradientBatchSize', { gradientBatchSize: -4 }, RangeError, /gradientBatchSize/],
    ['non-integer gradientBatchSize', { gradientBatchSize: 2.5 }, RangeError, /gradientBatchSize/],
    ['string gradientBatchSize', { gradientBatchSize: '4' }, RangeError, /gradientBatchSize/],
    ['zero curvatureBatchSize', { curvatureBatchSize: 0 }, RangeError, /curvatureBatchSize/],
    ['negative curvatureBatchSize', { curvatureBatchSize: -1 }, RangeError, /curvatureBatchSize/],
    ['non-integer curvatureBatchSize', { curvatureBatchSize: 1.5 }, RangeError, /curvatureBatchSize/],
    ['unknown curvature kind', { curvature: 'newton' }, RangeError, /curvature/],
    ['warmStartDecay > 1', { warmStartDecay: 1.5 }, RangeError, /warmStartDecay/],
    ['negative warmStartDecay', { warmStartDecay: -0.1 }, RangeError, /warmStartDecay/],
    ['zero maxCgIterations', { maxCgIterations: 0 }, RangeError, /maxCgIterations/],
    ['negative l2', { l2: -1e-3 }, RangeError, /l2/],
    ['negative structuralDampingMu', { structuralDampingMu: -1 }, RangeError, /structuralDampingMu/],
    ['structuralDampingMu > 0 with a model without hidden states', { structuralDampingMu: 0.3 }, RangeError, /structuralDampingMu/],
    ['non-integer seed', { seed: 0.5 }, RangeError, /seed/],
    ['non-boolean preconditioner', { preconditioner: 'yes' }, TypeError, /preconditioner/],
    ['non-boolean lineSearch', { lineSearch: 1 }, TypeError, /lineSearch/],
    ['non-function onStep', { onStep: 5 }, TypeError, /onStep/],
    ['a misspelt option', { initialLamda: 1 }, TypeError, /initialLamda/],
  ];
  for (const [name, options, type, pattern] of cases) {
    it(`${name}: ${type.name} naming it`, () => {
      expectBad((data) => hessianFree(model, squaredError, data, theta0, options as never), type, pattern);
    });
  }

  it('options that are not an object', () => {
    expectBad((data) => hessianFree(model, squaredError, data, theta0, 'fast' as never), TypeError, /options/);
  });
});

describe('hessianFree: bad parameters, data, model or loss', () => {
  const cases: [string, (data: Dataset) => unknown, ErrorType, RegExp][] = [
    ['theta0 of the wrong length', (d) => hessianFree(model, squaredError, d, new Float32Array(4)), RangeError, /theta0.*3/],
    ['theta0 with a NaN', (d) => hessianFree(model, squaredError, d, Float32Array.of(0, NaN, 0)), RangeError, /theta0/],
    ['theta0 with an Infinity', (d) => hessianFree(model, squaredError, d, Float32Array.of(0, 0, -Infinity)), RangeError, /theta0/],
    ['theta0 a Float64Array', (d) => hessianFree(model, squaredError, d, new Float64Array(3) as never), TypeError, /theta0.*Float32Array/],
    ['theta0 a plain array', (d) => hessianFree(model, squaredError, d, [0, 0, 0] as never), TypeError, /theta0/],
    [
      'targets with a different batch size (tensor)',
      (d) => hessianFree(model, squaredError, { inputs: d.inputs, targets: tf.tensor2d(new Float32Array(set.m + 1), [set.m + 1, 1]) }, theta0),
      RangeError,
      /data\.targets/,
    ],
    [
      'targets with a different batch size (Float32Array)',
      (d) => hessianFree(model, squaredError, { inputs: d.inputs, targets: new Float32Array(set.m + 3) }, theta0),
      RangeError,
      /data\.targets/,
    ],
    [
      'targets that do not fit the outputs (2 per example for 1 output)',
      (d) => hessianFree(model, squaredError, { inputs: d.inputs, targets: new Float32Array(2 * set.m) }, theta0),
      RangeError,
      /targets/,
    ],
    [
      'inputs that do not fit the model (3 features for 2)',
      (d) => hessianFree(model, squaredError, { inputs: tf.zeros([set.m, 3]), targets: d.targets }, theta0),
      RangeError,
      /model/,
    ],
    ['data null', () => hessianFree(model, squaredError, null as never, theta0), TypeError, /data/],
    ['inputs not a tensor', (d) => hessianFree(model, squaredError, { inputs: set.x as never, targets: d.targets }, theta0), TypeError, /data\.inputs/],
    [
      'inputs disposed',
      (d) => {
        const inputs = tf.clone(d.inputs);
        inputs.dispose();
        return hessianFree(model, squaredError, { inputs, targets: d.targets }, theta0);
      },
      TypeError,
      /data\.inputs/,
    ],
    ['a model not made by functionalModel', (d) => hessianFree({ numParams: 3 } as never, squaredError, d, theta0), TypeError, /model/],
    ['a loss that is not an OutputLoss', (d) => hessianFree(model, ((z: tf.Tensor) => z) as never, d, theta0), TypeError, /loss/],
  ];
  for (const [name, make, type, pattern] of cases) {
    it(`${name}: ${type.name} naming it`, () => {
      // tf.tidy frees the tensors a case makes for itself (also when it
      // throws), so expectBad's count sees only what the optimizer kept.
      expectBad((data) => tf.tidy(() => make(data) as never), type, pattern);
    });
  }

  it('structural damping with a model that returns hidden states is accepted', () => {
    const rnn = tanhRnn(1, 2, 1);
    const inputs = tf.zeros([3, 2, 1]);
    const opt = hessianFree(rnn, squaredError, { inputs, targets: new Float32Array(3) }, new Float32Array(rnn.numParams), { structuralDampingMu: 0.3 });
    opt.dispose();
    inputs.dispose();
  });
});

describe('adam, sgdMomentum and evaluateLoss: bad options', () => {
  const cases: [string, (data: Dataset) => unknown, ErrorType, RegExp][] = [
    ['adam learningRate 0', (d) => adam(model, squaredError, d, theta0, { learningRate: 0 }), RangeError, /learningRate/],
    ['adam learningRate < 0', (d) => adam(model, squaredError, d, theta0, { learningRate: -1e-3 }), RangeError, /learningRate/],
    ['adam learningRate NaN', (d) => adam(model, squaredError, d, theta0, { learningRate: NaN }), RangeError, /learningRate/],
    ['adam beta1 = 1', (d) => adam(model, squaredError, d, theta0, { beta1: 1 }), RangeError, /beta1/],
    ['adam beta2 > 1', (d) => adam(model, squaredError, d, theta0, { beta2: 1.1 }), RangeError, /beta2/],
    ['adam epsilon 0', (d) => adam(model, squaredError, d, theta0, { epsilon: 0 }), RangeError, /epsilon/],
    ['adam batchSize 0', (d) => adam(model, squaredError, d, theta0, { batchSize: 0 }), RangeError, /batchSize/],
    ['adam theta0 of the wrong length', (d) => adam(model, squaredError, d, new Float32Array(2)), RangeError, /theta0/],
    ['adam misspelt option', (d) => adam(model, squaredError, d, theta0, { learningrate: 1 } as never), TypeError, /learningrate/],
    ['sgdMomentum learningRate 0', (d) => sgdMomentum(model, squaredError, d, theta0, { learningRate: 0 }), RangeError, /learningRate/],
    ['sgdMomentum learningRate < 0', (d) => sgdMomentum(model, squaredError, d, theta0, { learningRate: -0.1 }), RangeError, /learningRate/],
    ['sgdMomentum momentum = 1', (d) => sgdMomentum(model, squaredError, d, theta0, { momentum: 1 }), RangeError, /momentum/],
    ['sgdMomentum momentum > 1', (d) => sgdMomentum(model, squaredError, d, theta0, { momentum: 1.5 }), RangeError, /momentum/],
    ['sgdMomentum momentum < 0', (d) => sgdMomentum(model, squaredError, d, theta0, { momentum: -0.5 }), RangeError, /momentum/],
    ['sgdMomentum batchSize 1.5', (d) => sgdMomentum(model, squaredError, d, theta0, { batchSize: 1.5 }), RangeError, /batchSize/],
    [
      'sgdMomentum targets with a different batch size',
      (d) => sgdMomentum(model, squaredError, { inputs: d.inputs, targets: new Float32Array(set.m - 1) }, theta0),
      RangeError,
      /data\.targets/,
    ],
    ['evaluateLoss batchSize 0', (d) => evaluateLoss(model, squaredError, d, theta0, { batchSize: 0 }), RangeError, /batchSize/],
    ['evaluateLoss theta of the wrong length', (d) => evaluateLoss(model, squaredError, d, new Float32Array(5)), RangeError, /theta/],
  ];
  for (const [name, make, type, pattern] of cases) {
    it(`${name}: ${type.name} naming it`, () => expectBad(make, type, pattern));
  }
});

describe('a probe of the model on the first example runs before the options are checked, once', () => {
  it('counts forward passes: one (the probe), then the option error', () => {
    let calls = 0;
    const counted = functionalModel({
      shapes: model.shapes,
      forward: ([W, b], x) => {
        calls++;
        return tf.add(tf.matMul(x, W), b);
      },
    });
    expectBad((data) => hessianFree(counted, squaredError, data, theta0, { initialLambda: -1 }), RangeError, /initialLambda/);
    expect(calls).toBeLessThanOrEqual(1);
  });
});
