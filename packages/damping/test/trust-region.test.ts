import { describe, expect, test } from 'vitest';
import { trustRegion } from '@hessian-free/damping';

// All factors here are powers of two or small integers: every expected radius
// is exact, so `toBe` is fair.
describe('trustRegion, Nocedal & Wright Algorithm 4.1 defaults', () => {
  const tr = trustRegion({ initialRadius: 4, maxRadius: 10 });
  // radius 4: shrink 1/4 -> 1; grow 2 -> 8 (by hand); accepted iff rho > eta = 0.1.
  test.each([
    { rho: -Infinity, onBoundary: true, radius: 1, accepted: false },
    { rho: 0, onBoundary: false, radius: 1, accepted: false },
    { rho: 0.1, onBoundary: false, radius: 1, accepted: false }, // rho > eta is strict
    { rho: 0.2, onBoundary: false, radius: 1, accepted: true }, // accepted, yet shrunk
    { rho: 0.25, onBoundary: true, radius: 4, accepted: true }, // exactly 1/4: unchanged
    { rho: 0.5, onBoundary: true, radius: 4, accepted: true },
    { rho: 0.75, onBoundary: true, radius: 4, accepted: true }, // exactly 3/4: unchanged
    { rho: 0.9, onBoundary: false, radius: 4, accepted: true }, // inside: no growth
    { rho: 0.9, onBoundary: true, radius: 8, accepted: true },
    { rho: Number.MAX_VALUE, onBoundary: true, radius: 8, accepted: true },
    { rho: NaN, onBoundary: true, radius: 1, accepted: false }, // NaN counts as a failure
  ])('rho $rho, boundary $onBoundary -> radius $radius, accepted $accepted', ({ rho, onBoundary, radius, accepted }) => {
    const before = Object.freeze(tr.initial());
    const update = tr.update(before, { rho, onBoundary });
    expect(update).toEqual({ state: { kind: 'trust-region', radius }, accepted });
    expect(before).toEqual({ kind: 'trust-region', radius: 4 });
  });

  test('defaults: initial radius 1', () => {
    expect(trustRegion().initial()).toEqual({ kind: 'trust-region', radius: 1 });
  });

  test.each([
    { from: 8, radius: 10 }, // min(16, 10)
    { from: 10, radius: 10 },
    { from: 5, radius: 10 },
    { from: 4.5, radius: 9 },
  ])('growth from $from is capped at maxRadius 10: $radius', ({ from, radius }) => {
    expect(tr.update({ kind: 'trust-region', radius: from }, { rho: 1, onBoundary: true }).state.radius).toBe(radius);
  });

  test('an overflowing growth clamps to maxRadius (1e300 by default)', () => {
    const big = trustRegion({ initialRadius: 1e300, grow: 1e10 });
    expect(big.update(big.initial(), { rho: 1, onBoundary: true }).state.radius).toBe(1e300);
  });

  test('1075 shrinks by 1/2 from radius 1 underflow to 0 (2^-1075 rounds to 0), and restore accepts it', () => {
    const tr2 = trustRegion({ shrink: 0.5 });
    let s = tr2.initial();
    for (let i = 0; i < 1074; i++) s = tr2.update(s, { rho: 0, onBoundary: false }).state;
    expect(s.radius).toBe(2 ** -1074);
    s = tr2.update(s, { rho: 0, onBoundary: false }).state;
    expect(s.radius).toBe(0);
    expect(tr2.restore(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });
});

describe('trustRegion, custom options', () => {
  // radius 2, eta 0, low 0.1, high 0.9, shrink 1/2, grow 3: shrink -> 1, grow -> 6.
  const tr = trustRegion({ initialRadius: 2, eta: 0, low: 0.1, high: 0.9, shrink: 0.5, grow: 3 });
  test.each([
    { rho: -Infinity, onBoundary: true, radius: 1, accepted: false },
    { rho: 0, onBoundary: false, radius: 1, accepted: false }, // eta = 0: rho must be > 0
    { rho: 0.05, onBoundary: false, radius: 1, accepted: true },
    { rho: 0.1, onBoundary: true, radius: 2, accepted: true },
    { rho: 0.9, onBoundary: true, radius: 2, accepted: true },
    { rho: 0.95, onBoundary: false, radius: 2, accepted: true },
    { rho: 0.95, onBoundary: true, radius: 6, accepted: true },
  ])('rho $rho, boundary $onBoundary -> radius $radius, accepted $accepted', ({ rho, onBoundary, radius, accepted }) => {
    expect(tr.update(tr.initial(), { rho, onBoundary })).toEqual({ state: { kind: 'trust-region', radius }, accepted });
  });
});

describe('trustRegion option errors name the option', () => {
  test.each([
    [{ initialRadius: 0 }, 'trustRegion: initialRadius must be > 0, got 0'],
    [{ initialRadius: -1 }, 'trustRegion: initialRadius must be > 0, got -1'],
    [{ initialRadius: NaN }, 'trustRegion: initialRadius must be a finite number, got NaN'],
    [{ initialRadius: 5, maxRadius: 2 }, 'trustRegion: initialRadius must be <= maxRadius, got 5 > 2'],
    [{ maxRadius: 0 }, 'trustRegion: maxRadius must be > 0, got 0'],
    [{ maxRadius: Infinity }, 'trustRegion: maxRadius must be a finite number, got Infinity'],
    [{ eta: -0.1 }, 'trustRegion: eta must be in [0, low) = [0, 0.25), got -0.1'],
    [{ eta: 0.25 }, 'trustRegion: eta must be in [0, low) = [0, 0.25), got 0.25'],
    [{ eta: 0.1, low: 0.05 }, 'trustRegion: eta must be in [0, low) = [0, 0.05), got 0.1'],
    [{ eta: NaN }, 'trustRegion: eta must be a finite number'],
    [{ low: 0 }, 'trustRegion: low and high must satisfy 0 < low < high < 1, got low = 0, high = 0.75'],
    [{ high: 1 }, 'trustRegion: low and high must satisfy 0 < low < high < 1, got low = 0.25, high = 1'],
    [{ low: 0.8, high: 0.7 }, 'trustRegion: low and high must satisfy'],
    [{ low: NaN }, 'trustRegion: low must be a finite number'],
    [{ high: '0.5' }, 'trustRegion: high must be a finite number'],
    [{ shrink: 0 }, 'trustRegion: shrink must be in (0, 1), got 0'],
    [{ shrink: 1 }, 'trustRegion: shrink must be in (0, 1), got 1'],
    [{ shrink: NaN }, 'trustRegion: shrink must be a finite number'],
    [{ grow: 1 }, 'trustRegion: grow must be > 1, got 1'],
    [{ grow: 0.5 }, 'trustRegion: grow must be > 1, got 0.5'],
    [{ grow: Infinity }, 'trustRegion: grow must be a finite number'],
    [null, 'trustRegion: options must be a plain object, got null'],
  ])('%o', (options, message) => {
    expect(() => trustRegion(options as never)).toThrow(message);
  });
});
