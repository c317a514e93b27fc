import { describe, expect, test } from 'vitest';
import { levenbergMarquardt, tikhonov, trustRegion } from '@hessian-free/damping';

// update() runs once per optimizer step, so it can afford to check its
// arguments: a wrong state would otherwise give lambda = NaN (or a raw
// TypeError from destructuring), which then spreads through a run.
describe('update() checks the state and rho, naming the argument', () => {
  const lm = levenbergMarquardt({ initialLambda: 1, minLambda: 0.5, maxLambda: 8 });
  test.each([
    [undefined, 0.5, TypeError, 'levenbergMarquardt.update: state must be a plain object, got undefined'],
    [null, 0.5, TypeError, 'levenbergMarquardt.update: state must be a plain object, got null'],
    [{ kind: 'trust-region', radius: 1 }, 0.5, TypeError, 'levenbergMarquardt.update: state.kind must be "levenberg-marquardt", got "trust-region"'],
    [{ kind: 'tikhonov', lambda: 1 }, 0.5, TypeError, 'levenbergMarquardt.update: state.kind must be "levenberg-marquardt", got "tikhonov"'],
    [{ kind: 'levenberg-marquardt', lambda: NaN }, 0.5, RangeError, 'levenbergMarquardt.update: state.lambda must be a finite number, got NaN'],
    [{ kind: 'levenberg-marquardt', lambda: '2' }, 0.5, RangeError, 'levenbergMarquardt.update: state.lambda must be a finite number, got the string "2"'],
    [{ kind: 'levenberg-marquardt', lambda: 9 }, 0.5, RangeError, 'levenbergMarquardt.update: state.lambda must lie in [minLambda, maxLambda] = [0.5, 8], got 9'],
    [{ kind: 'levenberg-marquardt', lambda: 1 }, undefined, TypeError, 'levenbergMarquardt.update: rho must be a number, got undefined'],
    [{ kind: 'levenberg-marquardt', lambda: 1 }, '0.5', TypeError, 'levenbergMarquardt.update: rho must be a number, got the string "0.5"'],
  ])('levenbergMarquardt: %o, rho %o', (state, rho, type, message) => {
    expect(() => lm.update(state as never, rho as never)).toThrow(type);
    expect(() => lm.update(state as never, rho as never)).toThrow(message);
  });

  const t = tikhonov({ lambda: 1 });
  test.each([
    [undefined, 0.5, TypeError, 'tikhonov.update: state must be a plain object, got undefined'],
    [{ kind: 'levenberg-marquardt', lambda: 1 }, 0.5, TypeError, 'tikhonov.update: state.kind must be "tikhonov", got "levenberg-marquardt"'],
    [{ kind: 'tikhonov', lambda: NaN }, 0.5, RangeError, 'tikhonov.update: state.lambda must be a finite number, got NaN'],
    [{ kind: 'tikhonov', lambda: 5 }, 0.5, RangeError, "tikhonov.update: state.lambda must be the schedule's lambda 1, got 5"],
    [{ kind: 'tikhonov', lambda: 1 }, null, TypeError, 'tikhonov.update: rho must be a number, got null'],
  ])('tikhonov: %o, rho %o', (state, rho, type, message) => {
    expect(() => t.update(state as never, rho as never)).toThrow(type);
    expect(() => t.update(state as never, rho as never)).toThrow(message);
  });

  const tr = trustRegion({ maxRadius: 10 });
  const ok = { kind: 'trust-region', radius: 1 };
  test.each([
    [undefined, { rho: 0.5, onBoundary: true }, TypeError, 'trustRegion.update: state must be a plain object, got undefined'],
    [{ kind: 'levenberg-marquardt', lambda: 1 }, { rho: 0.5, onBoundary: true }, TypeError, 'trustRegion.update: state.kind must be "trust-region", got "levenberg-marquardt"'],
    [{ kind: 'trust-region', radius: NaN }, { rho: 0.5, onBoundary: true }, RangeError, 'trustRegion.update: state.radius must be a finite number, got NaN'],
    [{ kind: 'trust-region', radius: 11 }, { rho: 0.5, onBoundary: true }, RangeError, 'trustRegion.update: state.radius must be <= maxRadius = 10, got 11'],
    [ok, undefined, TypeError, 'trustRegion.update: step must be a plain object, got undefined'],
    [ok, 0.5, TypeError, 'trustRegion.update: step must be a plain object, got 0.5'],
    [ok, { onBoundary: true }, TypeError, 'trustRegion.update: step.rho must be a number, got undefined'],
    [ok, { rho: 0.5 }, TypeError, 'trustRegion.update: step.onBoundary must be a boolean, got undefined'],
    [ok, { rho: 0.5, onBoundary: 1 }, TypeError, 'trustRegion.update: step.onBoundary must be a boolean, got 1'],
  ])('trustRegion: %o, step %o', (state, step, type, message) => {
    expect(() => tr.update(state as never, step as never)).toThrow(type);
    expect(() => tr.update(state as never, step as never)).toThrow(message);
  });

  test('a NaN rho is still a number: a failed step, as documented', () => {
    expect(lm.update(lm.initial(), NaN).lambda).toBe(1.5);
    expect(tr.update(tr.initial(), { rho: NaN, onBoundary: false })).toEqual({ state: { kind: 'trust-region', radius: 0.25 }, accepted: false });
  });
});

describe('tikhonov.restore: a restored state must carry the schedule\'s constant', () => {
  test('another lambda is refused', () => {
    expect(() => tikhonov({ lambda: 1 }).restore({ kind: 'tikhonov', lambda: 5 })).toThrow(RangeError);
    expect(() => tikhonov({ lambda: 1 }).restore({ kind: 'tikhonov', lambda: 5 })).toThrow("tikhonov.restore: state.lambda must be the schedule's lambda 1, got 5");
  });

  test('the same lambda (also 0 for -0) is restored', () => {
    expect(tikhonov({ lambda: 0.1 }).restore(JSON.parse(JSON.stringify({ kind: 'tikhonov', lambda: 0.1 })))).toEqual({ kind: 'tikhonov', lambda: 0.1 });
    expect(tikhonov({ lambda: 0 }).restore({ kind: 'tikhonov', lambda: -0 }).lambda).toBe(0);
  });
});

describe('a string where a number belongs says it was a string', () => {
  test.each([
    [() => levenbergMarquardt({ initialLambda: '1' } as never), 'levenbergMarquardt: initialLambda must be a finite number, got the string "1"'],
    [() => levenbergMarquardt({ boost: '2' } as never), 'levenbergMarquardt: boost must be a finite number, got the string "2"'],
    [() => trustRegion({ initialRadius: '1' } as never), 'trustRegion: initialRadius must be a finite number, got the string "1"'],
    [() => levenbergMarquardt().restore({ kind: 'levenberg-marquardt', lambda: '1' }), 'levenbergMarquardt.restore: state.lambda must be a finite number, got the string "1"'],
  ])('%#', (call, message) => {
    expect(call).toThrow(message);
  });
});
