import { sigmoidCrossEntropy, softmaxCrossEntropy, squaredError, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { hessianFree, type HessianFreeOptions, type HfStepReport } from '@hessian-free/hf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import {
  disposeAll,
  linearModel,
  logisticHessian,
  logisticObjective,
  logisticSet,
  logisticSolution,
  multiclassSet,
  newtonSolve,
  regressionSet,
  softmaxRegression,
  ridgeHessian,
  ridgeObjective,
  ridgeSolution,
  smallestEigenvalue,
  tensors,
  ulp32,
  withOnes,
  type TestSet,
} from './helpers/hf-fixtures.js';
import { maxAbs, maxAbsDiff } from './helpers/problems.js';

// Convergence of HF with the default Gauss-Newton curvature on convex
// problems with an independent float64 minimizer. For a linear model the GGN
// is the exact Hessian (X'X/m for squared error, X'DX/m for logistic
// regression), so HF is a Levenberg-Marquardt-damped Newton method here and
// must reach the minimizer.
//
// How close float32 HF can get. The step is accepted only when the float32
// objective decreases (Armijo), and near the minimizer
// f(theta) - f* = (1/2) e'He >= (1/2) lambda_min |e|^2. The float32 objective
// at f* is resolved to about one ulp, ulp32(f*), plus the rounding of its
// sum over the examples (a few ulps more): take 4 ulp32(f*). So HF can
// certify decrease only while |e| >~ sqrt(2 * 4 ulp32(f*) / lambda_min),
// and the test's tolerance on |theta - theta*|_inf is that bound,
//     tol = sqrt(8 ulp32(f*) / lambda_min(H*)),
// computed from the float64 reference. (A tighter tolerance would demand
// float64 behaviour from a float32 optimizer; a looser one would hide a bug.)
// Each case also checks that |theta*| is at least 100 tol, so reaching the
// tolerance is not trivial.

beforeAll(() => useBackend('cpu'));

const measured: string[] = [];
afterAll(() => console.log(`network-convergence (steps to reach tol):\n  ${measured.join('\n  ')}`));

interface Case {
  readonly name: string;
  readonly set: TestSet | { inputs: tf.Tensor; targets: Int32Array; m: number };
  readonly loss: OutputLoss;
  readonly l2: number;
  readonly maxSteps: number;
  readonly options?: HessianFreeOptions;
  readonly reference: () => { theta: Float64Array; value: number; hessian: Float64Array };
  readonly objective: (theta: ArrayLike<number>) => number;
}

async function converge(c: Case, model: FunctionalModel): Promise<void> {
  const n = model.numParams;
  const ref = c.reference();
  const fStar = ref.value;
  const tol = Math.sqrt((8 * ulp32(fStar)) / smallestEigenvalue(ref.hessian, n));
  expect(maxAbs(ref.theta)).toBeGreaterThan(100 * tol);

  const data = 'x' in c.set ? tensors(c.set) : { inputs: tf.clone(c.set.inputs), targets: c.set.targets };
  const opt = hessianFree(model, c.loss, data, new Float32Array(n), { l2: c.l2, yieldToEventLoop: false, ...c.options });
  const reports: HfStepReport[] = [];
  let reached = Infinity;
  let error = Infinity;
  for (let k = 1; k <= c.maxSteps; k++) {
    reports.push(await opt.step());
    error = maxAbsDiff(opt.parameters, ref.theta);
    if (error <= tol) {
      reached = k;
      break;
    }
  }
  const theta = opt.parameters;
  opt.dispose();
  disposeAll(data);
  measured.push(
    `${c.name}: ${reached} steps (tol ${tol.toExponential(1)}, error ${error.toExponential(1)}, ` +
      `CG iterations ${reports.map((r) => r.cg.iterations).join(',')}, final lambda ${reports[reports.length - 1].lambda.toExponential(1)})`,
  );
  expect(reached).toBeLessThanOrEqual(c.maxSteps);
  // The reported objective is the function the reference minimizes: its
  // float32 evaluation agrees with float64 to 1e-6 relative (a sum of a few
  // hundred float32 terms of similar size: ~sqrt(m) eps32 ~ 2e-6 worst).
  expect(Math.abs(reports[reports.length - 1].lossAfter - c.objective(theta))).toBeLessThanOrEqual(2e-6 * fStar);
}

describe('linear least squares (squaredError): the normal-equation solution', () => {
  // 200 examples, 4 features + bias, noise 0.1: X'X/m has lambda_min ~ 0.88,
  // cond ~ 2; |theta*| ~ 1.
  const set = regressionSet(200, 4, 11);
  const X = withOnes(set);
  const n = set.d + 1;
  const cases: [string, number, HessianFreeOptions, number][] = [
    // Default lambda = 1 on a problem with curvature ~1: each step solves
    // (H + lambda I) p = -g, a contraction by ~lambda / (lambda + h), and
    // lambda falls by 2/3 per step (rho = 1 on a quadratic): ~8 steps.
    ['least squares, lambda0 = 1', 0, {}, 15],
    ['ridge l2 = 0.5, lambda0 = 1', 0.5, {}, 15],
    // With lambda0 = 1e-3 the first step is nearly the Newton step, exact on a quadratic.
    ['least squares, lambda0 = 1e-3', 0, { initialLambda: 1e-3 }, 3],
    ['ridge l2 = 0.5, lambda0 = 1e-3', 0.5, { initialLambda: 1e-3 }, 3],
    // Every switch off: plain damped Newton-CG steps, still convergent.
    [
      'least squares, no preconditioner, backtracking, line search or warm start',
      0,
      { preconditioner: false, backtracking: false, lineSearch: false, warmStartDecay: 0 },
      15,
    ],
  ];
  for (const [name, l2, options, maxSteps] of cases) {
    it(`${name}: reaches theta* within ${maxSteps} steps`, async () => {
      await converge(
        {
          name,
          set,
          loss: squaredError,
          l2,
          maxSteps,
          options,
          reference: () => {
            const theta = ridgeSolution(X, set.y, set.m, n, l2);
            return { theta, value: ridgeObjective(X, set.y, set.m, n, l2, theta), hessian: ridgeHessian(X, set.m, n, l2) };
          },
          objective: (theta) => ridgeObjective(X, set.y, set.m, n, l2, theta),
        },
        linearModel(set.d),
      );
    });
  }

  it('lambda stops at its floor min(initialLambda, 1e-10) and never underflows to 0', async () => {
    // On a quadratic rho = 1, so LM multiplies lambda by 2/3: 1.2e-10 -> 8e-11, clamped to 1e-10.
    const data = tensors(set);
    const opt = hessianFree(linearModel(set.d), squaredError, data, new Float32Array(n), { initialLambda: 1.2e-10, yieldToEventLoop: false });
    const report = await opt.step();
    opt.dispose();
    disposeAll(data);
    expect(report.rho).toBeGreaterThan(0.75);
    expect(report.lambda).toBe(1e-10);
  });

  it('the ridge reference differs from the least-squares one by far more than the tolerance', () => {
    // Guards the l2 cases against a reference (or an optimizer) that ignores l2.
    expect(maxAbsDiff(ridgeSolution(X, set.y, set.m, n, 0.5), ridgeSolution(X, set.y, set.m, n, 0))).toBeGreaterThan(0.1);
  });
});

describe('logistic regression (sigmoidCrossEntropy): the float64 Newton solution', () => {
  // 300 examples, 3 features + bias, labels from a logistic model (not
  // separable, so the l2 = 0 minimizer exists). lambda_min(H*) ~ 0.17 (l2 =
  // 0) and 0.28 (l2 = 0.1), f* ~ 0.66: tol ~ 1.7e-3 and 1.3e-3, against
  // |theta*| ~ 1.
  const set = logisticSet(300, 3, 5);
  const X = withOnes(set);
  const n = set.d + 1;
  for (const l2 of [0, 0.1]) {
    const name = `logistic l2 = ${l2}`;
    it(`${name}: reaches theta* within 15 steps`, async () => {
      await converge(
        {
          name,
          set,
          loss: sigmoidCrossEntropy,
          l2,
          maxSteps: 15,
          reference: () => {
            const { theta, value } = logisticSolution(X, set.y, set.m, n, l2);
            return { theta, value, hessian: logisticHessian(X, set.y, set.m, n, l2, theta) };
          },
          objective: (theta) => logisticObjective(X, set.y, set.m, n, l2, theta),
        },
        linearModel(set.d),
      );
    });
  }
});

describe('softmax regression (softmaxCrossEntropy, Int32Array labels): the float64 Newton solution', () => {
  // 240 examples, 3 features + bias, 3 classes from a softmax model; l2 =
  // 0.05 makes the minimizer unique (softmax is invariant to adding one
  // vector to every class's weights). 12 parameters. The GGN of softmax
  // cross-entropy with a linear model is the exact Hessian.
  const m = 240;
  const set = multiclassSet(m, 3, 3, 131);
  const X = withOnes({ m, d: 3, x: set.x, y: new Float32Array(m) });
  const l2 = 0.05;
  const problem = softmaxRegression(X, set.labels, m, 4, 3, l2);
  it('reaches theta* within 15 steps', async () => {
    const inputs = tf.tensor2d(set.x, [m, 3]);
    await converge(
      {
        name: 'softmax l2 = 0.05',
        set: { inputs, targets: set.labels, m },
        loss: softmaxCrossEntropy,
        l2,
        maxSteps: 15,
        reference: () => newtonSolve(problem, 12),
        objective: (theta) => problem.value(theta),
      },
      linearModel(3, 3),
    );
    inputs.dispose();
  });
});
