// The page's pure parts, without a browser: the ticks of the axes that count
// (whole numbers only), and the estimate of where an HF step is while it runs.
import { describe, expect, it } from 'vitest';
import { INTEGER_INCREMENTS, integerTicks, logLabels, stepTicks } from '../web/axis-ticks.js';
import { describeStep, estimateStep } from '../web/step-estimate.js';

describe('axis ticks', () => {
  it('counting axes step by whole numbers and drop fractional splits', () => {
    expect(INTEGER_INCREMENTS.every(Number.isInteger)).toBe(true);
    expect(INTEGER_INCREMENTS.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(integerTicks(null, [0, 0.25, 0.5, 1, 1.5, 2])).toEqual([0, null, null, 1, null, 2]);
  });

  it('the asinh step axis keeps 0 and 1, 2, 5 x 10^k, decades only over more than two decades', () => {
    expect(stepTicks(null, [0, 0.5, 1, 2, 3, 4, 5, 6, 10, 20, 30, 50, 90])).toEqual([0, null, 1, 2, null, null, 5, null, 10, 20, null, 50, null]);
    expect(stepTicks(null, [0, 1, 2, 5, 10, 20, 100, 200, 1000, 3000])).toEqual([0, 1, null, null, 10, null, 100, null, 1000, null]);
  });

  it('log axes label small values as powers of ten, never 0', () => {
    expect(logLabels(null, [1, 0.1, 0.001, 1e-4, 1e-6])).toEqual(['1', '0.1', '0.001', '1e-4', '1e-6']);
  });
});

describe('the in-step estimate of HF', () => {
  // The previous step: 0.3 s gradient, 0.1 s curvature, 0.2 s preconditioner, 20 CG iterations in 4 s (0.2 s each).
  const previous = { phases: { gradientMs: 300, curvatureMs: 100, preconditionerMs: 200, cgMs: 4000, backtrackMs: 500, lineSearchMs: 100, totalMs: 5200 }, cgIterations: 20 };

  it('places the step before, in and after CG from the previous step\'s timings', () => {
    expect(estimateStep(500, previous, 100)).toEqual({ phase: 'before-cg' });
    expect(estimateStep(600, previous, 100)).toEqual({ phase: 'cg', iteration: 1 });
    expect(estimateStep(600 + 0.2 * 1000 * 11.5, previous, 100)).toEqual({ phase: 'cg', iteration: 12 });
    // CG may run longer than last time, up to the cap; past it, the step is after CG.
    expect(estimateStep(600 + 200 * 40.5, previous, 100)).toEqual({ phase: 'cg', iteration: 41 });
    expect(estimateStep(600 + 200 * 100.5, previous, 100)).toEqual({ phase: 'after-cg' });
  });

  it('says it is an estimate, and that there is none before the first step ends', () => {
    expect(describeStep(1, 2500, undefined, 100)).toBe(
      'HF step 1 under way: 2.5 s so far (CG: at most 100 iterations); hf reports a step when it ends, so there is no estimate before the first one has.',
    );
    expect(describeStep(7, 600 + 200 * 11.5, previous, 100)).toBe(
      "HF step 7 under way: 2.9 s so far; probably CG iteration 12 of at most 100, estimated from the previous step's timings (the previous step: 20 CG iterations of at most 100).",
    );
  });
});
