import { describe, expect, test } from 'vitest';
import { trustRegion } from '@hessian-free/damping';

describe('trustRegion (Nocedal & Wright, Algorithm 4.1)', () => {
  const tr = trustRegion({ initialRadius: 4, maxRadius: 10 });
  // radius 4: shrink 1/4 -> 1; grow 2 -> 8 (by hand); accept iff rho > 0.1.
  test.each([
    { rho: -Infinity, onBoundary: true, radius: 1, accepted: false },
    { rho: 0, onBoundary: false, radius: 1, accepted: false },
    { rho: 0.1, onBoundary: false, radius: 1, accepted: false }, // eta is strict
    { rho: 0.2, onBoundary: false, radius: 1, accepted: true },
    { rho: 0.25, onBoundary: true, radius: 4, accepted: true }, // exactly 1/4: unchanged
    { rho: 0.5, onBoundary: true, radius: 4, accepted: true },
    { rho: 0.75, onBoundary: true, radius: 4, accepted: true }, // exactly 3/4: unchanged
    { rho: 0.9, onBoundary: false, radius: 4, accepted: true }, // inside: no growth
    { rho: 0.9, onBoundary: true, radius: 8, accepted: true },
    { rho: NaN, onBoundary: true, radius: 1, accepted: false },
  ])('rho $rho, boundary $onBoundary -> radius $radius, accepted $accepted', ({ rho, onBoundary, radius, accepted }) => {
    const { state, accepted: a } = tr.update(tr.initial(), { rho, onBoundary });
    expect(state.radius).toBe(radius);
    expect(a).toBe(accepted);
  });

  test('growth is capped at maxRadius', () => {
    let s = tr.initial();
    s = tr.update(s, { rho: 1, onBoundary: true }).state; // 8
    s = tr.update(s, { rho: 1, onBoundary: true }).state; // min(16, 10)
    expect(s.radius).toBe(10);
  });

  test('state survives JSON', () => {
    const s = tr.update(tr.initial(), { rho: 0, onBoundary: false }).state;
    expect(tr.restore(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(() => tr.restore({ kind: 'trust-region', radius: 0 })).toThrow(/state.radius must be > 0/);
  });

  test.each([
    [{ initialRadius: 0 }, /initialRadius must be > 0/],
    [{ initialRadius: 5, maxRadius: 2 }, /initialRadius must be <= maxRadius/],
    [{ eta: 0.3 }, /eta must be in \[0, low\)/],
    [{ eta: -0.1 }, /eta must be in/],
    [{ low: 0.8, high: 0.7 }, /low and high/],
    [{ shrink: 1 }, /shrink must be in \(0, 1\)/],
    [{ grow: 0.5 }, /grow must be > 1/],
    [{ maxRadius: Infinity }, /maxRadius must be a finite number/],
  ])('bad option %o', (options, message) => {
    expect(() => trustRegion(options)).toThrow(message);
  });
});
