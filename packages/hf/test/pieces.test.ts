// The small parts of the HF step, against hand-computed cases.
import { seededRng } from '@hessian-free/curvature';
import { describe, expect, it } from 'vitest';
import { armijo } from '../src/hessian-free/armijo.js';
import { backtrackIterates } from '../src/hessian-free/backtracking.js';
import { sampleIndices } from '../src/training/dataset.js';
import { decodeFloat32, encodeFloat32 } from '../src/hessian-free/encoding.js';
import { martensPreconditioner } from '../src/hessian-free/preconditioner.js';

describe('armijo (c = 1e-2, alpha x 0.8, at most 60 tries)', () => {
  it('takes alpha = 1 when it decreases enough, reusing the known value', () => {
    let calls = 0;
    const r = armijo(1, -1, () => (calls++, 0), 0.5);
    expect(r).toEqual({ alpha: 1, value: 0.5, tries: 1 });
    expect(calls).toBe(0);
  });

  it('shrinks by 0.8 until f(alpha) <= f0 + 0.01 alpha slope', () => {
    // f(alpha) = (alpha - 0.3)^2 along slope -0.6 from f0 = 0.09: first acceptable alpha in 1, 0.8, 0.64, 0.512...
    const f = (a: number) => (a - 0.3) ** 2;
    const r = armijo(0.09, -0.6, f);
    // alpha = 0.512: f = 0.045 <= 0.09 - 0.003 = 0.0869; 0.64: f = 0.1156 > 0.0862.
    expect(r.alpha).toBeCloseTo(0.512, 12);
    expect(r.tries).toBe(4);
  });

  it('rejects after 60 tries (NaN never passes)', () => {
    let calls = 0;
    const r = armijo(1, -1, () => (calls++, NaN));
    expect(r).toEqual({ alpha: 0, value: 1, tries: 60 });
    expect(calls).toBe(60);
  });
});

describe('CG backtracking (walk back while the objective improves)', () => {
  const saved = [5, 7, 9, 11, 15].map((iteration) => ({ iteration, x: Float32Array.of(iteration) }));
  const run = (values: Record<number, number>) => {
    const seen: number[] = [];
    const best = backtrackIterates(saved, (x) => (seen.push(x[0]), values[x[0]]));
    return { best: best.iteration, value: best.value, seen };
  };
  it('keeps the last iterate when the one before is worse', () => {
    expect(run({ 15: 1, 11: 2, 9: 0, 7: 0, 5: 0 })).toEqual({ best: 15, value: 1, seen: [15, 11] });
  });
  it('walks back while values decrease and stops at the first that does not', () => {
    expect(run({ 15: 5, 11: 4, 9: 3, 7: 3, 5: 0 })).toEqual({ best: 9, value: 3, seen: [15, 11, 9, 7] });
  });
  it('treats NaN and Infinity as +Infinity', () => {
    expect(run({ 15: NaN, 11: Infinity, 9: 2, 7: 3, 5: 0 })).toEqual({ best: 15, value: Infinity, seen: [15, 11] });
    expect(run({ 15: NaN, 11: 1, 9: 2, 7: 3, 5: 0 })).toEqual({ best: 11, value: 1, seen: [15, 11, 9] });
  });
});

describe('Martens preconditioner', () => {
  it('applies 1 / (d + shift)^0.75 (and stays finite where d + shift = 0)', () => {
    const M = martensPreconditioner(Float32Array.of(0, 1, 15), 1);
    const y = new Float32Array(3);
    M.apply(Float32Array.of(1, 1, 2), y);
    expect(y[0]).toBeCloseTo(1, 7);
    expect(y[1]).toBeCloseTo(2 ** -0.75, 7);
    expect(y[2]).toBeCloseTo(2 * 16 ** -0.75, 7);
    const Z = martensPreconditioner(Float32Array.of(0), 0);
    Z.apply(Float32Array.of(1), y.subarray(0, 1));
    expect(Number.isFinite(y[0])).toBe(true);
  });
});

describe('sampling and state encoding', () => {
  it('sampleIndices draws k distinct indices', () => {
    const idx = sampleIndices(50, 20, seededRng(3));
    expect(new Set(idx).size).toBe(20);
    expect(Math.max(...idx)).toBeLessThan(50);
    expect(Array.from(sampleIndices(50, 20, seededRng(3)))).toEqual(Array.from(idx));
  });
  it('float32 base64 round trip is exact (NaN payloads, -0, subnormals included)', () => {
    const v = Float32Array.of(0, -0, 1.5, -3.25e-39, 3.4e38, NaN, Infinity, Math.fround(Math.PI));
    const back = decodeFloat32('x', encodeFloat32(v), v.length);
    expect(Array.from(new Uint32Array(back.buffer))).toEqual(Array.from(new Uint32Array(v.buffer)));
    for (const n of [1, 2, 3]) expect(decodeFloat32('x', encodeFloat32(v.subarray(0, n)), n)).toHaveLength(n);
  });
});
