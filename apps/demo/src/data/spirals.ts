// Two interleaved spirals: a small 2-D classification problem that a linear
// model cannot solve, for the browser demo.
import { seededRng } from '@hessian-free/hf';
import { checkSeed } from '../checks.js';

/** The shape of the spirals. */
export interface SpiralOptions {
  /** Full turns of each spiral; default 1.5. */
  readonly turns?: number;
  /** Standard deviation of Gaussian noise added to each coordinate; default 0.02. */
  readonly noise?: number;
}

/** N points: coordinates [N, 2] (radius at most 1 before noise), labels 0 or 1. */
export interface SpiralData {
  readonly count: number;
  readonly points: Float32Array;
  readonly labels: Int32Array;
}

/**
 * `count` points, alternating between the two classes. A point of class c at
 * parameter s, uniform in [0, 1], lies at radius s and angle
 * 2 pi turns s + c pi, so the second spiral is the first turned by half a turn.
 */
export function twoSpirals(count: number, seed: number, options: SpiralOptions = {}): SpiralData {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  checkSeed('twoSpirals: seed', seed);
  const turns = options.turns ?? 1.5;
  const noise = options.noise ?? 0.02;
  if (!(turns > 0)) throw new RangeError(`turns must be positive, got ${turns}`);
  if (!(noise >= 0)) throw new RangeError(`noise must be non-negative, got ${noise}`);
  const rng = seededRng(seed);
  const points = new Float32Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const s = rng.uniform();
    const angle = 2 * Math.PI * turns * s + label * Math.PI;
    points[2 * i] = s * Math.cos(angle) + noise * rng.normal();
    points[2 * i + 1] = s * Math.sin(angle) + noise * rng.normal();
    labels[i] = label;
  }
  return { count, points, labels };
}
