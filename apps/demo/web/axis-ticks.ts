// The ticks of the charts' axes (uPlot's axis `incrs`, `filter` and `values`),
// apart from uPlot so that they can be tested without a browser: axes that
// count (steps, CG iterations) show whole numbers only.

/** Increments of an axis that counts (steps, iterations): whole numbers only, never 0.25 or 1.5. */
export const INTEGER_INCREMENTS: number[] = [1, 2, 5].flatMap((m) => [1, 10, 100, 1000, 10_000, 100_000, 1_000_000].map((d) => m * d)).sort((a, b) => a - b);

/** Keeps an axis's ticks on whole numbers (never 0.25 or 1.5). */
export function integerTicks(_self: unknown, splits: number[]): (number | null)[] {
  return splits.map((v) => (Number.isInteger(v) && v >= 0 ? v : null));
}

/**
 * The ticks of the asinh step axis: 0 and whole 1, 2, 5 x 10^k, decades only
 * when the axis spans more than two (uPlot's log-like splits put every
 * 2..9 x 10^k there, whose labels run into each other).
 */
export function stepTicks(_self: unknown, splits: number[]): (number | null)[] {
  const max = Math.max(1, ...splits.filter((v) => v > 0));
  const mantissas = max > 100 ? [1] : [1, 2, 5];
  return splits.map((v) => {
    if (!Number.isInteger(v) || v < 0) return null;
    if (v === 0) return 0;
    const decade = 10 ** Math.floor(Math.log10(v) + 1e-9);
    return mantissas.includes(Math.round(v / decade)) && v % decade === 0 ? v : null;
  });
}

/** Tick labels of a log axis: plain numbers from 0.001, powers of ten below (not "0"). */
export function logLabels(_self: unknown, splits: number[]): string[] {
  return splits.map((v) => (v == null ? '' : v >= 1e-3 && v < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(0)));
}
