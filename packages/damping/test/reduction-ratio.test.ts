import { describe, expect, test } from 'vitest';
import { reductionRatio } from '@hessian-free/damping';

describe('reductionRatio', () => {
  // Expected values worked out by hand from rho = (fNew - fOld) / predicted.
  test.each([
    { why: 'model exact', fOld: 10, fNew: 8, predicted: -2, rho: 1 },
    { why: 'half the predicted decrease', fOld: 10, fNew: 9, predicted: -2, rho: 0.5 },
    { why: 'more decrease than predicted', fOld: 1, fNew: -2, predicted: -1, rho: 3 },
    { why: 'f unchanged, decrease predicted', fOld: 5, fNew: 5, predicted: -1, rho: 0 },
    { why: 'f rose', fOld: 5, fNew: 6, predicted: -1, rho: -Infinity },
    { why: 'f rose by a hair', fOld: 5, fNew: 5 + 1e-12, predicted: -1, rho: -Infinity },
    { why: 'f rose, model predicted a rise', fOld: 5, fNew: 6, predicted: 1, rho: -Infinity },
    { why: 'zero prediction, f fell', fOld: 5, fNew: 4, predicted: 0, rho: 0 },
    { why: 'zero prediction, f unchanged', fOld: 5, fNew: 5, predicted: 0, rho: 0 },
    { why: 'negative zero prediction', fOld: 5, fNew: 4, predicted: -0, rho: 0 },
    { why: 'positive prediction, f fell', fOld: 5, fNew: 4, predicted: 0.5, rho: 0 },
    { why: 'NaN new value', fOld: 5, fNew: NaN, predicted: -1, rho: -Infinity },
    { why: 'infinite new value', fOld: 5, fNew: Infinity, predicted: -1, rho: -Infinity },
    { why: '-Infinity new value', fOld: 5, fNew: -Infinity, predicted: -1, rho: -Infinity },
    { why: 'NaN old value', fOld: NaN, fNew: 4, predicted: -1, rho: -Infinity },
    { why: 'NaN prediction', fOld: 5, fNew: 4, predicted: NaN, rho: -Infinity },
    { why: 'infinite prediction', fOld: 5, fNew: 4, predicted: -Infinity, rho: -Infinity },
  ])('$why', ({ fOld, fNew, predicted, rho }) => {
    expect(reductionRatio(fOld, fNew, predicted)).toBe(rho);
  });

  test('never NaN or +Infinity', () => {
    const values = [0, -0, 1, -1, 1e-300, -1e300, NaN, Infinity, -Infinity];
    for (const a of values) for (const b of values) for (const c of values) {
      const rho = reductionRatio(a, b, c);
      expect(Number.isNaN(rho) || rho === Infinity).toBe(false);
    }
  });
});
