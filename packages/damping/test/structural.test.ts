import { describe, expect, test } from 'vitest';
import { levenbergMarquardt, structuralDamping } from '@hessian-free/damping';

describe('structuralDamping (Martens & Sutskever 2011): weight = lambda * mu', () => {
  // Products by hand; mu = 1/30 and 0.03 are not doubles, so compare to 15 decimals.
  test.each([
    { mu: 0.03, lambda: 2, weight: 0.06 },
    { mu: 1 / 30, lambda: 3, weight: 0.1 },
    { mu: 1, lambda: 5, weight: 5 },
    { mu: 0.5, lambda: 0.25, weight: 0.125 },
    { mu: 0, lambda: 7, weight: 0 },
    { mu: 0.5, lambda: 0, weight: 0 },
  ])('mu $mu, lambda $lambda -> $weight', ({ mu, lambda, weight }) => {
    const s = structuralDamping({ mu });
    expect(s.mu).toBe(mu);
    expect(s.weight(lambda)).toBeCloseTo(weight, 15);
  });

  test('the weight follows lambda through Levenberg-Marquardt updates', () => {
    const s = structuralDamping({ mu: 0.5 });
    const lm = levenbergMarquardt({ initialLambda: 2 });
    // lambda 2 -> 3 (boost) -> 4.5 (boost) -> 3 (drop), by hand; weight = lambda / 2.
    let state = lm.initial();
    const weights = [s.weight(state.lambda)];
    for (const rho of [0, 0, 1]) {
      state = lm.update(state, rho);
      weights.push(s.weight(state.lambda));
    }
    [1, 1.5, 2.25, 1.5].forEach((w, i) => expect(weights[i]).toBeCloseTo(w, 14));
  });

  test.each([
    [{ mu: -1 }, 'structuralDamping: mu must be >= 0, got -1'],
    [{ mu: NaN }, 'structuralDamping: mu must be a finite number, got NaN'],
    [{ mu: Infinity }, 'structuralDamping: mu must be a finite number, got Infinity'],
    [{}, 'structuralDamping: mu must be a finite number, got undefined'],
    [undefined, 'structuralDamping: options must be a plain object, got undefined'],
  ])('bad options %o', (options, message) => {
    expect(() => structuralDamping(options as never)).toThrow(message);
  });

  test.each([
    [-1, 'structuralDamping.weight: lambda must be >= 0, got -1'],
    [NaN, 'structuralDamping.weight: lambda must be a finite number, got NaN'],
    [Infinity, 'structuralDamping.weight: lambda must be a finite number, got Infinity'],
  ])('bad lambda %s', (lambda, message) => {
    expect(() => structuralDamping({ mu: 0.1 }).weight(lambda)).toThrow(message);
  });
});
