import { describe, expect, test } from 'vitest';
import { levenbergMarquardt, reductionRatio, tikhonov } from '@hessian-free/damping';

describe('levenbergMarquardt with Martens defaults', () => {
  const lm = levenbergMarquardt({ initialLambda: 6 });
  // lambda = 6; boost 3/2 -> 9, drop 2/3 -> 4 (by hand).
  test.each([
    { rho: -Infinity, lambda: 9 },
    { rho: -1, lambda: 9 },
    { rho: 0, lambda: 9 },
    { rho: 0.2499, lambda: 9 },
    { rho: 0.25, lambda: 6 }, // strict: exactly 1/4 leaves lambda alone
    { rho: 0.5, lambda: 6 },
    { rho: 0.75, lambda: 6 }, // strict: exactly 3/4 leaves lambda alone
    { rho: 0.7501, lambda: 4 },
    { rho: 1, lambda: 4 },
    { rho: 5, lambda: 4 },
    { rho: NaN, lambda: 9 },
  ])('rho = $rho -> lambda $lambda', ({ rho, lambda }) => {
    expect(lm.update(lm.initial(), rho).lambda).toBeCloseTo(lambda, 14);
  });

  test('update does not mutate its input', () => {
    const s = lm.initial();
    const frozen = Object.freeze({ ...s });
    lm.update(frozen, 0);
    expect(frozen.lambda).toBe(6);
  });
});

describe('levenbergMarquardt options', () => {
  test('custom thresholds and factors', () => {
    const lm = levenbergMarquardt({ initialLambda: 1, low: 0.1, high: 0.9, boost: 10, drop: 0.1 });
    expect(lm.update(lm.initial(), 0.05).lambda).toBe(10);
    expect(lm.update(lm.initial(), 0.2).lambda).toBe(1);
    expect(lm.update(lm.initial(), 0.95).lambda).toBeCloseTo(0.1, 15);
  });

  test('clamps from above and below', () => {
    const lm = levenbergMarquardt({ initialLambda: 1, minLambda: 0.9, maxLambda: 1.2 });
    expect(lm.update(lm.initial(), 1).lambda).toBe(0.9); // 2/3 clamped up to 0.9
    expect(lm.update(lm.initial(), 0).lambda).toBe(1.2); // 3/2 clamped down to 1.2
  });

  test('defaults: initial lambda 1', () => {
    expect(levenbergMarquardt().initial()).toEqual({ kind: 'levenberg-marquardt', lambda: 1 });
  });

  test.each([
    [{ low: 0.8, high: 0.5 }, /low and high/],
    [{ low: -0.1 }, /low and high/],
    [{ high: 1.5 }, /low and high/],
    [{ boost: 1 }, /boost must be > 1/],
    [{ drop: 1 }, /drop must be in \(0, 1\)/],
    [{ drop: 0 }, /drop must be in \(0, 1\)/],
    [{ initialLambda: -1 }, /initialLambda must be >= 0/],
    [{ initialLambda: NaN }, /initialLambda must be a finite number/],
    [{ initialLambda: Infinity }, /initialLambda must be a finite number/],
    [{ minLambda: 2, maxLambda: 1 }, /minLambda must be <= maxLambda/],
    [{ initialLambda: 5, maxLambda: 1 }, /initialLambda must lie in/],
    [{ minLambda: -1 }, /minLambda must be >= 0/],
  ])('bad option %o', (options, message) => {
    expect(() => levenbergMarquardt(options)).toThrow(message);
  });
});

describe('tikhonov', () => {
  test('lambda never moves', () => {
    const t = tikhonov({ lambda: 0.3 });
    for (const rho of [-Infinity, 0, 0.5, 1, NaN]) expect(t.update(t.initial(), rho).lambda).toBe(0.3);
  });
  test.each([[-1, />= 0/], [NaN, /finite/]])('bad lambda %s', (lambda, message) => {
    expect(() => tikhonov({ lambda })).toThrow(new RegExp(`tikhonov: lambda must .*${message.source}`));
  });
});

describe('serializable state', () => {
  // A run of 20 steps driven by a fixed sequence of (fOld, fNew, predicted):
  // interrupted after 10 steps, serialized, restored, it must continue exactly.
  const steps = Array.from({ length: 20 }, (_, i) => {
    const predicted = -1 - (i % 3);
    const actual = [-1.2, 0.3, -0.5, -2.5, -0.05][i % 5] * -predicted;
    return reductionRatio(10, 10 + actual, predicted);
  });

  test('levenbergMarquardt resumes identically through JSON', () => {
    const lm = levenbergMarquardt({ initialLambda: 2 });
    let straight = lm.initial();
    for (const rho of steps) straight = lm.update(straight, rho);

    let first = lm.initial();
    for (const rho of steps.slice(0, 10)) first = lm.update(first, rho);
    let resumed = lm.restore(JSON.parse(JSON.stringify(first)));
    for (const rho of steps.slice(10)) resumed = lm.update(resumed, rho);
    expect(resumed).toEqual(straight);
  });

  test.each([
    [null, /state must be a plain object/],
    [[1], /state must be a plain object/],
    [{ kind: 'tikhonov', lambda: 1 }, /state.kind must be "levenberg-marquardt"/],
    [{ kind: 'levenberg-marquardt' }, /state.lambda must be a finite number/],
    [{ kind: 'levenberg-marquardt', lambda: -2 }, /state.lambda must be >= 0/],
  ])('restore rejects %o', (json, message) => {
    expect(() => levenbergMarquardt().restore(json)).toThrow(message);
  });

  test('tikhonov restore', () => {
    const t = tikhonov({ lambda: 1 });
    expect(t.restore({ kind: 'tikhonov', lambda: 4 })).toEqual({ kind: 'tikhonov', lambda: 4 });
    expect(() => t.restore({ kind: 'levenberg-marquardt', lambda: 4 })).toThrow(/state.kind must be "tikhonov"/);
  });
});
