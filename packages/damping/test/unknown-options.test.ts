import { describe, expect, test } from 'vitest';
import { armijoRule, levenbergMarquardt, structuralDamping, tikhonov, trustRegion } from '@hessian-free/damping';

// A misspelled option would otherwise be ignored and its default used in
// silence: every factory rejects a key it does not know, names it, and
// suggests the nearest known name (edit distance) when there is one.
describe('unknown option names are rejected, with the nearest known one suggested', () => {
  test.each([
    ['levenbergMarquardt', () => levenbergMarquardt({ initialLamda: 1 } as never), "levenbergMarquardt: unknown option 'initialLamda' (did you mean 'initialLambda'?)"],
    ['levenbergMarquardt', () => levenbergMarquardt({ boots: 2 } as never), "levenbergMarquardt: unknown option 'boots' (did you mean 'boost'?)"],
    ['levenbergMarquardt', () => levenbergMarquardt({ MaxLambda: 2 } as never), "levenbergMarquardt: unknown option 'MaxLambda' (did you mean 'maxLambda'?)"],
    ['tikhonov', () => tikhonov({ lambda: 1, lamda: 2 } as never), "tikhonov: unknown option 'lamda' (did you mean 'lambda'?)"],
    ['trustRegion', () => trustRegion({ initalRadius: 2 } as never), "trustRegion: unknown option 'initalRadius' (did you mean 'initialRadius'?)"],
    ['trustRegion', () => trustRegion({ radius: 2 } as never), "trustRegion: unknown option 'radius' (did you mean 'maxRadius' or 'initialRadius'?)"],
    ['structuralDamping', () => structuralDamping({ mu: 1, nu: 2 } as never), "structuralDamping: unknown option 'nu' (did you mean 'mu'?)"],
    ['armijoRule', () => armijoRule({ c: 0.1, shrink: 0.5, maxTries: 3, strictDecrese: true } as never), "armijoRule: unknown option 'strictDecrese' (did you mean 'strictDecrease'?)"],
    ['armijoRule', () => armijoRule({ c: 0.1, shrink: 0.5, maxTry: 3 } as never), "armijoRule: unknown option 'maxTry' (did you mean 'maxTries'?)"],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  test('a name near none of the known ones lists them', () => {
    expect(() => tikhonov({ lambda: 1, weight: 2 } as never)).toThrow("tikhonov: unknown option 'weight' (known options: lambda)");
    expect(() => structuralDamping({ mu: 1, zzzzzz: 2 } as never)).toThrow("structuralDamping: unknown option 'zzzzzz' (known options: mu)");
  });

  test('the unknown key is reported before the values are checked', () => {
    // Otherwise { lamda: 1 } would read "lambda must be a finite number, got undefined".
    expect(() => tikhonov({ lamda: 1 } as never)).toThrow("tikhonov: unknown option 'lamda' (did you mean 'lambda'?)");
  });

  test('known keys with the value undefined are defaults, not errors', () => {
    expect(levenbergMarquardt({ initialLambda: undefined, low: undefined }).initial().lambda).toBe(1);
    expect(trustRegion({ maxRadius: undefined }).initial().radius).toBe(1);
    expect(armijoRule({ c: 0.1, shrink: 0.5, maxTries: 3, strictDecrease: undefined }).strictDecrease).toBe(false);
  });
});
