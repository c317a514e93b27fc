import { describe, expect, it } from 'vitest';
import { twoSpirals } from '../src/data/spirals.js';

describe('two spirals', () => {
  it('gives balanced classes on two spirals half a turn apart', () => {
    const d = twoSpirals(400, 5, { noise: 0 });
    expect(d.points.length).toBe(800);
    expect(d.labels.filter((l) => l === 1).length).toBe(200);
    // Without noise every point lies on its spiral: angle = 2 pi turns r + label pi (mod 2 pi).
    for (let i = 0; i < d.count; i++) {
      const [x, y] = [d.points[2 * i], d.points[2 * i + 1]];
      const r = Math.hypot(x, y);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
      if (r < 1e-3) continue; // the angle is ill-defined at the centre
      const expected = 2 * Math.PI * 1.5 * r + d.labels[i] * Math.PI;
      const diff = Math.atan2(y, x) - expected;
      // Tolerance 1e-4 rad: float32 coordinates near radius 1e-3.
      expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-4 / r);
    }
  });

  it('is deterministic by seed and validates its input', () => {
    expect(twoSpirals(50, 1)).toEqual(twoSpirals(50, 1));
    expect(twoSpirals(50, 1).points).not.toEqual(twoSpirals(50, 2).points);
    expect(() => twoSpirals(-1, 1)).toThrow(/count/);
    expect(() => twoSpirals(10, 1, { turns: 0 })).toThrow(/turns/);
    expect(() => twoSpirals(10, 1, { noise: -1 })).toThrow(/noise/);
  });
});
