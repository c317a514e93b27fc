import { describe, expect, test } from 'vitest';
import { reductionRatio } from '@hessian-free/damping';

describe('reductionRatio(fOld, fNew, predictedChange)', () => {
  // Expected rho worked out by hand from (fNew - fOld) / predictedChange; all
  // operands are dyadic, so the quotients are exact and `toBe` is fair.
  test.each([
    { why: 'model exact', fOld: 10, fNew: 8, predicted: -2, rho: 1 },
    { why: 'half the predicted decrease', fOld: 10, fNew: 9, predicted: -2, rho: 0.5 },
    { why: 'a quarter of it', fOld: 3, fNew: 2.5, predicted: -2, rho: 0.25 },
    { why: 'three quarters of it', fOld: 1, fNew: 0.25, predicted: -1, rho: 0.75 },
    { why: 'more decrease than predicted', fOld: 1, fNew: -2, predicted: -1, rho: 3 },
    { why: 'negative f values', fOld: -4, fNew: -5, predicted: -4, rho: 0.25 },
    { why: 'f unchanged, decrease predicted (+0, not -0)', fOld: 5, fNew: 5, predicted: -1, rho: 0 },
    { why: 'f from -0 to +0 is unchanged (+0, not -0)', fOld: -0, fNew: 0, predicted: -1, rho: 0 },
    { why: 'f rose', fOld: 5, fNew: 6, predicted: -1, rho: -Infinity },
    { why: 'f rose by a hair', fOld: 5, fNew: 5 + 2 ** -50, predicted: -1, rho: -Infinity },
    { why: 'f rose, model predicted a rise', fOld: 5, fNew: 6, predicted: 1, rho: -Infinity },
    { why: 'f rose, zero prediction', fOld: 5, fNew: 6, predicted: 0, rho: -Infinity },
    { why: 'zero prediction, f fell', fOld: 5, fNew: 4, predicted: 0, rho: 0 },
    { why: 'zero prediction, f unchanged', fOld: 5, fNew: 5, predicted: 0, rho: 0 },
    { why: 'negative zero prediction', fOld: 5, fNew: 4, predicted: -0, rho: 0 },
    { why: 'positive prediction, f fell', fOld: 5, fNew: 4, predicted: 0.5, rho: 0 },
    { why: 'positive prediction, f unchanged', fOld: 5, fNew: 5, predicted: 0.5, rho: 0 },
    { why: 'quotient overflows: subnormal prediction', fOld: 1, fNew: 0, predicted: -(2 ** -1074), rho: Number.MAX_VALUE },
    { why: 'quotient overflows: f difference', fOld: 1e308, fNew: -1e308, predicted: -1, rho: Number.MAX_VALUE },
    { why: 'NaN new value', fOld: 5, fNew: NaN, predicted: -1, rho: -Infinity },
    { why: '+Infinity new value', fOld: 5, fNew: Infinity, predicted: -1, rho: -Infinity },
    { why: '-Infinity new value', fOld: 5, fNew: -Infinity, predicted: -1, rho: -Infinity },
    { why: 'NaN old value', fOld: NaN, fNew: 4, predicted: -1, rho: -Infinity },
    { why: '+Infinity old value', fOld: Infinity, fNew: 4, predicted: -1, rho: -Infinity },
    { why: 'both values -Infinity', fOld: -Infinity, fNew: -Infinity, predicted: -1, rho: -Infinity },
    { why: 'NaN prediction', fOld: 5, fNew: 4, predicted: NaN, rho: -Infinity },
    { why: '-Infinity prediction', fOld: 5, fNew: 4, predicted: -Infinity, rho: -Infinity },
    { why: '+Infinity prediction', fOld: 5, fNew: 4, predicted: Infinity, rho: -Infinity },
  ])('$why: rho = $rho', ({ fOld, fNew, predicted, rho }) => {
    expect(reductionRatio(fOld, fNew, predicted)).toBe(rho);
  });

  test('is -Infinity or a finite number >= 0 for every input', () => {
    const values = [0, -0, 1, -1, 2 ** -1074, -(2 ** -1074), 1e308, -1e308, Number.MAX_VALUE, NaN, Infinity, -Infinity];
    for (const a of values) for (const b of values) for (const c of values) {
      const rho = reductionRatio(a, b, c);
      expect(rho === -Infinity || (Number.isFinite(rho) && rho >= 0 && !Object.is(rho, -0))).toBe(true);
    }
  });
});
