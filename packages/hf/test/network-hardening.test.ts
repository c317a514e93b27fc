import { softmaxCrossEntropy, squaredError } from '@hessian-free/curvature';
import {
  adam,
  functionalModel,
  hessianFree,
  resumeHessianFree,
  sgdMomentum,
  sparseInit,
  type Dataset,
  type HessianFreeOptions,
  type HessianFreeState,
} from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { disposeAll, identical, nonlinearSet, normals32, runSteps, tanhMlp, tensors, withoutTimings } from './helpers/hf-fixtures.js';

// Issue 10 (hardening) for the network optimizers: a saved state is complete
// or refused (item 4); a throwing onStep leaves the optimizer as before the
// step (item 5); every example of the data is checked at construction,
// naming the row (item 11); seeds outside 0..2^32-1 are refused, and the
// resume checks say what was given (item 13).

beforeAll(() => useBackend('cpu'));

type ErrorType = typeof RangeError | typeof TypeError;

/** The error `f` throws (or null), checking that it left no tensor behind. */
function thrownBy(f: () => unknown): unknown {
  const before = tf.memory().numTensors;
  let thrown: unknown = null;
  try {
    const made = f() as { dispose?: () => void } | undefined;
    made?.dispose?.();
  } catch (error) {
    thrown = error;
  }
  expect(tf.memory().numTensors).toBe(before);
  return thrown;
}

function expectError(thrown: unknown, type: ErrorType, pattern: RegExp): void {
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as Error).message).toMatch(pattern);
}

// ---------------------------------------------------------------- item 4: complete states

describe('resumeHessianFree: a state is complete or it is refused', () => {
  const set = nonlinearSet(48, 2, 31);
  const model = tanhMlp(2, 4, 1);
  const theta0 = normals32(model.numParams, 32, 0.8);
  const options: HessianFreeOptions = { gradientBatchSize: 20, curvatureBatchSize: 8, maxCgIterations: 12, l2: 1e-2, seed: 9, yieldToEventLoop: false };

  /** A state saved after two steps, through JSON. */
  async function saved(data: Dataset): Promise<Record<string, unknown>> {
    const opt = hessianFree(model, squaredError, data, theta0, options);
    await runSteps(opt, 2);
    const state = JSON.parse(JSON.stringify(opt.state())) as Record<string, unknown>;
    opt.dispose();
    return state;
  }
  const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
  const withOption = (s: Record<string, unknown>, change: (o: Record<string, unknown>) => Record<string, unknown>) => ({
    ...s,
    options: change(s.options as Record<string, unknown>),
  });
  const float32Base64 = (values: Float32Array) => btoa(String.fromCharCode(...new Uint8Array(values.buffer)));

  const cases: [string, (s: Record<string, unknown>) => unknown, ErrorType, RegExp][] = [
    // Before: options {} resumed with gradientBatchSize 48 (the whole set), maxCgIterations 250, l2 0.
    ['options {}', (s) => ({ ...s, options: {} }), TypeError, /resumeHessianFree: state\.options\.\w+ must be present.*got undefined/],
    ['l2 missing from the options', (s) => withOption(s, (o) => without(o, 'l2')), TypeError, /state\.options\.l2 must be present/],
    ['seed missing from the options', (s) => withOption(s, (o) => without(o, 'seed')), TypeError, /state\.options\.seed/],
    ['an unknown option', (s) => withOption(s, (o) => ({ ...o, warmStart: 0.5 })), TypeError, /state\.options.*unknown option 'warmStart'/],
    ['onStep in the options (not part of a state)', (s) => withOption(s, (o) => ({ ...o, onStep: null })), TypeError, /state\.options.*'onStep'/],
    ['an option of the wrong type', (s) => withOption(s, (o) => ({ ...o, maxCgIterations: '12' })), RangeError, /state\.options\.maxCgIterations.*the string "12"/],
    ['an option out of range', (s) => withOption(s, (o) => ({ ...o, curvatureBatchSize: 0 })), RangeError, /state\.options\.curvatureBatchSize/],
    ['an unknown field', (s) => ({ ...s, momentum: 0.9 }), TypeError, /resumeHessianFree: state .*unknown field 'momentum'/],
    ['previousSolution missing', (s) => without(s, 'previousSolution'), TypeError, /state\.previousSolution must be .*got undefined/],
    // lambda goes through damping's restore: any non-number is a RangeError (JSON turns NaN into null).
    ['lambda missing', (s) => without(s, 'lambda'), RangeError, /resumeHessianFree: state\.lambda must be .*, got undefined/],
    ['rng missing', (s) => without(s, 'rng'), RangeError, /state\.rng/],
    ['lambda NaN', (s) => ({ ...s, lambda: NaN }), RangeError, /resumeHessianFree: state\.lambda.*NaN/],
    ['lambda 1e308 (above damping\'s maximum 1e300)', (s) => ({ ...s, lambda: 1e308 }), RangeError, /resumeHessianFree: state\.lambda.*1e\+308/],
    ['lambda Infinity', (s) => ({ ...s, lambda: Infinity }), RangeError, /resumeHessianFree: state\.lambda/],
    ['lambda a string', (s) => ({ ...s, lambda: '0.5' }), RangeError, /state\.lambda must be .*, got the string "0\.5"/],
    [
      'previousSolution holding a NaN',
      (s) => ({ ...s, previousSolution: float32Base64(new Float32Array(model.numParams).fill(0.5).fill(NaN, 3, 4)) }),
      RangeError,
      /state\.previousSolution must be finite, but state\.previousSolution\[3\] is NaN/,
    ],
    ['previousSolution of the wrong length', (s) => ({ ...s, previousSolution: float32Base64(new Float32Array(4)) }), RangeError, /state\.previousSolution/],
    ['previousSolution a number', (s) => ({ ...s, previousSolution: 7 }), TypeError, /state\.previousSolution must be a base64 string or null, got 7/],
    // Messages say what was given.
    ['kind of another optimizer', (s) => ({ ...s, kind: 'adam' }), TypeError, /state\.kind must be 'hessian-free', got the string "adam"/],
    ['version a string', (s) => ({ ...s, version: '1' }), TypeError, /state\.version must be 1, got the string "1"/],
    ['stepCount a string', (s) => ({ ...s, stepCount: '2' }), RangeError, /state\.stepCount.*the string "2"/],
    ['rng a string', (s) => ({ ...s, rng: '5' }), RangeError, /state\.rng.*the string "5"/],
    ['theta a number', (s) => ({ ...s, theta: 12 }), TypeError, /state\.theta must be a base64 string, got 12/],
    ['theta an array', (s) => ({ ...s, theta: [1, 2] }), TypeError, /state\.theta must be a base64 string, got Array/],
    ['options a string', (s) => ({ ...s, options: 'defaults' }), TypeError, /state\.options must be an object, got the string "defaults"/],
    ['curvature a number', (s) => withOption(s, (o) => ({ ...o, curvature: 1 })), RangeError, /state\.options\.curvature.*got 1$/],
    ['seed a string', (s) => withOption(s, (o) => ({ ...o, seed: '9' })), TypeError, /state\.options\.seed.*the string "9"/],
  ];
  for (const [name, corrupt, type, pattern] of cases) {
    it(`${name}: ${type.name} naming the field`, async () => {
      const data = tensors(set);
      const state = corrupt(await saved(data));
      expectError(
        thrownBy(() => resumeHessianFree(model, squaredError, data, state as never)),
        type,
        pattern,
      );
      disposeAll(data);
    });
  }

  it('options passed to resumeHessianFree still override the saved ones (and are checked under their own name)', async () => {
    const data = tensors(set);
    const state = (await saved(data)) as unknown as HessianFreeState;
    const resumed = resumeHessianFree(model, squaredError, data, state, { maxCgIterations: 3, l2: 0 });
    expect(resumed.state().options).toMatchObject({ maxCgIterations: 3, l2: 0, gradientBatchSize: 20, seed: 9 });
    expect((await resumed.step()).cg.iterations).toBeLessThanOrEqual(3);
    resumed.dispose();
    expectError(thrownBy(() => resumeHessianFree(model, squaredError, data, state, { maxCgIterations: 0 })), RangeError, /resumeHessianFree: options\.maxCgIterations/);
    disposeAll(data);
  });

  it('a complete state resumes exactly (the checks refuse nothing a saved state holds)', async () => {
    const data = tensors(set);
    const whole = hessianFree(model, squaredError, data, theta0, options);
    const expected = await runSteps(whole, 4);
    const resumed = resumeHessianFree(model, squaredError, data, (await saved(data)) as unknown as HessianFreeState);
    const tail = await runSteps(resumed, 2);
    expect(tail.map(withoutTimings)).toEqual(expected.slice(2).map(withoutTimings));
    expect(identical(resumed.parameters, whole.parameters)).toBe(true);
    whole.dispose();
    resumed.dispose();
    disposeAll(data);
  });
});

// ---------------------------------------------------------------- item 5: throwing callbacks

describe('a throwing onStep leaves the optimizer as before the step', () => {
  const set = nonlinearSet(40, 2, 41);
  const model = tanhMlp(2, 4, 1);
  const theta0 = normals32(model.numParams, 42, 0.8);
  const options: HessianFreeOptions = { gradientBatchSize: 20, curvatureBatchSize: 10, maxCgIterations: 10, seed: 5, yieldToEventLoop: false };

  it('step() rejects with the callback\'s error; stepCount, lambda, parameters and state are unchanged; a retry takes the same step once', async () => {
    const data = tensors(set);
    const reference = hessianFree(model, squaredError, data, theta0, options);
    const expected = await runSteps(reference, 2);

    const opt = hessianFree(model, squaredError, data, theta0, options);
    await opt.step();
    const before = { parameters: opt.parameters, lambda: opt.lambda, state: JSON.stringify(opt.state()) };
    const failure = new Error('the callback failed');
    const seen: number[] = [];
    opt.onStep = (r) => {
      seen.push(r.step, opt.stepCount); // the callback sees the step it reports on
      throw failure;
    };
    await expect(opt.step()).rejects.toBe(failure);
    expect(seen).toEqual([2, 2]);
    // Before: stepCount 2 and theta moved (a retry then took a third step).
    expect(opt.stepCount).toBe(1);
    expect(opt.lambda).toBe(before.lambda);
    expect(identical(opt.parameters, before.parameters)).toBe(true);
    expect(JSON.stringify(opt.state())).toBe(before.state);

    opt.onStep = undefined;
    const retried = await opt.step();
    expect(withoutTimings(retried)).toEqual(withoutTimings(expected[1]));
    expect(opt.stepCount).toBe(2);
    expect(identical(opt.parameters, reference.parameters)).toBe(true);
    reference.dispose();
    opt.dispose();
    disposeAll(data);
  });
});

// ---------------------------------------------------------------- item 11: every row

describe('every example of the data is checked at construction, naming the row', () => {
  const regression = functionalModel({ shapes: [[3, 2], [2]], forward: ([W, b], x) => tf.add(tf.matMul(x, W), b) });
  const classifier = functionalModel({ shapes: [[3, 3], [3]], forward: ([W, b], x) => tf.add(tf.matMul(x, W), b) });
  const m = 12;
  const x = normals32(m * 3, 51);
  const y = normals32(m * 2, 52);
  const labels = Int32Array.from({ length: m }, (_, i) => i % 3);
  const oneHot = Float32Array.from({ length: m * 3 }, (_, k) => (k % 3 === labels[Math.floor(k / 3)] ? 1 : 0));

  type Make = () => Dataset;
  const withInput = (row: number, value: number): Make => () => {
    const inputs = x.slice();
    inputs[3 * row + 1] = value;
    return { inputs: tf.tensor2d(inputs, [m, 3]), targets: tf.tensor2d(y, [m, 2]) };
  };
  const cases: [string, 'regression' | 'classifier', Make, RegExp][] = [
    ['NaN in input row 5', 'regression', withInput(5, NaN), /data\.inputs must be finite, but row 5 holds NaN/],
    ['-Infinity in input row 11 (the last)', 'regression', withInput(11, -Infinity), /data\.inputs must be finite, but row 11 holds -Infinity/],
    [
      'Infinity in target row 3 (a tensor)',
      'regression',
      () => ({ inputs: tf.tensor2d(x, [m, 3]), targets: tf.tensor2d(y.slice().fill(Infinity, 7, 8), [m, 2]) }),
      /data\.targets must be finite, but row 3 holds Infinity/,
    ],
    [
      'NaN in target row 9 (a Float32Array)',
      'regression',
      () => ({ inputs: tf.tensor2d(x, [m, 3]), targets: y.slice().fill(NaN, 18, 19) }),
      /data\.targets must be finite, but row 9 holds NaN/,
    ],
    [
      'label 7 with 3 classes in row 4 (Int32Array)',
      'classifier',
      () => ({ inputs: tf.tensor2d(x, [m, 3]), targets: labels.slice().fill(7, 4, 5) }),
      /data\.targets must fit the loss \(softmax-cross-entropy\), but row 4 does not \(checked alone: .*7.*\[0, 3\)/,
    ],
    [
      'label -1 in row 10 (an int32 tensor)',
      'classifier',
      () => ({ inputs: tf.tensor2d(x, [m, 3]), targets: tf.tensor1d(labels.slice().fill(-1, 10, 11), 'int32') }),
      /data\.targets must fit the loss \(softmax-cross-entropy\), but row 10 does not/,
    ],
    [
      'a probability row summing to 1.57 in row 6',
      'classifier',
      () => {
        const t = oneHot.slice();
        t.set([0.5, 0.5, 0.57], 18);
        return { inputs: tf.tensor2d(x, [m, 3]), targets: tf.tensor2d(t, [m, 3]) };
      },
      /data\.targets must fit the loss \(softmax-cross-entropy\), but row 6 does not \(checked alone: .*sums to 1\.5[67]/,
    ],
  ];

  const optimizers = {
    hessianFree: (model: typeof regression, loss: typeof squaredError, data: Dataset) => hessianFree(model, loss, data, new Float32Array(model.numParams)),
    adam: (model: typeof regression, loss: typeof squaredError, data: Dataset) => adam(model, loss, data, new Float32Array(model.numParams)),
    sgdMomentum: (model: typeof regression, loss: typeof squaredError, data: Dataset) => sgdMomentum(model, loss, data, new Float32Array(model.numParams)),
  };
  for (const [optimizer, make] of Object.entries(optimizers)) {
    for (const [name, kind, data, pattern] of cases) {
      it(`${optimizer}: ${name} is a RangeError at construction`, () => {
        const d = data();
        const model = kind === 'regression' ? regression : classifier;
        const loss = kind === 'regression' ? squaredError : softmaxCrossEntropy;
        const thrown = thrownBy(() => make(model, loss, d));
        expectError(thrown, RangeError, new RegExp(`^${optimizer}: ${pattern.source}`));
        disposeAll(d);
      });
    }
  }

  it('resumeHessianFree checks every row too', () => {
    const good = { inputs: tf.tensor2d(x, [m, 3]), targets: tf.tensor2d(y, [m, 2]) };
    const opt = hessianFree(regression, squaredError, good, new Float32Array(regression.numParams));
    const state = opt.state();
    opt.dispose();
    const bad = withInput(8, NaN)();
    expectError(thrownBy(() => resumeHessianFree(regression, squaredError, bad, state)), RangeError, /^resumeHessianFree: data\.inputs must be finite, but row 8 holds NaN/);
    disposeAll(bad);
    disposeAll(good);
  });

  it('good data of every form passes, and a step runs', async () => {
    for (const [model, loss, targets] of [
      [classifier, softmaxCrossEntropy, labels],
      [classifier, softmaxCrossEntropy, tf.tensor2d(oneHot, [m, 3])],
      [regression, squaredError, y],
    ] as const) {
      const inputs = tf.tensor2d(x, [m, 3]);
      const opt = hessianFree(model, loss, { inputs, targets }, new Float32Array(model.numParams), { yieldToEventLoop: false, maxCgIterations: 3 });
      expect(Number.isFinite((await opt.step()).lossAfter)).toBe(true);
      opt.dispose();
      disposeAll({ inputs, targets });
    }
  });

  it('finite rows whose sum overflows float32 are not mistaken for non-finite ones', () => {
    const big = x.slice().fill(3e38, 0, 3);
    const inputs = tf.tensor2d(big, [m, 3]);
    const opt = hessianFree(regression, squaredError, { inputs, targets: y }, new Float32Array(regression.numParams));
    opt.dispose();
    inputs.dispose();
    // ... and a NaN after such a row is still found and named.
    const withNaN = tf.tensor2d(big.fill(NaN, 22, 23), [m, 3]);
    expectError(
      thrownBy(() => hessianFree(regression, squaredError, { inputs: withNaN, targets: y }, new Float32Array(regression.numParams))),
      RangeError,
      /data\.inputs must be finite, but row 7 holds NaN/,
    );
    withNaN.dispose();
  });
});

// ---------------------------------------------------------------- item 13: seeds

describe('seeds are integers in 0..2^32-1, never reduced', () => {
  const set = nonlinearSet(8, 2, 61);
  const model = tanhMlp(2, 2, 1);
  const theta0 = new Float32Array(model.numParams);
  const bad: [string, unknown, ErrorType, RegExp][] = [
    ['-1 (was taken as 4294967295)', -1, RangeError, /got -1$/],
    ['2^32 (was taken as 0)', 2 ** 32, RangeError, /got 4294967296$/],
    ['2^40 (was taken as 0)', 2 ** 40, RangeError, /got 1099511627776$/],
    ['0.5', 0.5, RangeError, /got 0\.5$/],
    ['NaN', NaN, RangeError, /got NaN$/],
    ['the string "1"', '1', TypeError, /got the string "1"$/],
  ];
  const makers: [string, (seed: unknown, data: Dataset) => unknown][] = [
    ['hessianFree: options.seed', (seed, data) => hessianFree(model, squaredError, data, theta0, { seed } as never)],
    ['adam: options.seed', (seed, data) => adam(model, squaredError, data, theta0, { seed } as never)],
    ['sgdMomentum: options.seed', (seed, data) => sgdMomentum(model, squaredError, data, theta0, { seed } as never)],
    ['sparseInit: options.seed', (seed) => sparseInit(model.shapes, { seed } as never)],
  ];
  for (const [name, make] of makers) {
    for (const [what, seed, type, pattern] of bad) {
      it(`${name} ${what}: ${type.name}`, () => {
        const data = tensors(set);
        const thrown = thrownBy(() => make(seed, data));
        expectError(thrown, type, new RegExp(`^${name} must be an integer in \\[0, 4294967295\\], ${pattern.source}`));
        disposeAll(data);
      });
    }
    it(`${name}: 0 and 2^32 - 1 are accepted`, () => {
      const data = tensors(set);
      for (const seed of [0, 2 ** 32 - 1]) expect(thrownBy(() => make(seed, data))).toBeNull();
      disposeAll(data);
    });
  }

  it('a seed of 2^32 - 1 starts the generator there (hessianFree saves it as the rng position)', () => {
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, theta0, { seed: 2 ** 32 - 1 });
    expect(opt.state().rng).toBe(2 ** 32 - 1);
    opt.dispose();
    disposeAll(data);
  });
});
