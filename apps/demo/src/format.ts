// Number formatting shared by the progress line, the summary table and the
// report, so that the same quantity reads the same everywhere.

/** A loss with 4 significant digits, in exponent form when very small or large. */
export function formatLoss(x: number | undefined): string {
  if (x === undefined) return '-';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(3);
  return x.toPrecision(4);
}

/** Milliseconds as seconds with one decimal: "12.3s"; "-" for a missing time. */
export function formatSeconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A damping value with 2 significant digits: "1.5e-3". */
export function formatLambda(x: number): string {
  return x.toExponential(1);
}

/** A task's second figure of merit: an error rate as a percentage ("3.25%"), anything else like a loss. */
export function formatScore(name: string | undefined, x: number | undefined): string {
  if (x === undefined) return '-';
  if (name === 'error rate' && Number.isFinite(x)) return `${(100 * x).toFixed(2)}%`;
  return formatLoss(x);
}

/** A score's name in a column or a log line: "error", "MAE", else the name itself. */
export function shortScoreName(name: string | undefined): string {
  if (name === 'error rate') return 'error';
  if (name === 'mean absolute error') return 'MAE';
  return name ?? 'score';
}
