/**
 * Two linearizations of one trace, compared as bench/source-sums.mjs and
 * bench/subnormals.mjs compare them: a warm-up J' w by each (it fills the
 * point caches both read), a first one by each whose results are kept, then
 * `rounds` interleaved rounds (the order alternates). Returns the first
 * results, the median time of each, and the largest difference of the two
 * results relative to the largest entry of the second.
 *
 * `sweep(lin, cotangents)` runs one J' w and returns at least
 * `{ parts, ms }`: the result per source, read back, and its time.
 */

/** The median of a list of numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `variants`: { name: linearization } with exactly two entries. */
export function compareSweeps(sweep, variants, cotangents, rounds) {
  const names = Object.keys(variants);
  if (names.length !== 2) throw new Error(`compareSweeps: expected two variants, got ${names.length}`);
  for (const name of names) sweep(variants[name], cotangents);
  const first = Object.fromEntries(names.map((name) => [name, sweep(variants[name], cotangents)]));
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) times[name].push(sweep(variants[name], cotangents).ms);
  }
  const [a, b] = names;
  let diff = 0;
  let size = 0;
  first[a].parts.forEach((part, k) => part.forEach((x, i) => {
    diff = Math.max(diff, Math.abs(x - first[b].parts[k][i]));
    size = Math.max(size, Math.abs(first[b].parts[k][i]));
  }));
  const ms = Object.fromEntries(names.map((name) => [name, median(times[name])]));
  return { first, ms, relativeDifference: size > 0 ? diff / size : 0 };
}
