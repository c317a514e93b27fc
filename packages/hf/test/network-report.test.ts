import { sigmoidCrossEntropy, squaredError, type OutputLoss } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { hessianFree, type HfStepReport } from '@hessian-free/hf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { armijo } from '../src/hessian-free/armijo.js';
import { disposeAll, identical, linearModel, logisticSet, nonlinearSet, normals32, regressionSet, tanhMlp, tensors } from './helpers/hf-fixtures.js';

// The per-step report: its fields are finite and consistent with each other
// and with the optimizer's state, accepted steps lower the objective, and
// lambda follows the Levenberg-Marquardt rule of Martens (2010, section 4.1)
// from the reported rho: rho < 1/4 -> lambda * 3/2, rho > 3/4 -> lambda * 2/3,
// else unchanged (both comparisons strict).

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-report:\n  ${measured.join('\n  ')}`));

/** lambda after one LM update, computed exactly as the rule says (same float operations). */
function lmUpdate(lambda: number, rho: number): number {
  if (rho > 0.75) return lambda * (2 / 3);
  if (rho >= 0.25) return lambda;
  return lambda * 1.5;
}

/** Checks one report against the rules that hold for every step. */
function checkReport(r: HfStepReport, step: number, lambdaBefore: number, before: Float32Array, after: Float32Array, maxCg: number): void {
  expect(r.step).toBe(step);
  for (const v of [r.lossBefore, r.lossAfter, r.lambda, r.stepSize]) expect(Number.isFinite(v)).toBe(true);
  // rho is -Infinity (f rose, or was not finite) or a finite number >= 0.
  expect(r.rho === -Infinity || (Number.isFinite(r.rho) && r.rho >= 0)).toBe(true);
  expect(Number.isInteger(r.cg.iterations) && r.cg.iterations >= 0 && r.cg.iterations <= maxCg).toBe(true);
  expect(Number.isInteger(r.cg.chosenIterate) && r.cg.chosenIterate >= 0 && r.cg.chosenIterate <= r.cg.iterations).toBe(true);
  expect(typeof r.cg.status).toBe('string');
  const phases = [r.timings.gradientMs, r.timings.curvatureMs, r.timings.preconditionerMs, r.timings.cgMs, r.timings.backtrackMs, r.timings.lineSearchMs];
  for (const t of [...phases, r.timings.totalMs]) expect(Number.isFinite(t) && t >= 0).toBe(true);
  // The phases are disjoint intervals within the step (1e-6 ms: float rounding of the sums).
  expect(phases.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(r.timings.totalMs + 1e-6);
  expect(r.lambda).toBe(lmUpdate(lambdaBefore, r.rho));
  if (r.accepted) {
    expect(r.stepSize > 0 && r.stepSize <= 1).toBe(true);
    expect(r.lossAfter).toBeLessThan(r.lossBefore);
    expect(identical(before, after)).toBe(false);
  } else {
    expect(r.stepSize).toBe(0);
    expect(r.lossAfter).toBe(r.lossBefore);
    expect(typeof r.fallback).toBe('string');
    expect(identical(before, after)).toBe(true);
  }
}

describe('report fields on a tanh MLP with minibatches', () => {
  // 2-8-1 tanh MLP on y = sin(1.5 x0) + 0.5 x1^2 - 0.3, 128 examples,
  // gradient batches of 64 and curvature batches of 16, 25 steps.
  const set = nonlinearSet(128, 2, 3);
  const model = tanhMlp(2, 8, 1);
  const theta0 = normals32(model.numParams, 4, 0.5);
  const MAX_CG = 30;

  it('every report is finite and consistent; onStep receives the very object step() resolves to', async () => {
    const data = tensors(set);
    const seen: HfStepReport[] = [];
    const opt = hessianFree(model, squaredError, data, theta0, {
      gradientBatchSize: 64,
      curvatureBatchSize: 16,
      maxCgIterations: MAX_CG,
      yieldToEventLoop: false,
      onStep: (r) => seen.push(r),
    });
    const returned: HfStepReport[] = [];
    for (let k = 1; k <= 25; k++) {
      const lambdaBefore = opt.lambda;
      const before = opt.parameters;
      const r = await opt.step();
      returned.push(r);
      expect(seen[k - 1]).toBe(r);
      expect(opt.stepCount).toBe(k);
      expect(opt.lambda).toBe(r.lambda);
      checkReport(r, k, lambdaBefore, before, opt.parameters, MAX_CG);
      // Each step uses a separate curvature batch: the curvature phase is timed.
      expect(r.timings.curvatureMs).toBeGreaterThan(0);
    }
    expect(seen.length).toBe(25);
    const accepted = returned.filter((r) => r.accepted).length;
    measured.push(
      `MLP minibatch run: ${accepted}/25 accepted; rho ${returned.map((r) => (Number.isFinite(r.rho) ? r.rho.toFixed(2) : String(r.rho))).join(' ')}`,
    );
    expect(accepted).toBeGreaterThan(15);
    opt.dispose();
    disposeAll(data);
  });

  it('with the whole set as the batch, the next lossBefore is the previous lossAfter (1e-6 relative)', async () => {
    // Same objective at the same float32 parameters, computed once by the
    // line search (forward pass) and once by the next step's gradient pass:
    // only float32 rounding of differently ordered ops may differ.
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, theta0, { maxCgIterations: MAX_CG, yieldToEventLoop: false });
    let previous: HfStepReport | null = null;
    for (let k = 1; k <= 10; k++) {
      const lambdaBefore = opt.lambda;
      const before = opt.parameters;
      const r = await opt.step();
      checkReport(r, k, lambdaBefore, before, opt.parameters, MAX_CG);
      // The gradient batch is the curvature batch: no separate curvature pass.
      expect(r.timings.curvatureMs).toBe(0);
      if (previous !== null) expect(Math.abs(r.lossBefore - previous.lossAfter)).toBeLessThanOrEqual(1e-6 * previous.lossAfter);
      previous = r;
    }
    opt.dispose();
    disposeAll(data);
  });

  it('an onStep set on the optimizer after construction is called; the constructor one is replaced', async () => {
    const data = tensors(set);
    let first = 0;
    const opt = hessianFree(model, squaredError, data, theta0, { maxCgIterations: 5, yieldToEventLoop: false, onStep: () => first++ });
    await opt.step();
    const later: HfStepReport[] = [];
    opt.onStep = (r) => later.push(r);
    const r = await opt.step();
    expect(first).toBe(1);
    expect(later).toEqual([r]);
    opt.dispose();
    disposeAll(data);
  });
});

describe('at the float32 floor', () => {
  it('steps past convergence are rejected, never "accepted" without a decrease (Armijo needs f < f0)', async () => {
    // Logistic regression with the empirical Fisher, 25 steps: the objective
    // stops changing in float32 after ~12. Later steps have slopes g'p ~
    // 1e-12 and below, where f0 + c alpha slope rounds to f0 in float64, so
    // Armijo's bound alone would accept f(alpha) = f0 (found: step 20
    // "accepted" at alpha = 0.8^59 with theta unchanged).
    const set = logisticSet(200, 3, 93);
    const data = tensors(set);
    const opt = hessianFree(linearModel(3), sigmoidCrossEntropy, data, new Float32Array(4), { curvature: 'fisher', yieldToEventLoop: false });
    for (let k = 1; k <= 25; k++) {
      const lambdaBefore = opt.lambda;
      const before = opt.parameters;
      const r = await opt.step();
      checkReport(r, k, lambdaBefore, before, opt.parameters, 250);
    }
    opt.dispose();
    disposeAll(data);
  });

  it('armijo itself: a value equal to f0 is not a decrease, however small the slope', () => {
    expect(armijo(0.5, -1e-20, () => 0.5).alpha).toBe(0);
    expect(armijo(0.5, -1e-20, () => 0.5, 0.5).alpha).toBe(0);
    // A real decrease below the bound's resolution is still accepted.
    expect(armijo(0.5, -1e-20, () => 0.49999999)).toMatchObject({ alpha: 1, tries: 1 });
  });
});

describe('Levenberg-Marquardt damping', () => {
  it('on a quadratic, rho is 1 against the UNDAMPED model and lambda drops by exactly 2/3 per step', async () => {
    // Linear least squares: the GGN is the exact Hessian H and f is
    // quadratic, so f(theta + p) - f(theta) = g'p + p'Hp / 2 for every p and
    // rho = 1 exactly in exact arithmetic. (Against the DAMPED model,
    // g'p + p'(H + lambda I)p / 2, it would be about 1.5 at lambda = 1,
    // curvature ~1.) Tolerance 1e-3: while the step's decrease is >= 1e-3 of
    // f, float32 rounding of f (~1e-7 relative) perturbs rho by < 1e-4.
    const set = regressionSet(100, 3, 21);
    const data = tensors(set);
    const opt = hessianFree(linearModel(3), squaredError, data, new Float32Array(4), { yieldToEventLoop: false });
    const rhos: number[] = [];
    for (let k = 0; k < 4; k++) {
      const lambda = opt.lambda;
      const r = await opt.step();
      expect(r.accepted).toBe(true);
      expect(Math.abs(r.lossAfter - r.lossBefore)).toBeGreaterThan(1e-3 * r.lossBefore);
      expect(Math.abs(r.rho - 1)).toBeLessThanOrEqual(1e-3);
      expect(r.lambda).toBe(lambda * (2 / 3));
      rhos.push(r.rho);
    }
    measured.push(`quadratic: rho ${rhos.map((r) => r.toFixed(6)).join(' ')}`);
    opt.dispose();
    disposeAll(data);
  });

  it('a poor quadratic model (tiny lambda on a strongly nonlinear tanh MLP) gives rho < 1/4 and lambda * 3/2', async () => {
    // A 2-6-1 tanh MLP from N(0, 1) weights: with lambda = 1e-6 the
    // Gauss-Newton step (34 CG iterations) is far outside the region where
    // the linearized network is accurate, and f rises at every saved CG
    // iterate (rho = -Infinity); the line search still finds a shorter step.
    // (Found by a scan over seeds and weight scales; with saturated units,
    // scale >= 3, the GN model is good and rho > 3/4 instead.)
    const set = nonlinearSet(64, 2, 8);
    const model = tanhMlp(2, 6, 1);
    const theta0 = normals32(model.numParams, 9, 1);
    const data = tensors(set);
    const opt = hessianFree(model, squaredError, data, theta0, { initialLambda: 1e-6, warmStartDecay: 0, yieldToEventLoop: false });
    const lambdas = [opt.lambda];
    const reports: HfStepReport[] = [];
    for (let k = 0; k < 6; k++) {
      const before = opt.lambda;
      const r = await opt.step();
      reports.push(r);
      expect(r.lambda).toBe(lmUpdate(before, r.rho));
      lambdas.push(r.lambda);
    }
    measured.push(
      `tanh MLP, lambda0 = 1e-6: rho ${reports.map((r) => (Number.isFinite(r.rho) ? r.rho.toFixed(3) : String(r.rho))).join(' ')}; accepted ${reports.map((r) => (r.accepted ? 'y' : 'n')).join('')}`,
    );
    // The first step's model is poor: lambda rises by exactly 3/2.
    expect(reports[0].rho).toBeLessThan(0.25);
    expect(lambdas[1]).toBe(1e-6 * 1.5);
    opt.dispose();
    disposeAll(data);
  });

  it('a rejected step (the objective rises along every trial) raises lambda by 3/2 and leaves theta bit-identical', async () => {
    // A linear model with a loss whose curvature the optimizer is told is
    // 1e9 times too small (squared error with H_L scaled by 1e-9: a wrong
    // OutputLoss). At lambda = 1e-9 CG's step is ~1e9 times too long, so f
    // rises at every one of Armijo's 60 trial lengths (alpha >= 0.8^59 ~ 2e-6,
    // still a step ~1e3 times too long): rejected, rho = -Infinity.
    const wrongCurvature: OutputLoss = {
      ...squaredError,
      outputHessianProduct: (p, u) => tf.tidy(() => tf.mul(squaredError.outputHessianProduct(p, u), 1e-9)),
    };
    const set = regressionSet(50, 2, 31);
    const data = tensors(set);
    const theta0 = Float32Array.of(0.1, -0.2, 0.3);
    const opt = hessianFree(linearModel(2), wrongCurvature, data, theta0, { initialLambda: 1e-9, preconditioner: false, yieldToEventLoop: false });
    const r = await opt.step();
    expect(r.accepted).toBe(false);
    expect(r.rho).toBe(-Infinity);
    expect(r.lambda).toBe(1e-9 * 1.5);
    expect(r.stepSize).toBe(0);
    expect(r.fallback).toMatch(/rejected/);
    expect(identical(opt.parameters, theta0)).toBe(true);
    expect(opt.stepCount).toBe(1);
    opt.dispose();
    disposeAll(data);
  });
});
