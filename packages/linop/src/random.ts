/**
 * The one seeded generator of the project: mulberry32 (Tommy Ettinger's 32-bit
 * generator), small, fast and reproducible from a seed. Used for random start
 * vectors (Lanczos), Monte-Carlo Fisher targets and Rademacher probes
 * (curvature), initializations and data (hf, demo). Not cryptographic.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** The generator's position: `seededRng(rng.state())` continues exactly where `rng` is. */
  state(): number;
}

/**
 * A mulberry32 generator started at `seed` (taken modulo 2^32).
 *
 * @example
 * ```ts
 * import { seededRng } from '@hessian-free/linop';
 * const rng = seededRng(42);
 * const u = rng.uniform(); // in [0, 1)
 * const again = seededRng(42).uniform(); // the same number: u === again
 * ```
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - uniform(); // (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal, state: () => state };
}
