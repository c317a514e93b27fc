import { describe, seededRng } from '@hessian-free/linop';
import { checkInteger, checkOptions, checkPositive, checkSeed } from '../checks.js';

/** Options of `sparseInit`. */
export interface SparseInitOptions {
  /** Nonzero incoming weights per unit (default 15, Martens 2010 section 5). */
  readonly nonzero?: number;
  /** Standard deviation of the nonzero weights (default 1). */
  readonly scale?: number;
  /** Seed of the generator that picks the rows and draws the weights: an integer in [0, 2^32 - 1] (default 0). */
  readonly seed?: number;
}

/**
 * Martens' (2010) sparse initialization for a flat parameter vector laid out
 * as `shapes` (the functionalModel order): in every 2-D weight matrix
 * [fan-in, units], each unit (column) gets `nonzero` incoming weights drawn
 * from N(0, scale^2) at distinct random rows, the rest 0; every other tensor
 * (biases) starts at 0. A unit with fewer inputs than `nonzero` gets all of
 * them.
 *
 * @example
 * ```ts
 * import { sparseInit } from '@hessian-free/hf';
 * // A 784-400 layer and its bias: each of the 400 columns gets 15 nonzero weights.
 * const theta0 = sparseInit([[784, 400], [400]], { seed: 1 });
 * theta0.length; // 784 * 400 + 400
 * ```
 */
export function sparseInit(shapes: readonly (readonly number[])[], options?: SparseInitOptions): Float32Array {
  const where = 'sparseInit';
  checkOptions(`${where}: options`, options, new Set(['nonzero', 'scale', 'seed']));
  const nonzero = options?.nonzero ?? 15;
  const scale = options?.scale ?? 1;
  const seed = options?.seed ?? 0;
  checkInteger(`${where}: options.nonzero`, nonzero, 1);
  checkPositive(`${where}: options.scale`, scale);
  checkSeed(`${where}: options.seed`, seed);
  if (!Array.isArray(shapes)) throw new TypeError(`${where}: shapes must be an array of shapes, got ${describe(shapes)}`);
  const sizes = shapes.map((shape, k) => {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new RangeError(`${where}: shapes[${k}] must be an array of positive integers, got ${JSON.stringify(shape)}`);
    }
    return shape.reduce((a, b) => a * b, 1);
  });
  const theta = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  const rng = seededRng(seed);
  let offset = 0;
  shapes.forEach((shape, k) => {
    if (shape.length === 2) {
      const [fanIn, units] = shape;
      const rows = Int32Array.from({ length: fanIn }, (_, i) => i);
      const take = Math.min(nonzero, fanIn);
      for (let unit = 0; unit < units; unit++) {
        for (let i = 0; i < take; i++) {
          const j = i + Math.floor(rng.uniform() * (fanIn - i));
          [rows[i], rows[j]] = [rows[j], rows[i]];
          theta[offset + rows[i] * units + unit] = scale * rng.normal();
        }
      }
    }
    offset += sizes[k];
  });
  return theta;
}
