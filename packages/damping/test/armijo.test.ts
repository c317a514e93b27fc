import { describe, expect, test } from 'vitest';
import { armijoRule, type ArmijoRule } from '@hessian-free/damping';

/** The caller's loop: the step lengths tried and the decision that ended the search. */
function search(rule: ArmijoRule, f0: number, slope: number, f: (t: number) => number, tolerance?: number) {
  const steps: number[] = [];
  let step = 1;
  for (let tries = 1; ; tries++) {
    steps.push(step);
    const decision = rule.decide({ f0, slope, step, value: f(step), tries, tolerance });
    if (decision.kind !== 'shorten') return { steps, end: decision.kind };
    step = decision.step;
  }
}

describe('armijoRule: the decision after each try', () => {
  const martens = armijoRule({ c: 1e-2, shrink: 0.8, maxTries: 60, strictDecrease: true });

  test('accepts t = 1 when f(1) <= f0 + c slope', () => {
    // f0 = 1, slope -1: the bound at t = 1 is 1 - 0.01 = 0.99.
    expect(martens.decide({ f0: 1, slope: -1, step: 1, value: 0.99, tries: 1 })).toEqual({ kind: 'accept' });
    expect(martens.decide({ f0: 1, slope: -1, step: 1, value: 0.995, tries: 1 })).toEqual({ kind: 'shorten', step: 0.8 });
  });

  test('shortens by the factor until the bound holds: (t - 0.3)^2 from f0 = 0.09 along slope -0.6', () => {
    // By hand: t = 0.64 gives 0.1156 > 0.09 - 0.01 * 0.64 * 0.6 = 0.08616; t = 0.512 gives 0.044944 <= 0.08693.
    const r = search(martens, 0.09, -0.6, (t) => (t - 0.3) ** 2);
    expect(r.end).toBe('accept');
    expect(r.steps).toEqual([1, 0.8, 0.8 * 0.8, 0.8 * 0.8 * 0.8]); // repeated products, not 0.8 ** k
  });

  test('gives up after maxTries tries; NaN never passes', () => {
    const r = search(martens, 1, -1, () => NaN);
    expect(r.end).toBe('give-up');
    expect(r.steps).toHaveLength(60);
    expect(armijoRule({ c: 0.5, shrink: 0.5, maxTries: 1 }).decide({ f0: 1, slope: -1, step: 1, value: 2, tries: 1 })).toEqual({ kind: 'give-up' });
  });

  test('strictDecrease: a value equal to f0 is no decrease, however small the slope', () => {
    // c t slope = -1e-22 is far below half an ulp of 0.5 (2.8e-17): the bound rounds to 0.5.
    const trial = { f0: 0.5, slope: -1e-20, step: 1, value: 0.5, tries: 1 };
    expect(martens.decide(trial).kind).toBe('shorten');
    expect(armijoRule({ c: 1e-2, shrink: 0.8, maxTries: 60 }).decide(trial).kind).toBe('accept');
    expect(martens.decide({ ...trial, value: 0.49999999 }).kind).toBe('accept');
  });

  test('tolerance relaxes the bound by the rounding error of f', () => {
    const nw = armijoRule({ c: 1e-4, shrink: 0.5, maxTries: 61 });
    // Bound at t = 1: 1 + 1e-3 - 1e-4 = 1.0009; f = 1.0005 passes only with the tolerance.
    const trial = { f0: 1, slope: -1, step: 1, value: 1.0005, tries: 1 };
    expect(nw.decide(trial).kind).toBe('shorten');
    expect(nw.decide({ ...trial, tolerance: 1e-3 }).kind).toBe('accept');
    expect(search(nw, 1, -1, () => 2).steps.at(-1)).toBe(2 ** -60);
  });

  test('the rule reports its constants; strictDecrease defaults to false', () => {
    expect(armijoRule({ c: 1e-4, shrink: 0.5, maxTries: 3 })).toMatchObject({ c: 1e-4, shrink: 0.5, maxTries: 3, strictDecrease: false });
  });
});

describe('armijoRule option errors name the option', () => {
  test.each([
    [null, 'armijoRule: options must be a plain object, got null'],
    [{ c: 0, shrink: 0.5, maxTries: 1 }, 'armijoRule: c must be in (0, 1), got 0'],
    [{ c: 1, shrink: 0.5, maxTries: 1 }, 'armijoRule: c must be in (0, 1), got 1'],
    [{ c: NaN, shrink: 0.5, maxTries: 1 }, 'armijoRule: c must be a finite number, got NaN'],
    [{ c: 0.1, shrink: 1.5, maxTries: 1 }, 'armijoRule: shrink must be in (0, 1), got 1.5'],
    [{ c: 0.1, maxTries: 1 }, 'armijoRule: shrink must be a finite number, got undefined'],
    [{ c: 0.1, shrink: 0.5, maxTries: 0 }, 'armijoRule: maxTries must be a positive integer, got 0'],
    [{ c: 0.1, shrink: 0.5, maxTries: 2.5 }, 'armijoRule: maxTries must be a positive integer, got 2.5'],
    [{ c: 0.1, shrink: 0.5, maxTries: '3' }, 'armijoRule: maxTries must be a positive integer, got the string "3"'],
    [{ c: 0.1, shrink: 0.5, maxTries: 3, strictDecrease: 1 }, 'armijoRule: strictDecrease must be a boolean, got 1'],
  ])('%o', (options, message) => {
    expect(() => armijoRule(options as never)).toThrow(message);
  });
});
