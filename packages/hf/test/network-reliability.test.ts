import { functionalModel, squaredError, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import { hessianFree, type HfStepReport } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { disposeAll, identical, linearModel, nonlinearSet, normals32, regressionSet, tanhMlp, tensors, withoutTimings } from './helpers/hf-fixtures.js';

// The "Reliability" list: a non-finite loss or gradient rejects the
// step, raises lambda and leaves the parameters exactly as they were; CG
// trouble falls back to a damped gradient step and says so; an AbortSignal
// leaves a consistent state; no tensors are left behind on any of these paths.

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-reliability:\n  ${measured.join('\n  ')}`));

/** A one-output model z = f(x W + b) for an elementwise f. */
function linearThen(d: number, f: (t: tf.Tensor) => tf.Tensor): FunctionalModel {
  return functionalModel({ shapes: [[d, 1], [1]], forward: ([W, b], x) => f(tf.add(tf.matMul(x, W), b)) });
}

/** Everything observable about an optimizer's state, for before/after comparisons. */
function snapshot(opt: ReturnType<typeof hessianFree>): { parameters: Float32Array; lambda: number; stepCount: number; state: string } {
  return { parameters: opt.parameters, lambda: opt.lambda, stepCount: opt.stepCount, state: JSON.stringify(opt.state()) };
}

function expectUnchanged(opt: ReturnType<typeof hessianFree>, before: ReturnType<typeof snapshot>): void {
  const now = snapshot(opt);
  expect(identical(now.parameters, before.parameters)).toBe(true);
  expect(now.lambda).toBe(before.lambda);
  expect(now.stepCount).toBe(before.stepCount);
  expect(now.state).toBe(before.state);
}

describe('a non-finite loss or gradient at the current point', () => {
  const set = regressionSet(16, 2, 41);
  const cases: [string, FunctionalModel, Float32Array, Float32Array][] = [
    // log of a negative number: NaN loss and gradient.
    ['tf.log of a negative number (NaN)', linearThen(2, tf.log), Float32Array.of(0.1, 0.1, -5), set.x],
    // exp(1e3 |x| w) overflows float32 (exp(88.7) is the limit): Infinity loss.
    ['exp overflow from huge inputs (Infinity)', linearThen(2, tf.exp), Float32Array.of(1, 1, 0), set.x.map((v) => 1e3 * Math.abs(v))],
  ];
  for (const [name, model, theta0, x] of cases) {
    it(`${name}: rejected, fallback reported, theta bit-identical, lambda x 3/2 each time`, async () => {
      const data = { inputs: tf.tensor2d(x, [set.m, set.d]), targets: tf.tensor2d(set.y, [set.m, 1]) };
      const tensorsBefore = tf.memory().numTensors;
      const opt = hessianFree(model, squaredError, data, theta0, { yieldToEventLoop: false });
      const afterConstruction = tf.memory().numTensors;
      let lambda = opt.lambda;
      for (let k = 1; k <= 3; k++) {
        const r = await opt.step();
        expect(Number.isFinite(r.lossBefore)).toBe(false);
        expect(r.accepted).toBe(false);
        expect(r.stepSize).toBe(0);
        expect(r.rho).toBe(-Infinity);
        expect(r.fallback).toMatch(/non-finite/);
        expect(r.cg).toEqual({ iterations: 0, status: 'not_run', chosenIterate: 0 });
        expect(r.lambda).toBe(lambda * 1.5);
        expect(identical(opt.parameters, theta0)).toBe(true);
        expect(opt.stepCount).toBe(k);
        lambda = r.lambda;
        expect(tf.memory().numTensors).toBe(afterConstruction);
      }
      opt.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      disposeAll(data);
    });
  }
});

describe('non-finite values away from the current point', () => {
  it('NaN at the full step (sqrt of a negative parameter): the line search shortens the step, rho = -Infinity, lambda x 3/2', async () => {
    // z = x sqrt(w), targets 0: f(w) = (w / 2) mean(x^2), minimized at the
    // boundary w = 0 where sqrt is not differentiable. From w = 1 with lambda
    // = 1e-3, the Gauss-Newton step is -g / (G + lambda) ~ -2, to w ~ -1,
    // where f is NaN; Armijo's trials alpha = 1, 0.8, ... reach w > 0 at
    // alpha = 0.8^4 (w ~ 0.18) and accept there.
    const x = Float32Array.from({ length: 20 }, (_, i) => Math.cos(i + 1));
    const model = functionalModel({ shapes: [[1]], forward: ([w], input) => tf.mul(input, tf.sqrt(tf.reshape(w, [1, 1]))) });
    const data = { inputs: tf.tensor2d(x, [20, 1]), targets: new Float32Array(20) };
    const opt = hessianFree(model, squaredError, data, Float32Array.of(1), { initialLambda: 1e-3, preconditioner: false, yieldToEventLoop: false });
    const r = await opt.step();
    measured.push(`sqrt model: stepSize ${r.stepSize}, w ${opt.parameters[0]}, rho ${r.rho}`);
    expect(r.accepted).toBe(true);
    expect(r.rho).toBe(-Infinity);
    expect(r.lambda).toBe(1e-3 * 1.5);
    expect(r.stepSize).toBeLessThan(1);
    expect(opt.parameters[0]).toBeGreaterThan(0);
    expect(opt.parameters[0]).toBeLessThan(1);
    expect(r.lossAfter).toBeLessThan(r.lossBefore);
    opt.dispose();
    disposeAll(data);
  });

  it('non-finite curvature products (CG breakdown): a damped gradient step, reported as such', async () => {
    // A loss whose output Hessian product is NaN: the loss and gradient are
    // fine, but every Gauss-Newton product is NaN, so CG breaks down on its
    // first iteration. The step must be -g / lambda, with the fallback said.
    const nanCurvature: OutputLoss = { ...squaredError, outputHessianProduct: (p, u) => tf.tidy(() => tf.mul(squaredError.outputHessianProduct(p, u), NaN)) };
    const set = regressionSet(30, 2, 43);
    const data = tensors(set);
    const theta0 = Float32Array.of(0.2, -0.1, 0.05);
    const lambda0 = 10;
    const opt = hessianFree(linearModel(2), nanCurvature, data, theta0, { initialLambda: lambda0, preconditioner: false, yieldToEventLoop: false });
    const r = await opt.step();
    expect(r.cg.status).toBe('breakdown');
    expect(r.fallback).toMatch(/damped gradient step/);
    expect(r.cg.chosenIterate).toBe(0);
    expect(r.accepted).toBe(true);
    // theta1 = theta0 - alpha g / lambda0, with g the float64 gradient of the
    // mean squared error: compare to 1e-6 (float32 gradient of 30 terms ~1).
    const g = new Float64Array(3);
    for (let i = 0; i < set.m; i++) {
      const res = set.x[2 * i] * theta0[0] + set.x[2 * i + 1] * theta0[1] + theta0[2] - set.y[i];
      g[0] += (res * set.x[2 * i]) / set.m;
      g[1] += (res * set.x[2 * i + 1]) / set.m;
      g[2] += res / set.m;
    }
    const theta1 = opt.parameters;
    for (let j = 0; j < 3; j++) expect(Math.abs(theta1[j] - (theta0[j] - (r.stepSize * g[j]) / lambda0))).toBeLessThanOrEqual(1e-6);
    // rho cannot be measured (the undamped model's product is NaN): -Infinity, lambda raised.
    expect(r.rho).toBe(-Infinity);
    expect(r.lambda).toBe(lambda0 * 1.5);
    opt.dispose();
    disposeAll(data);
  });
});

describe('a stationary point', () => {
  it('a zero gradient: no step, said so, theta bit-identical, lambda unchanged', async () => {
    // theta = 0 and targets 0 for a linear model: residuals and gradient are exactly 0.
    const set = regressionSet(12, 2, 45);
    const data = { inputs: tf.tensor2d(set.x, [set.m, set.d]), targets: new Float32Array(set.m) };
    const theta0 = new Float32Array(3);
    const opt = hessianFree(linearModel(2), squaredError, data, theta0, { initialLambda: 0.5, yieldToEventLoop: false });
    const r = await opt.step();
    expect(r.accepted).toBe(false);
    expect(r.lossBefore).toBe(0);
    expect(r.fallback).toMatch(/stationary/);
    expect(r.cg.status).toBe('not_run');
    expect(r.lambda).toBe(0.5);
    expect(identical(opt.parameters, theta0)).toBe(true);
    opt.dispose();
    disposeAll(data);
  });
});

describe('abort', () => {
  const set = nonlinearSet(48, 2, 51);
  const model = tanhMlp(2, 5, 1);
  const theta0 = normals32(model.numParams, 52, 0.7);
  const options = { gradientBatchSize: 32, curvatureBatchSize: 12, maxCgIterations: 20 } as const;

  it('an already-aborted signal rejects with its reason and changes nothing', async () => {
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, theta0, options);
    await opt.step(); // so that there is a warm start, a moved rng and a changed lambda to keep
    const before = snapshot(opt);
    const tensorsBefore = tf.memory().numTensors;

    const plain = new AbortController();
    plain.abort();
    const error = await opt.step({ signal: plain.signal }).catch((e: unknown) => e);
    expect(error).toBe(plain.signal.reason);
    expect((error as DOMException).name).toBe('AbortError');
    expectUnchanged(opt, before);

    const custom = new AbortController();
    const reason = new Error('user pressed stop');
    custom.abort(reason);
    await expect(opt.step({ signal: custom.signal })).rejects.toBe(reason);
    expectUnchanged(opt, before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    opt.dispose();
    disposeAll(data);
  });

  it('an abort from a timer fires at the first pause between phases: rejected, nothing changed', async () => {
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, theta0, { ...options, yieldToEventLoop: true });
    const before = snapshot(opt);
    const tensorsBefore = tf.memory().numTensors;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0); // queued before the step's own setTimeout(0)
    const error = await opt.step({ signal: controller.signal }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(controller.signal.aborted).toBe(true);
    expect(error).toBe(controller.signal.reason);
    expectUnchanged(opt, before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    opt.dispose();
    disposeAll(data);
  });

  it('an abort during CG (from the K-th curvature product) rejects; the optimizer then steps as if never interrupted', async () => {
    // The loss's output-Hessian product runs once per Gauss-Newton product,
    // i.e. once per CG iteration: abort from inside the K-th one.
    let products = 0;
    let abortAt = Infinity;
    let controller = new AbortController();
    const counting: OutputLoss = {
      ...squaredError,
      outputHessianProduct: (p, u) => {
        if (++products === abortAt) controller.abort();
        return squaredError.outputHessianProduct(p, u);
      },
    };
    const data = tensors(set);
    const reference = hessianFree(model, counting, data, theta0, { ...options, yieldToEventLoop: false });
    const expected = [await reference.step(), await reference.step()];
    const perStep = products;
    const expectedParameters = reference.parameters;
    reference.dispose();

    const opt = hessianFree(model, counting, data, theta0, { ...options, yieldToEventLoop: false });
    await opt.step();
    const before = snapshot(opt);
    const tensorsBefore = tf.memory().numTensors;
    products = 0;
    abortAt = 3;
    controller = new AbortController();
    const error = await opt.step({ signal: controller.signal }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(controller.signal.aborted).toBe(true);
    expect(error).toBe(controller.signal.reason);
    expect(products).toBeGreaterThanOrEqual(3); // the abort did come from inside CG
    expectUnchanged(opt, before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    abortAt = Infinity;
    const resumed = await opt.step({ signal: new AbortController().signal });
    expect(withoutTimings(resumed)).toEqual(withoutTimings(expected[1]));
    expect(identical(opt.parameters, expectedParameters)).toBe(true);
    measured.push(`abort during CG: ${perStep} output-Hessian products in two steps; aborted at product 3`);
    opt.dispose();
    disposeAll(data);
  });

  it('an abort from the K-th forward pass, for every K in a step: each aborted step changes nothing', async () => {
    // Sweeps the abort over every model evaluation of one step (gradient,
    // curvature, preconditioner, CG, backtracking, line search): wherever it
    // lands, the step either rejects leaving everything as it was, or (after
    // the last abort check) completes exactly as an uninterrupted step.
    let calls = 0;
    let abortAt = Infinity;
    let controller = new AbortController();
    const hooked = functionalModel({
      shapes: model.shapes,
      forward: (params, x) => {
        if (++calls === abortAt) controller.abort();
        return tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, params[0]), params[1])), params[2]), params[3]);
      },
    });
    const data = tensors(set);
    const reference = hessianFree(hooked, squaredError, data, theta0, { ...options, yieldToEventLoop: false });
    await reference.step();
    calls = 0;
    const expected = await reference.step();
    const perStep = calls;
    const expectedParameters = reference.parameters;
    reference.dispose();

    const opt = hessianFree(hooked, squaredError, data, theta0, { ...options, yieldToEventLoop: false });
    await opt.step();
    const before = snapshot(opt);
    const tensorsBefore = tf.memory().numTensors;
    let rejected = 0;
    let completed: HfStepReport | null = null;
    for (let k = 1; k <= perStep && completed === null; k++) {
      calls = 0;
      abortAt = k;
      controller = new AbortController();
      try {
        completed = await opt.step({ signal: controller.signal });
      } catch (error) {
        expect(error).toBe(controller.signal.reason);
        rejected++;
        expectUnchanged(opt, before);
        expect(tf.memory().numTensors).toBe(tensorsBefore);
      }
    }
    if (completed === null) {
      abortAt = Infinity;
      completed = await opt.step();
    }
    expect(withoutTimings(completed)).toEqual(withoutTimings(expected));
    expect(identical(opt.parameters, expectedParameters)).toBe(true);
    measured.push(`abort sweep: ${perStep} forward passes per step; aborts at ${rejected} of them rejected the step cleanly`);
    expect(rejected).toBeGreaterThan(0);
    opt.dispose();
    disposeAll(data);
  });

  it('step() while a step is running throws; dispose() during a step frees the data when the step ends', async () => {
    const data = tensors(set);
    const tensorsBefore = tf.memory().numTensors;
    const opt = hessianFree(model, squaredError, data, theta0, { ...options, yieldToEventLoop: true });
    const running = opt.step();
    await expect(opt.step()).rejects.toThrow(/already running/);
    opt.dispose();
    await expect(running).rejects.toThrow(/disposed/);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(() => opt.state()).toThrow(/disposed/);
    await expect(opt.step()).rejects.toThrow(/disposed/);
    disposeAll(data);
  });
});
