// hessianFree with curvature 'hessian' and indefiniteSolver 'minres'
// (Newton-MR's MINRES on the damped system) against the default CG path.
import { functionalModel, squaredError, type FunctionalModel } from '@hessian-free/curvature';
import { evaluateLoss, hessianFree, resumeHessianFree, type HessianFreeOptions, type HfStepReport } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { disposeAll, nonlinearSet, normals32, tanhMlp, tensors } from './helpers/hf-fixtures.js';
import { maxAbsDiff } from './helpers/problems.js';

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-minres (steps; evaluations f / g / Hv):\n  ${measured.join('\n  ')}`));

/**
 * Rosenbrock / 2 as a least-squares "model" (as in network-curvature-kinds):
 * z = [w1, 10 (w2 - w1^2)] per row of ones, targets [1, 0], so
 * f(w) = (1/2)(w1 - 1)^2 + 50 (w2 - w1^2)^2, minimized at (1, 1); its Hessian
 * is indefinite where w2 > w1^2 + 1/200.
 */
const rosenbrock: FunctionalModel = functionalModel({
  shapes: [[2]],
  forward: ([w], x) => {
    const [w1, w2] = tf.split(w, 2);
    const r = tf.concat([w1, tf.mul(10, tf.sub(w2, tf.square(w1)))]);
    return tf.matMul(x, tf.reshape(r, [1, 2]));
  },
});

/** The gradient of that f in float64: (w1 - 1 - 200 w1 (w2 - w1^2), 100 (w2 - w1^2)). */
function rosenbrockGradient(w: Float32Array): [number, number] {
  const r = w[1] - w[0] * w[0];
  return [w[0] - 1 - 200 * w[0] * r, 100 * r];
}

function rosenbrockData(): { inputs: tf.Tensor2D; targets: Float32Array } {
  return { inputs: tf.ones([4, 1]) as tf.Tensor2D, targets: Float32Array.of(1, 0, 1, 0, 1, 0, 1, 0) };
}

/** Sums of the reports' evaluations. */
function totals(reports: readonly HfStepReport[]): { value: number; gradient: number; curvatureProducts: number } {
  return reports.reduce(
    (t, r) => ({ value: t.value + r.evaluations.value, gradient: t.gradient + r.evaluations.gradient, curvatureProducts: t.curvatureProducts + r.evaluations.curvatureProducts }),
    { value: 0, gradient: 0, curvatureProducts: 0 },
  );
}

function summary(reports: readonly HfStepReport[]): string {
  const t = totals(reports);
  const kinds = reports.reduce<Record<string, number>>((m, r) => ({ ...m, [r.direction ?? '-']: (m[r.direction ?? '-'] ?? 0) + 1 }), {});
  const longer = reports.filter((r) => r.stepSize > 1).length;
  return `${reports.length} steps, ${t.value} / ${t.gradient} / ${t.curvatureProducts} (${Object.entries(kinds)
    .map(([k, c]) => `${k} ${c}`)
    .join(', ')}${longer > 0 ? `; ${longer} lengthened` : ''})`;
}

/**
 * The slope of a step, g'(theta_after - theta_before), by a central
 * difference of the objective (evaluateLoss, independent of the step code)
 * along the step: h = 1e-3 of the step, so the O(h^2) error is negligible
 * and float32 rounding of f (~1e-7 |f|) gives an error ~1e-4 |f| at most.
 */
function slopeAlong(model: FunctionalModel, data: { inputs: tf.Tensor; targets: Float32Array | tf.Tensor }, before: Float32Array, after: Float32Array): number {
  const h = 1e-3;
  const at = (t: number) => evaluateLoss(model, squaredError, data as never, before.map((v, i) => v + t * (after[i] - v)));
  return (at(h) - at(-h)) / (2 * h);
}

describe("curvature 'hessian', indefiniteSolver 'minres' (Newton-MR)", () => {
  it('Rosenbrock from several starts: both paths reach (1, 1) to 1e-3, every accepted step a descent direction', async () => {
    for (const start of [
      [-1.2, 1],
      [-1.2, 2],
      [0, 1],
      [2, -1],
      [-0.5, 3],
    ]) {
      const line: string[] = [];
      for (const indefiniteSolver of ['cg', 'minres'] as const) {
        const data = rosenbrockData();
        const opt = hessianFree(rosenbrock, squaredError, data, Float32Array.from(start), { curvature: 'hessian', indefiniteSolver, yieldToEventLoop: false });
        const reports: HfStepReport[] = [];
        let reached = false;
        for (let k = 1; k <= 150 && !reached; k++) {
          const before = opt.parameters;
          const r = await opt.step();
          reports.push(r);
          expect(r.solver).toBe(indefiniteSolver);
          if (r.accepted) {
            expect(r.lossAfter).toBeLessThan(r.lossBefore);
            // g'(step) with the float64 gradient of f, below float32 rounding:
            // HF's gradient is float32, whose entries near (1, 1) carry
            // absolute errors up to ~200 ulp(1) ~ 2.4e-5 (the cancellation in
            // w2 - w1^2), so a step is a descent direction for f up to that.
            const after = opt.parameters;
            const g = rosenbrockGradient(before);
            const step = [after[0] - before[0], after[1] - before[1]];
            expect(g[0] * step[0] + g[1] * step[1]).toBeLessThan(3e-5 * Math.hypot(step[0], step[1]));
          }
          reached = maxAbsDiff(opt.parameters, [1, 1]) <= 1e-3;
        }
        expect(reached).toBe(true);
        line.push(`${indefiniteSolver}: ${summary(reports)}`);
        opt.dispose();
        disposeAll(data);
      }
      measured.push(`Rosenbrock from (${start.join(', ')}): ${line.join('; ')}`);
    }
  });

  it('tanh MLPs: both paths reach the target loss, every accepted step a descent direction, no tensor leaked', async () => {
    // Two small nets, full-batch (64 and 256 examples); the target is a loss
    // both paths reach within 40 steps from this seeded start.
    for (const { m, h, seed, target } of [
      { m: 64, h: 6, seed: 91, target: 2e-3 },
      { m: 256, h: 16, seed: 93, target: 5e-3 },
    ]) {
      const set = nonlinearSet(m, 2, seed);
      const model = tanhMlp(2, h, 1);
      const data = tensors(set);
      const line: string[] = [];
      for (const indefiniteSolver of ['cg', 'minres'] as const) {
        const options: HessianFreeOptions = { curvature: 'hessian', indefiniteSolver, maxCgIterations: 50, yieldToEventLoop: false };
        const opt = hessianFree(model, squaredError, data, normals32(model.numParams, seed + 1, 0.7), options);
        const tensorsBefore = tf.memory().numTensors;
        const reports: HfStepReport[] = [];
        while (reports.length < 40 && !(reports.length > 0 && reports[reports.length - 1].lossAfter <= target)) {
          const before = opt.parameters;
          const r = await opt.step();
          reports.push(r);
          if (r.accepted) {
            expect(r.lossAfter).toBeLessThan(r.lossBefore);
            expect(slopeAlong(model, data, before, opt.parameters)).toBeLessThan(0);
          }
        }
        expect(tf.memory().numTensors).toBe(tensorsBefore);
        const last = reports[reports.length - 1].lossAfter;
        expect(last).toBeLessThanOrEqual(target);
        line.push(`${indefiniteSolver}: ${summary(reports)}, loss ${reports[0].lossBefore.toFixed(3)} -> ${last.toFixed(4)}`);
        opt.dispose();
      }
      measured.push(`tanh MLP 2-${h}-1, ${m} examples, to loss ${target}: ${line.join('; ')}`);
      disposeAll(data);
    }
  });

  it('tanh MLPs started next to the saddle point theta = 0: MINRES leaves along negative curvature; every accepted step a descent direction', async () => {
    // At theta = 0 the gradient vanishes for both weight layers and the
    // Hessian couples them indefinitely (f ~ -y c a x along (W1, W2) =
    // (a, c)): a saddle point. Start 1e-3 away and run 30 steps.
    for (const { m, h, seed } of [
      { m: 64, h: 6, seed: 91 },
      { m: 256, h: 16, seed: 93 },
    ]) {
      const set = nonlinearSet(m, 2, seed);
      const model = tanhMlp(2, h, 1);
      const data = tensors(set);
      const line: string[] = [];
      for (const indefiniteSolver of ['cg', 'minres'] as const) {
        const options: HessianFreeOptions = { curvature: 'hessian', indefiniteSolver, maxCgIterations: 50, yieldToEventLoop: false };
        const opt = hessianFree(model, squaredError, data, normals32(model.numParams, seed + 1, 1e-3), options);
        const reports: HfStepReport[] = [];
        for (let k = 0; k < 30; k++) {
          const before = opt.parameters;
          const r = await opt.step();
          reports.push(r);
          if (r.accepted) expect(slopeAlong(model, data, before, opt.parameters)).toBeLessThan(0);
        }
        const first = reports[0].lossBefore;
        const at = (k: number) => reports[k - 1].lossAfter.toFixed(4);
        expect(reports[29].lossAfter).toBeLessThan(0.05 * first);
        if (indefiniteSolver === 'minres') expect(reports.some((r) => r.direction === 'negative-curvature')).toBe(true);
        line.push(`${indefiniteSolver}: ${summary(reports)}, loss ${first.toFixed(3)} -> ${at(5)} (5) ${at(10)} (10) ${at(20)} (20) ${at(30)} (30)`);
        opt.dispose();
      }
      measured.push(`tanh MLP 2-${h}-1, ${m} examples, from theta ~ 1e-3 (saddle at 0), 30 steps: ${line.join('; ')}`);
      disposeAll(data);
    }
  });

  it('at a point of negative curvature with lambda ~ 0 the test fires at once: the step follows the negative-curvature direction -M g', async () => {
    // f(w) = tanh(w)^2 / 2 at w = 2 (as in network-curvature-kinds): f'' < 0,
    // so b'Ab < 0 at MINRES's first product and the direction is -M g.
    const model = functionalModel({ shapes: [[1, 1]], forward: ([W], x) => tf.tanh(tf.matMul(x, W)) });
    const data = { inputs: tf.ones([4, 1]), targets: new Float32Array(4) };
    const opt = hessianFree(model, squaredError, data, Float32Array.of(2), { curvature: 'hessian', indefiniteSolver: 'minres', initialLambda: 1e-6, yieldToEventLoop: false });
    const r = await opt.step();
    measured.push(`tanh, w = 2: ${r.cg.status}, ${r.cg.iterations} iterations, alpha ${r.stepSize}, w -> ${opt.parameters[0]}, f ${r.lossBefore.toFixed(4)} -> ${r.lossAfter.toFixed(4)}`);
    expect(r.solver).toBe('minres');
    expect(r.cg.status).toBe('negative_curvature');
    expect(r.cg.iterations).toBe(0);
    expect(r.direction).toBe('negative-curvature');
    expect(r.fallback).toBeUndefined();
    expect(r.accepted).toBe(true);
    expect(r.lossAfter).toBeLessThan(r.lossBefore);
    expect(opt.parameters[0]).toBeLessThan(2);
    // One product found the curvature, one more is rho's.
    expect(r.evaluations.curvatureProducts).toBe(2);
    opt.dispose();
    disposeAll(data);
  });
});

describe("indefiniteSolver: options, reports and saved state", () => {
  const model = tanhMlp(2, 4, 1);
  const set = nonlinearSet(32, 2, 7);

  it('is checked by name; with a semidefinite curvature CG runs whatever it says', async () => {
    const data = tensors(set);
    const theta = normals32(model.numParams, 8, 0.5);
    expect(() => hessianFree(model, squaredError, data, theta, { indefiniteSolver: 'gmres' as never })).toThrow(
      new RangeError(`hessianFree: options.indefiniteSolver must be 'cg' or 'minres', got the string "gmres"`),
    );
    expect(() => hessianFree(model, squaredError, data, theta, { indefiniteSolver: 1 as never })).toThrow(TypeError);
    const opt = hessianFree(model, squaredError, data, theta, { indefiniteSolver: 'minres', yieldToEventLoop: false });
    const r = await opt.step();
    expect(r.solver).toBe('cg');
    expect(opt.state().options.indefiniteSolver).toBe('minres');
    opt.dispose();
    disposeAll(data);
  });

  it('is saved in the state: a resumed MINRES run takes the very steps of the uninterrupted one (cpu)', async () => {
    const data = tensors(set);
    const theta = normals32(model.numParams, 9, 0.7);
    const options: HessianFreeOptions = { curvature: 'hessian', indefiniteSolver: 'minres', gradientBatchSize: 24, curvatureBatchSize: 12, seed: 5, yieldToEventLoop: false };
    const whole = hessianFree(model, squaredError, data, theta, options);
    const first = hessianFree(model, squaredError, data, theta, options);
    for (let k = 0; k < 3; k++) {
      await whole.step();
      await first.step();
    }
    const saved = JSON.parse(JSON.stringify(first.state()));
    expect(saved.options.indefiniteSolver).toBe('minres');
    first.dispose();
    const resumed = resumeHessianFree(model, squaredError, data, saved);
    for (let k = 0; k < 3; k++) {
      const a = await whole.step();
      const b = await resumed.step();
      expect({ ...b, timings: null }).toEqual({ ...a, timings: null });
    }
    expect(Array.from(resumed.parameters)).toEqual(Array.from(whole.parameters));
    whole.dispose();
    resumed.dispose();
    disposeAll(data);
  });

  it('a state saved before the option existed resumes with CG, as it ran', async () => {
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, normals32(model.numParams, 10, 0.7), { curvature: 'hessian', yieldToEventLoop: false });
    await opt.step();
    const state = opt.state();
    const { indefiniteSolver: _, ...older } = state.options;
    opt.dispose();
    const resumed = resumeHessianFree(model, squaredError, data, { ...state, options: older as typeof state.options });
    expect(resumed.state().options.indefiniteSolver).toBe('cg');
    expect((await resumed.step()).solver).toBe('cg');
    resumed.dispose();
    disposeAll(data);
  });
});
