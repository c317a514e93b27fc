// A grid of 28x28 digits as one grayscale PNG: one row of tiles per image set
// (originals, then each optimizer's reconstructions).
import { MNIST_PIXELS, MNIST_SIDE } from '../data/mnist-shape.js';
import { encodeGrayPng } from './png.js';

const GAP = 2;
const GAP_GRAY = 96;

/**
 * `rows[r]` holds `columns` digits [columns, 784] with values in [0, 1]
 * (clamped). Returns the PNG and its size in pixels.
 */
export function digitGridPng(rows: readonly Float32Array[], columns: number): { png: Buffer; width: number; height: number } {
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`columns must be a positive integer, got ${columns}`);
  rows.forEach((images, r) => {
    if (images.length !== columns * MNIST_PIXELS) {
      throw new RangeError(`row ${r} has ${images.length} values, expected ${columns} digits x ${MNIST_PIXELS}`);
    }
  });
  const width = columns * (MNIST_SIDE + GAP) + GAP;
  const height = rows.length * (MNIST_SIDE + GAP) + GAP;
  const pixels = new Uint8Array(width * height).fill(GAP_GRAY);
  rows.forEach((images, r) => {
    for (let c = 0; c < columns; c++) {
      const x0 = GAP + c * (MNIST_SIDE + GAP);
      const y0 = GAP + r * (MNIST_SIDE + GAP);
      for (let y = 0; y < MNIST_SIDE; y++) {
        for (let x = 0; x < MNIST_SIDE; x++) {
          const v = images[c * MNIST_PIXELS + y * MNIST_SIDE + x];
          pixels[(y0 + y) * width + x0 + x] = Math.round(255 * Math.min(1, Math.max(0, v || 0)));
        }
      }
    }
  });
  return { png: encodeGrayPng(width, height, pixels), width, height };
}
