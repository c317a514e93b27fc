/**
 * `indices` cut into `parts` contiguous shares whose sizes differ by at most
 * one (the first `length % parts` shares are one longer). Subarrays: no copy.
 *
 * @example
 * ```ts
 * import { splitEvenly } from '@hessian-free/parallel';
 * splitEvenly(Int32Array.from([5, 6, 7, 8, 9]), 2); // [Int32Array [5, 6, 7], Int32Array [8, 9]]
 * ```
 */
export function splitEvenly(indices: Int32Array, parts: number): Int32Array[] {
  const base = Math.floor(indices.length / parts);
  const extra = indices.length % parts;
  const shares: Int32Array[] = [];
  let start = 0;
  for (let k = 0; k < parts; k++) {
    const size = base + (k < extra ? 1 : 0);
    shares.push(indices.subarray(start, start + size));
    start += size;
  }
  return shares;
}

/** Boundaries 0 = b_0 <= b_1 <= ... <= b_parts = n of `parts` near-equal slices of [0, n). */
export function splitRange(n: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
}
