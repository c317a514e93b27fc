import { describe, expect, test } from 'vitest';
import { levenbergMarquardt } from '@hessian-free/damping';

// 2/3 is not a double: a drop is exact up to one rounding, so drops are
// compared to 12 decimals (relative error ~1e-16 on values of order 1-10).
describe('levenbergMarquardt, Martens (2010) defaults', () => {
  const lm = levenbergMarquardt({ initialLambda: 6 });
  // lambda 6: boost 6 * 3/2 = 9, drop 6 * 2/3 = 4 (by hand).
  test.each([
    { rho: -Infinity, lambda: 9 },
    { rho: -1, lambda: 9 },
    { rho: 0, lambda: 9 },
    { rho: 0.2499999, lambda: 9 },
    { rho: 0.25, lambda: 6 }, // strict: exactly 1/4 leaves lambda alone
    { rho: 0.5, lambda: 6 },
    { rho: 0.75, lambda: 6 }, // strict: exactly 3/4 leaves lambda alone
    { rho: 0.7500001, lambda: 4 },
    { rho: 1, lambda: 4 },
    { rho: 5, lambda: 4 },
    { rho: Number.MAX_VALUE, lambda: 4 },
    { rho: NaN, lambda: 9 }, // NaN counts as a failed step
  ])('rho = $rho -> lambda $lambda', ({ rho, lambda }) => {
    const before = Object.freeze(lm.initial());
    const after = lm.update(before, rho);
    expect(after.kind).toBe('levenberg-marquardt');
    expect(after.lambda).toBeCloseTo(lambda, 12);
    expect(before).toEqual({ kind: 'levenberg-marquardt', lambda: 6 });
  });

  test('defaults: initial lambda 1', () => {
    expect(levenbergMarquardt().initial()).toEqual({ kind: 'levenberg-marquardt', lambda: 1 });
  });

  test('five failures from 1 give (3/2)^5 = 243/32 exactly; five successes return to 1', () => {
    let s = levenbergMarquardt().initial();
    for (let i = 0; i < 5; i++) s = lm.update(s, 0);
    expect(s.lambda).toBe(243 / 32);
    for (let i = 0; i < 5; i++) s = lm.update(s, 1);
    expect(s.lambda).toBeCloseTo(1, 12);
  });
});

describe('levenbergMarquardt, custom options', () => {
  // lambda 1, low 0.1, high 0.9, boost 10, drop 1/2: boost -> 10, drop -> 0.5.
  const lm = levenbergMarquardt({ initialLambda: 1, low: 0.1, high: 0.9, boost: 10, drop: 0.5 });
  test.each([
    { rho: 0.05, lambda: 10 },
    { rho: 0.1, lambda: 1 },
    { rho: 0.5, lambda: 1 },
    { rho: 0.9, lambda: 1 },
    { rho: 0.95, lambda: 0.5 },
  ])('rho = $rho -> lambda $lambda', ({ rho, lambda }) => {
    expect(lm.update(lm.initial(), rho).lambda).toBe(lambda);
  });

  // The widest thresholds allowed, low 0 and high 1, still compare strictly.
  const wide = levenbergMarquardt({ initialLambda: 4, low: 0, high: 1, boost: 2, drop: 0.5 });
  test.each([
    { rho: -Infinity, lambda: 8 },
    { rho: -0.5, lambda: 8 },
    { rho: 0, lambda: 4 },
    { rho: 1, lambda: 4 },
    { rho: 1.01, lambda: 2 },
  ])('low 0, high 1: rho = $rho -> lambda $lambda', ({ rho, lambda }) => {
    expect(wide.update(wide.initial(), rho).lambda).toBe(lambda);
  });
});

describe('levenbergMarquardt clamps', () => {
  // [0.9, 1.2] around 1: boost 1.5 clamps to 1.2, drop 2/3 clamps to 0.9.
  const lm = levenbergMarquardt({ initialLambda: 1, minLambda: 0.9, maxLambda: 1.2 });
  test.each([
    { from: 1, rho: 0, lambda: 1.2 },
    { from: 1, rho: 1, lambda: 0.9 },
    { from: 1, rho: 0.5, lambda: 1 },
    { from: 1.2, rho: 0, lambda: 1.2 },
    { from: 0.9, rho: 1, lambda: 0.9 },
  ])('from $from, rho = $rho -> lambda $lambda', ({ from, rho, lambda }) => {
    expect(lm.update({ kind: 'levenberg-marquardt', lambda: from }, rho).lambda).toBe(lambda);
  });

  test.each([0, 0.5, 1, NaN])('minLambda = maxLambda pins lambda (rho = %s)', (rho) => {
    const pinned = levenbergMarquardt({ initialLambda: 2, minLambda: 2, maxLambda: 2 });
    expect(pinned.update(pinned.initial(), rho).lambda).toBe(2);
  });

  test('an overflowing boost clamps to maxLambda (1e300 by default)', () => {
    const lm2 = levenbergMarquardt({ initialLambda: 1e300, boost: 1e10 });
    expect(lm2.update(lm2.initial(), 0).lambda).toBe(1e300);
  });

  test('lambda 0 stays 0: Levenberg-Marquardt multiplies', () => {
    const zero = levenbergMarquardt({ initialLambda: 0 });
    expect(zero.update(zero.initial(), 0).lambda).toBe(0);
  });
});

describe('levenbergMarquardt option errors name the option', () => {
  test.each([
    [{ initialLambda: -1 }, 'levenbergMarquardt: initialLambda must be >= 0, got -1'],
    [{ initialLambda: NaN }, 'levenbergMarquardt: initialLambda must be a finite number, got NaN'],
    [{ initialLambda: Infinity }, 'levenbergMarquardt: initialLambda must be a finite number, got Infinity'],
    [{ initialLambda: '1' }, 'levenbergMarquardt: initialLambda must be a finite number'],
    [{ initialLambda: 5, maxLambda: 1 }, 'levenbergMarquardt: initialLambda must lie in [minLambda, maxLambda] = [0, 1], got 5'],
    [{ initialLambda: 0.5, minLambda: 1 }, 'levenbergMarquardt: initialLambda must lie in [minLambda, maxLambda] = [1, 1e+300], got 0.5'],
    [{ low: NaN }, 'levenbergMarquardt: low must be a finite number'],
    [{ high: Infinity }, 'levenbergMarquardt: high must be a finite number'],
    [{ low: -0.1 }, 'levenbergMarquardt: low and high must satisfy 0 <= low < high <= 1, got low = -0.1, high = 0.75'],
    [{ high: 1.5 }, 'levenbergMarquardt: low and high must satisfy 0 <= low < high <= 1, got low = 0.25, high = 1.5'],
    [{ low: 0.8, high: 0.5 }, 'levenbergMarquardt: low and high must satisfy'],
    [{ low: 0.5, high: 0.5 }, 'levenbergMarquardt: low and high must satisfy'],
    [{ boost: 1 }, 'levenbergMarquardt: boost must be > 1, got 1'],
    [{ boost: 0.5 }, 'levenbergMarquardt: boost must be > 1, got 0.5'],
    [{ boost: NaN }, 'levenbergMarquardt: boost must be a finite number'],
    [{ drop: 1 }, 'levenbergMarquardt: drop must be in (0, 1), got 1'],
    [{ drop: 0 }, 'levenbergMarquardt: drop must be in (0, 1), got 0'],
    [{ drop: Infinity }, 'levenbergMarquardt: drop must be a finite number'],
    [{ minLambda: -1 }, 'levenbergMarquardt: minLambda must be >= 0, got -1'],
    [{ minLambda: NaN }, 'levenbergMarquardt: minLambda must be a finite number'],
    [{ maxLambda: -1 }, 'levenbergMarquardt: maxLambda must be >= 0, got -1'],
    [{ maxLambda: Infinity }, 'levenbergMarquardt: maxLambda must be a finite number'],
    [{ minLambda: 2, maxLambda: 1 }, 'levenbergMarquardt: minLambda must be <= maxLambda, got 2 > 1'],
    [null, 'levenbergMarquardt: options must be a plain object, got null'],
    [[], 'levenbergMarquardt: options must be a plain object, got an array'],
  ])('%o', (options, message) => {
    expect(() => levenbergMarquardt(options as never)).toThrow(message);
  });
});
