import { describe, expect, it } from 'vitest';
import { seededRng } from '@hessian-free/linop';

describe('seededRng (mulberry32)', () => {
  it("matches mulberry32's definition, recomputed in BigInt arithmetic", () => {
    // Reference: mulberry32 computed by hand from its definition in 32-bit
    // arithmetic with BigInt (independent of the Math.imul implementation).
    const ref = (seed: number, count: number): number[] => {
      const M = 2n ** 32n;
      let state = BigInt(seed >>> 0);
      const out: number[] = [];
      const mul = (a: bigint, b: bigint) => (a * b) % M;
      for (let i = 0; i < count; i++) {
        state = (state + 0x6d2b79f5n) % M;
        let t = state;
        t = mul(t ^ (t >> 15n), t | 1n);
        t = (t ^ ((t + mul(t ^ (t >> 7n), t | 61n)) % M)) % M;
        out.push(Number((t ^ (t >> 14n)) % M) / 4294967296);
      }
      return out;
    };
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const rng = seededRng(seed);
      const got = Array.from({ length: 50 }, () => rng.uniform());
      expect(got).toEqual(ref(seed, 50));
    }
  });

  it('continues from state()', () => {
    const a = seededRng(7);
    for (let i = 0; i < 10; i++) a.uniform();
    const b = seededRng(a.state());
    expect(b.uniform()).toBe(a.uniform());
  });

  it('normal() has mean ~0 and variance ~1 (n = 20000; 5-sigma bounds)', () => {
    const rng = seededRng(3);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      expect(Number.isFinite(z)).toBe(true);
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });
});
