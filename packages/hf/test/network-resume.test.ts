import { squaredError } from '@hessian-free/curvature';
import { hessianFree, resumeHessianFree, type HessianFreeOptions, type HessianFreeState } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { disposeAll, identical, nonlinearSet, normals32, runSteps, tanhMlp, tensors, withoutTimings } from './helpers/hf-fixtures.js';

// Serializable state: with a fixed seed and minibatches smaller than the set
// (so the sampling generator's position matters), a run saved after 3 steps,
// sent through JSON and resumed, takes exactly the steps an uninterrupted run
// takes: bit-identical parameters, equal reports (except timings), equal
// states.

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-resume:\n  ${measured.join('\n  ')}`));

const set = nonlinearSet(96, 2, 71);
const model = tanhMlp(2, 6, 1);
const theta0 = normals32(model.numParams, 72, 0.8);
const options: HessianFreeOptions = {
  gradientBatchSize: 40,
  curvatureBatchSize: 12,
  maxCgIterations: 25,
  seed: 1234,
  yieldToEventLoop: false,
};

describe('resume through JSON', () => {
  it('3 steps + JSON + resume + 3 steps = 6 uninterrupted steps, bit for bit', async () => {
    const data = tensors(set);
    const whole = hessianFree(model, squaredError, data, theta0, options);
    const expected = await runSteps(whole, 6);

    const first = hessianFree(model, squaredError, data, theta0, options);
    const head = await runSteps(first, 3);
    const json = JSON.stringify(first.state());
    first.dispose();
    const state = JSON.parse(json) as HessianFreeState;
    expect(state.stepCount).toBe(3);
    expect(state.previousSolution).not.toBeNull(); // the warm start travels too

    const resumed = resumeHessianFree(model, squaredError, data, state);
    expect(resumed.stepCount).toBe(3);
    const tail = await runSteps(resumed, 3);

    expect([...head, ...tail].map(withoutTimings)).toEqual(expected.map(withoutTimings));
    expect(identical(resumed.parameters, whole.parameters)).toBe(true);
    expect(resumed.lambda).toBe(whole.lambda);
    expect(resumed.stepCount).toBe(6);
    expect(JSON.stringify(resumed.state())).toBe(JSON.stringify(whole.state()));
    measured.push(`6 steps, losses ${expected.map((r) => r.lossAfter.toFixed(4)).join(' ')}; lambda ${expected.map((r) => r.lambda.toPrecision(3)).join(' ')}`);
    // Guard: the trajectory depends on the sampling position (a resumed run that
    // restarted the generator would differ), i.e. minibatches really are random.
    const reseeded = resumeHessianFree(model, squaredError, data, { ...state, rng: (state.rng + 1) >>> 0 });
    const other = await reseeded.step();
    expect(withoutTimings(other)).not.toEqual(withoutTimings(expected[3]));
    reseeded.dispose();
    whole.dispose();
    resumed.dispose();
    disposeAll(data);
  });

  it('the state is plain JSON: a JSON round trip gives an equal object, and theta is exact', async () => {
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, theta0, options);
    await runSteps(opt, 2);
    const state = opt.state();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.kind).toBe('hessian-free');
    expect(state.version).toBe(1);
    expect(state.options).toMatchObject({ gradientBatchSize: 40, curvatureBatchSize: 12, seed: 1234 });
    const resumed = resumeHessianFree(model, squaredError, data, JSON.parse(JSON.stringify(state)));
    expect(identical(resumed.parameters, opt.parameters)).toBe(true);
    opt.dispose();
    resumed.dispose();
    disposeAll(data);
  });

  it('a state saved before the first step resumes into the same first step', async () => {
    const data = tensors(set);
    const a = hessianFree(model, squaredError, data, theta0, options);
    const b = resumeHessianFree(model, squaredError, data, JSON.parse(JSON.stringify(a.state())));
    expect(withoutTimings(await b.step())).toEqual(withoutTimings(await a.step()));
    expect(identical(a.parameters, b.parameters)).toBe(true);
    a.dispose();
    b.dispose();
    disposeAll(data);
  });

  it('lambda resumes through damping: a saved lambda is kept exactly, one under the floor resumes at the floor', () => {
    // The floor is min(initialLambda, 1e-10) = 1e-10 with the default initialLambda 1.
    const data = tensors(set);
    const a = hessianFree(model, squaredError, data, theta0, options);
    const saved = JSON.parse(JSON.stringify(a.state())) as HessianFreeState;
    const kept = resumeHessianFree(model, squaredError, data, { ...saved, lambda: 3.7e-4 });
    const lifted = resumeHessianFree(model, squaredError, data, { ...saved, lambda: 1e-12 });
    expect(kept.lambda).toBe(3.7e-4);
    expect(lifted.lambda).toBe(1e-10);
    expect(JSON.parse(JSON.stringify(kept.state())).lambda).toBe(3.7e-4); // the JSON format keeps lambda as a number
    for (const o of [a, kept, lifted]) o.dispose();
    disposeAll(data);
  });
});

describe('corrupted states throw clearly and leave nothing behind', () => {
  const good = (): Record<string, unknown> => {
    const inputs = tf.tensor2d(set.x, [set.m, set.d]);
    const opt = hessianFree(model, squaredError, { inputs, targets: set.y }, theta0, options);
    const state = JSON.parse(JSON.stringify(opt.state())) as Record<string, unknown>;
    opt.dispose();
    inputs.dispose();
    return state;
  };
  // 4 float32 values = 16 bytes = 24 base64 characters; the model has 25 parameters.
  const shortTheta = 'AAAAAAAAAAAAAAAAAAAAAA==';
  const cases: [string, (s: Record<string, unknown>) => unknown, typeof RangeError | typeof TypeError, RegExp][] = [
    ['null', () => null, TypeError, /state/],
    ['wrong kind', (s) => ({ ...s, kind: 'adam' }), TypeError, /kind/],
    ['wrong version', (s) => ({ ...s, version: 2 }), TypeError, /version/],
    ['theta of the wrong length', (s) => ({ ...s, theta: shortTheta }), RangeError, /state\.theta/],
    ['theta not base64', (s) => ({ ...s, theta: '!!!not base64!!!' }), TypeError, /state\.theta/],
    ['theta not a string', (s) => ({ ...s, theta: [1, 2, 3] }), TypeError, /state\.theta/],
    ['previousSolution of the wrong length', (s) => ({ ...s, previousSolution: shortTheta }), RangeError, /state\.previousSolution/],
    ['negative stepCount', (s) => ({ ...s, stepCount: -1 }), RangeError, /stepCount/],
    ['non-integer stepCount', (s) => ({ ...s, stepCount: 2.5 }), RangeError, /stepCount/],
    ['lambda NaN (JSON null)', (s) => ({ ...s, lambda: null }), RangeError, /lambda/],
    ['negative lambda', (s) => ({ ...s, lambda: -1 }), RangeError, /lambda/],
    ['zero lambda', (s) => ({ ...s, lambda: 0 }), RangeError, /lambda/],
    ['lambda above the schedule\'s maximum 1e300', (s) => ({ ...s, lambda: 1e301 }), RangeError, /lambda/],
    ['rng out of the uint32 range', (s) => ({ ...s, rng: 2 ** 32 }), RangeError, /rng/],
    ['options missing', (s) => ({ ...s, options: undefined }), TypeError, /options/],
    ['an option out of range', (s) => ({ ...s, options: { ...(s.options as object), gradientBatchSize: 0 } }), RangeError, /gradientBatchSize/],
  ];
  for (const [name, corrupt, type, pattern] of cases) {
    it(`${name}: ${type.name} naming the field`, () => {
      const state = corrupt(good());
      const inputs = tf.tensor2d(set.x, [set.m, set.d]);
      const before = tf.memory().numTensors;
      let thrown: unknown = null;
      try {
        resumeHessianFree(model, squaredError, { inputs, targets: set.y }, state as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(type);
      expect((thrown as Error).message).toMatch(pattern);
      expect(tf.memory().numTensors).toBe(before);
      inputs.dispose();
    });
  }

  it('theta holding a NaN (valid base64) is rejected', () => {
    const state = good();
    const nan = new Float32Array(model.numParams).fill(NaN);
    const bytes = new Uint8Array(nan.buffer);
    const theta = btoa(String.fromCharCode(...bytes));
    const inputs = tf.tensor2d(set.x, [set.m, set.d]);
    expect(() => resumeHessianFree(model, squaredError, { inputs, targets: set.y }, { ...state, theta } as never)).toThrow(/state\.theta.*finite/);
    inputs.dispose();
  });
});
