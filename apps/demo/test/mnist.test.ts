import { describe, expect, it } from 'vitest';
import { loadAllDigits, loadMnist, MNIST_COUNT, MNIST_PIXELS } from '../src/data/mnist.js';

const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

describe('MNIST from the mnist package', () => {
  it('holds 10,000 digits of 784 pixels in [0, 1], labels 0..9, every class present', () => {
    const all = loadAllDigits();
    expect(all.count).toBe(10_000);
    expect(MNIST_COUNT).toBe(10_000);
    expect(all.images.length).toBe(10_000 * MNIST_PIXELS);
    let min = Infinity;
    let max = -Infinity;
    for (const v of all.images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    const perClass = new Array(10).fill(0);
    for (const label of all.labels) perClass[label]++;
    expect(perClass.reduce((a, b) => a + b)).toBe(10_000);
    for (const n of perClass) expect(n).toBeGreaterThan(800); // 863..1127 in mnist 1.1.0
  });

  it('splits 8,000 / 2,000 by default, disjoint, with matching images and labels', () => {
    const all = loadAllDigits();
    const { train, test } = loadMnist();
    expect([train.count, test.count]).toEqual([8000, 2000]);
    expect(train.images.length).toBe(8000 * MNIST_PIXELS);
    expect(test.labels.length).toBe(2000);
    // Identify each picked digit by its image; together they are all 10,000, each once.
    const key = (images: Float32Array, i: number) => images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS).join(',');
    const labelOf = new Map<string, number[]>();
    for (let i = 0; i < all.count; i++) {
      const k = key(all.images, i);
      labelOf.set(k, [...(labelOf.get(k) ?? []), all.labels[i]]);
    }
    const seen = new Map<string, number>();
    for (const set of [train, test]) {
      for (let i = 0; i < set.count; i++) {
        const k = key(set.images, i);
        expect(labelOf.get(k)).toContain(set.labels[i]);
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
    }
    for (const [k, n] of seen) expect(n).toBeLessThanOrEqual(labelOf.get(k)!.length); // duplicate images in the data are counted
    expect([...seen.values()].reduce((a, b) => a + b)).toBe(10_000);
  });

  it('is deterministic by seed, differs between seeds, and honours the sizes', () => {
    const a = loadMnist({ train: 500, test: 100, seed: 7 });
    const b = loadMnist({ train: 500, test: 100, seed: 7 });
    const c = loadMnist({ train: 500, test: 100, seed: 8 });
    // Byte comparison: vitest's deep equality is slow on 400,000 floats.
    expect(Buffer.compare(bytes(a.train.images), bytes(b.train.images))).toBe(0);
    expect(Buffer.compare(bytes(a.test.images), bytes(b.test.images))).toBe(0);
    expect(a.test.labels).toEqual(b.test.labels);
    expect(a.train.labels).not.toEqual(c.train.labels);
    expect([a.train.count, a.test.count]).toEqual([500, 100]);
    // A random split, not class by class: the first 500 hold every class.
    expect(new Set(a.train.labels).size).toBe(10);
  });

  it('rejects sizes it cannot serve', () => {
    expect(() => loadMnist({ train: 9000, test: 1001 })).toThrow(/at most 10000/);
    expect(() => loadMnist({ train: 0 })).toThrow(/train must be a positive integer/);
    expect(() => loadMnist({ test: 1.5 })).toThrow(/test must be a positive integer/);
  });
});
