// The shape of the MNIST data, without the Node-only loader (browser-safe).

/** Width and height of a digit, in pixels. */
export const MNIST_SIDE = 28;
/** Pixels of a digit (28 x 28 = 784). */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** How many digits the `mnist` package holds (all ten classes together). */
export const MNIST_COUNT = 10_000;

/** N digits: images [N, 784] row-major with pixels in [0, 1], labels 0..9. */
export interface Digits {
  readonly count: number;
  readonly images: Float32Array;
  readonly labels: Int32Array;
}
