import { describe, expect, test } from 'vitest';
import { tikhonov } from '@hessian-free/damping';

describe('tikhonov', () => {
  test('initial state', () => {
    expect(tikhonov({ lambda: 0.3 }).initial()).toEqual({ kind: 'tikhonov', lambda: 0.3 });
  });

  test.each([-Infinity, -1, 0, 0.25, 0.5, 0.75, 1, 1e300, NaN])('rho = %s leaves lambda at 0.3', (rho) => {
    const t = tikhonov({ lambda: 0.3 });
    const before = Object.freeze(t.initial());
    const after = t.update(before, rho);
    expect(after).toEqual({ kind: 'tikhonov', lambda: 0.3 });
    expect(after).not.toBe(before);
  });

  test('lambda = 0 (undamped) is allowed', () => {
    expect(tikhonov({ lambda: 0 }).initial().lambda).toBe(0);
  });

  test.each([
    [{ lambda: -1 }, 'tikhonov: lambda must be >= 0, got -1'],
    [{ lambda: NaN }, 'tikhonov: lambda must be a finite number, got NaN'],
    [{ lambda: Infinity }, 'tikhonov: lambda must be a finite number, got Infinity'],
    [{ lambda: '1' }, 'tikhonov: lambda must be a finite number, got the string "1"'],
    [{}, 'tikhonov: lambda must be a finite number, got undefined'],
    [null, 'tikhonov: options must be a plain object, got null'],
  ])('bad options %o', (options, message) => {
    expect(() => tikhonov(options as never)).toThrow(message);
  });
});
