// Draws rows of 28 x 28 digits (pixel values in [0, 1], ink = 1) into a
// canvas at one canvas pixel per image pixel; CSS scales it up, pixelated.
import { MNIST_PIXELS, MNIST_SIDE } from '../src/data/mnist-shape.js';

const GAP = 2;

/** A canvas of `rows` x `columns` digit tiles, filled a row at a time. */
export class DigitGrid {
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly columns: number,
    private readonly rows: number,
  ) {
    canvas.width = columns * (MNIST_SIDE + GAP) - GAP;
    canvas.height = rows * (MNIST_SIDE + GAP) - GAP;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context');
    this.context = context;
    this.clear();
  }

  /** Blanks the whole grid. */
  clear(): void {
    this.context.fillStyle = '#fff';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Draws `images` [n, 784] into row `row`, up to the grid's column count. */
  drawRow(row: number, images: Float32Array): void {
    if (row < 0 || row >= this.rows) throw new RangeError(`row must be in [0, ${this.rows}), got ${row}`);
    const count = Math.min(this.columns, Math.floor(images.length / MNIST_PIXELS));
    const tile = this.context.createImageData(MNIST_SIDE, MNIST_SIDE);
    for (let i = 0; i < count; i++) {
      for (let p = 0; p < MNIST_PIXELS; p++) {
        const ink = Math.min(1, Math.max(0, images[i * MNIST_PIXELS + p]));
        const shade = Math.round(255 * (1 - ink));
        tile.data[4 * p] = shade;
        tile.data[4 * p + 1] = shade;
        tile.data[4 * p + 2] = shade;
        tile.data[4 * p + 3] = 255;
      }
      this.context.putImageData(tile, i * (MNIST_SIDE + GAP), row * (MNIST_SIDE + GAP));
    }
  }

  /** Blanks one row. */
  clearRow(row: number): void {
    this.context.fillStyle = '#fff';
    this.context.fillRect(0, row * (MNIST_SIDE + GAP), this.canvas.width, MNIST_SIDE);
  }
}
