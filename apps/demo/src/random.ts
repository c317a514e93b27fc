// Seeded pseudo-random draws, so that every data set and split of the demo is
// reproducible from the --seed flag. The generator is the project's one,
// `seededRng` from @hessian-free/hf (mulberry32); this file adds what the demo
// draws with it besides uniform and normal numbers.
import type { Rng } from '@hessian-free/hf';
import { checkSeed } from './checks.js';

/**
 * An independent seed for one use of a base seed (say, stream 1 for training
 * data and 2 for test data), so that the streams do not overlap.
 */
export function deriveSeed(seed: number, stream: number): number {
  checkSeed('deriveSeed: seed', seed);
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform integer in [lo, hi). */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.uniform() * (hi - lo));
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
