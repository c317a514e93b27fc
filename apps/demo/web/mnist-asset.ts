// Decodes the MNIST asset that scripts/mnist-asset.mjs writes (the layout is
// documented there) into the Digits the trainers take.
import { MNIST_PIXELS, type Digits } from '../src/data/mnist-shape.js';

const MAGIC = 'HFMN';
const VERSION = 1;
const HEADER_BYTES = 20;

/** The digits in the asset, split as the build split them. */
export interface MnistAsset {
  readonly train: Digits;
  readonly test: Digits;
}

/** Reads the asset's header and digits (pixels scaled to [0, 1]); throws on a wrong magic, version or size. */
export function decodeMnistAsset(buffer: ArrayBuffer): MnistAsset {
  if (buffer.byteLength < HEADER_BYTES) throw new Error(`MNIST asset: ${buffer.byteLength} bytes, shorter than its header`);
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  const view = new DataView(buffer);
  const version = view.getUint32(4, true);
  if (magic !== MAGIC || version !== VERSION) {
    throw new Error(`MNIST asset: expected magic ${MAGIC} version ${VERSION}, got ${JSON.stringify(magic)} version ${version}`);
  }
  const train = view.getUint32(8, true);
  const test = view.getUint32(12, true);
  const pixels = view.getUint32(16, true);
  const count = train + test;
  if (pixels !== MNIST_PIXELS || buffer.byteLength !== HEADER_BYTES + count * (pixels + 1)) {
    throw new Error(`MNIST asset: header says ${count} digits of ${pixels} pixels, but the file has ${buffer.byteLength} bytes`);
  }
  const images = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count * pixels);
  const labels = bytes.subarray(HEADER_BYTES + count * pixels);
  const digits = (start: number, n: number): Digits => {
    const out = new Float32Array(n * pixels);
    const source = images.subarray(start * pixels, (start + n) * pixels);
    for (let i = 0; i < out.length; i++) out[i] = source[i] / 255;
    return { count: n, images: out, labels: Int32Array.from(labels.subarray(start, start + n)) };
  };
  return { train: digits(0, train), test: digits(train, test) };
}
