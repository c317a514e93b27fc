import { seededRng } from '@hessian-free/curvature';
import { integer, optionsRecord, positive, positiveInteger } from './options.js';

export interface SparseInitOptions {
  /** Nonzero incoming weights per unit (default 15, Martens 2010 section 5). */
  readonly nonzero?: number;
  /** Standard deviation of the nonzero weights (default 1). */
  readonly scale?: number;
  readonly seed?: number;
}

/**
 * Martens' (2010) sparse initialization for a flat parameter vector laid out
 * as `shapes` (the functionalModel order): in every 2-D weight matrix
 * [fan-in, units], each unit (column) gets `nonzero` incoming weights drawn
 * from N(0, scale^2) at distinct random rows, the rest 0; every other tensor
 * (biases) starts at 0. A unit with fewer inputs than `nonzero` gets all of
 * them.
 */
export function sparseInit(shapes: readonly (readonly number[])[], options?: SparseInitOptions): Float32Array {
  const where = 'sparseInit';
  const o = optionsRecord(where, options, new Set(['nonzero', 'scale', 'seed'])) as SparseInitOptions;
  const nonzero = positiveInteger(where, 'nonzero', o.nonzero ?? 15);
  const scale = positive(where, 'scale', o.scale ?? 1);
  const seed = integer(where, 'seed', o.seed ?? 0);
  if (!Array.isArray(shapes)) throw new TypeError('sparseInit: shapes must be an array of shapes');
  const sizes = shapes.map((shape, k) => {
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new RangeError(`sparseInit: shapes[${k}] must be an array of positive integers, got ${JSON.stringify(shape)}`);
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
