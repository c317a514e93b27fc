/**
 * Per-iteration histories (residual norms, model values, Lanczos
 * coefficients) that grow with the iterations actually run, by doubling, so
 * that memory follows the work done and not the iteration cap: a solve that
 * stops after 3 of at most 10^12 iterations holds a few numbers.
 */

/** Entries allocated up front (fewer when the cap is smaller). */
const INITIAL_CAPACITY = 64;

/** A fresh history for at most `cap` entries: min(cap, 64) of them to begin with. */
export function newHistory(cap: number): Float64Array {
  return new Float64Array(Math.min(cap, INITIAL_CAPACITY));
}

/**
 * `history` if it has room for index `index`, else a copy at least twice as
 * long (never longer than `cap`). Amortized O(1) per entry.
 */
export function historyWithRoom(history: Float64Array, index: number, cap: number): Float64Array {
  if (index < history.length) return history;
  const grown = new Float64Array(Math.min(cap, Math.max(index + 1, 2 * history.length)));
  grown.set(history);
  return grown;
}
