import { describe, expect, test } from 'vitest';
import { levenbergMarquardt, tikhonov, trustRegion } from '@hessian-free/damping';
import type { LambdaSchedule, LambdaState } from '@hessian-free/damping';

/** JSON out and back, as a saved run would be. */
const viaJson = (state: unknown): unknown => JSON.parse(JSON.stringify(state));

// A fixed run of 20 steps; every branch of every policy occurs in it.
const rhos = [1, 0.9, -Infinity, 0.5, 0.1, 1.2, 0.8, 0.75, 0.25, 0, 2, 0.3, NaN, 0.95, 0.6, -Infinity, 1, 0.85, 0.2, 0.99];
const onBoundary = (i: number) => i % 2 === 0;

function runLambda<S extends LambdaState>(schedule: LambdaSchedule<S>, state: S, from: number, to: number): S[] {
  const states: S[] = [];
  for (let i = from; i < to; i++) states.push((state = schedule.update(state, rhos[i])));
  return states;
}

describe('Levenberg-Marquardt: stop after 10 steps, save as JSON, resume', () => {
  const options = { initialLambda: 2 };

  test('continues identically to an uninterrupted run', () => {
    const lm = levenbergMarquardt(options);
    const straight = runLambda(lm, lm.initial(), 0, 20);
    const firstHalf = runLambda(lm, lm.initial(), 0, 10);
    const resumedPolicy = levenbergMarquardt(options); // a new process would build a new policy
    const saved = viaJson(firstHalf[9]);
    const secondHalf = runLambda(resumedPolicy, resumedPolicy.restore(saved), 10, 20);
    expect([...firstHalf, ...secondHalf]).toEqual(straight);
    expect(Object.is(secondHalf[9].lambda, straight[19].lambda)).toBe(true);
  });

  test('ends at the closed form 2 (3/2)^6 (2/3)^9 = 16/27', () => {
    // 6 boosts (rho -Inf, 0.1, 0, NaN, -Inf, 0.2), 9 drops (rho > 3/4), 5 unchanged.
    const lm = levenbergMarquardt(options);
    expect(runLambda(lm, lm.initial(), 0, 20)[19].lambda).toBeCloseTo(16 / 27, 12); // 15 roundings of ~1e-16
  });

  test('every state of the run survives JSON unchanged', () => {
    const lm = levenbergMarquardt({ initialLambda: 2, minLambda: 0.5, maxLambda: 3 });
    for (const s of runLambda(lm, lm.initial(), 0, 20)) {
      const restored = lm.restore(viaJson(s));
      expect(restored).toEqual(s);
      expect(restored).not.toBe(s);
    }
  });
});

describe('Tikhonov: stop after 10 steps, save as JSON, resume', () => {
  test('continues identically to an uninterrupted run', () => {
    const t = tikhonov({ lambda: 0.1 });
    const straight = runLambda(t, t.initial(), 0, 20);
    const firstHalf = runLambda(t, t.initial(), 0, 10);
    const secondHalf = runLambda(t, tikhonov({ lambda: 0.1 }).restore(viaJson(firstHalf[9])), 10, 20);
    expect([...firstHalf, ...secondHalf]).toEqual(straight);
    expect(straight[19]).toEqual({ kind: 'tikhonov', lambda: 0.1 });
  });
});

describe('trust region: stop after 10 steps, save as JSON, resume', () => {
  const run = (policy: ReturnType<typeof trustRegion>, state: { kind: 'trust-region'; radius: number }, from: number, to: number) => {
    const updates = [];
    for (let i = from; i < to; i++) {
      const u = policy.update(state, { rho: rhos[i], onBoundary: onBoundary(i) });
      updates.push(u);
      state = u.state;
    }
    return updates;
  };

  test('continues identically to an uninterrupted run', () => {
    const tr = trustRegion();
    const straight = run(tr, tr.initial(), 0, 20);
    const firstHalf = run(tr, tr.initial(), 0, 10);
    const resumed = trustRegion();
    const secondHalf = run(resumed, resumed.restore(viaJson(firstHalf[9].state)), 10, 20);
    expect([...firstHalf, ...secondHalf]).toEqual(straight);
  });

  test('ends at the closed form 2^4 / 4^6 = 1/256 with 15 steps accepted', () => {
    // grows at i = 0, 6, 10, 16 (rho > 3/4 on the boundary); shrinks at i = 2, 4, 9, 12, 15, 18;
    // rejected at i = 2, 4, 9, 12, 15 (rho <= 0.1 or NaN).
    const tr = trustRegion();
    const updates = run(tr, tr.initial(), 0, 20);
    expect(updates[19].state.radius).toBe(1 / 256);
    expect(updates.filter((u) => u.accepted)).toHaveLength(15);
    for (const u of updates) expect(tr.restore(viaJson(u.state))).toEqual(u.state);
  });
});

describe('restore rejects malformed states, naming what is wrong', () => {
  const lm = levenbergMarquardt({ initialLambda: 1, minLambda: 0.5, maxLambda: 8 });
  test.each([
    [null, 'levenbergMarquardt.restore: state must be a plain object, got null'],
    [[1], 'levenbergMarquardt.restore: state must be a plain object, got an array'],
    ['{"lambda":1}', 'levenbergMarquardt.restore: state must be a plain object, got the string "{\\"lambda\\":1}"'],
    [{ lambda: 1 }, 'levenbergMarquardt.restore: state.kind must be "levenberg-marquardt", got undefined'],
    [{ kind: 'tikhonov', lambda: 1 }, 'levenbergMarquardt.restore: state.kind must be "levenberg-marquardt", got "tikhonov"'],
    [{ kind: 'levenberg-marquardt' }, 'levenbergMarquardt.restore: state.lambda must be a finite number, got undefined'],
    [viaJson({ kind: 'levenberg-marquardt', lambda: Infinity }), 'levenbergMarquardt.restore: state.lambda must be a finite number, got null'],
    [{ kind: 'levenberg-marquardt', lambda: -2 }, 'levenbergMarquardt.restore: state.lambda must be >= 0, got -2'],
    [{ kind: 'levenberg-marquardt', lambda: 0.25 }, 'levenbergMarquardt.restore: state.lambda must lie in [minLambda, maxLambda] = [0.5, 8], got 0.25'],
    [{ kind: 'levenberg-marquardt', lambda: 9 }, 'levenbergMarquardt.restore: state.lambda must lie in [minLambda, maxLambda] = [0.5, 8], got 9'],
  ])('levenbergMarquardt %o', (json, message) => {
    expect(() => lm.restore(json)).toThrow(message);
  });

  const t = tikhonov({ lambda: 1 });
  test.each([
    [undefined, 'tikhonov.restore: state must be a plain object, got undefined'],
    [{ kind: 'levenberg-marquardt', lambda: 1 }, 'tikhonov.restore: state.kind must be "tikhonov", got "levenberg-marquardt"'],
    [{ kind: 'tikhonov', lambda: '1' }, 'tikhonov.restore: state.lambda must be a finite number, got the string "1"'],
    [{ kind: 'tikhonov', lambda: -1 }, 'tikhonov.restore: state.lambda must be >= 0, got -1'],
  ])('tikhonov %o', (json, message) => {
    expect(() => t.restore(json)).toThrow(message);
  });

  const tr = trustRegion({ maxRadius: 10 });
  test.each([
    [7, 'trustRegion.restore: state must be a plain object, got 7'],
    [{ kind: 'levenberg-marquardt', radius: 1 }, 'trustRegion.restore: state.kind must be "trust-region", got "levenberg-marquardt"'],
    [{ kind: 'trust-region', radius: null }, 'trustRegion.restore: state.radius must be a finite number, got null'],
    [{ kind: 'trust-region', radius: -1 }, 'trustRegion.restore: state.radius must be >= 0, got -1'],
    [{ kind: 'trust-region', radius: 11 }, 'trustRegion.restore: state.radius must be <= maxRadius = 10, got 11'],
  ])('trustRegion %o', (json, message) => {
    expect(() => tr.restore(json)).toThrow(message);
  });
});
