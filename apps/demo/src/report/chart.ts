// An inline SVG line chart of loss against wall-clock time, with a
// logarithmic loss axis. No script, no external resources.
import { escapeHtml } from './escape.js';

/** One line of the chart. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** [time in ms, loss] pairs; non-positive or non-finite losses are left out (log scale). */
  readonly points: readonly (readonly [number, number])[];
}

/** The chart's title and size in pixels (default 720 x 360). */
export interface ChartOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { left: 64, right: 16, top: 28, bottom: 44 };

/** An <svg> element (a string) plotting every series. */
export function lossChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const clean = series.map((s) => ({ ...s, points: s.points.filter(([t, y]) => Number.isFinite(t) && Number.isFinite(y) && y > 0) }));
  const all = clean.flatMap((s) => s.points);
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" class="chart-title">${escapeHtml(options.title)}</text>`,
  ];
  if (all.length === 0) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data</text>`, '</svg>');
    return parts.join('\n');
  }

  const maxT = Math.max(...all.map(([t]) => t), 1);
  const logs = all.map(([, y]) => Math.log10(y));
  let lo = Math.min(...logs);
  let hi = Math.max(...logs);
  const pad = hi - lo < 1e-9 ? 0.5 : 0.05 * (hi - lo);
  lo -= pad;
  hi += pad;
  const x = (t: number) => MARGIN.left + (t / maxT) * plotW;
  const y = (v: number) => MARGIN.top + ((hi - Math.log10(v)) / (hi - lo)) * plotH;
  const r = (v: number) => Math.round(v * 10) / 10;

  // Axes, grid and ticks.
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="plot-area"/>`);
  for (const v of logTicks(lo, hi)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${r(y(v))}" y2="${r(y(v))}" class="grid"/>`,
      `<text x="${MARGIN.left - 6}" y="${r(y(v)) + 4}" text-anchor="end">${escapeHtml(formatTick(v))}</text>`,
    );
  }
  const step = niceStep(maxT / 1000 / 6);
  for (let s = 0; s * 1000 <= maxT * (1 + 1e-9); s += step) {
    const px = r(x(s * 1000));
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" class="grid"/>`,
      `<text x="${px}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${escapeHtml(formatTick(s))}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">wall-clock time (s)</text>`,
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">loss (log scale)</text>`,
  );

  // Lines, then the legend.
  clean.forEach((s, i) => {
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const pts = s.points.map(([t, v]) => `${r(x(t))},${r(y(v))}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${escapeHtml(s.color)}" stroke-width="2"${dash} points="${pts}"/>`);
    const ly = MARGIN.top + 14 + i * 18;
    const lx = MARGIN.left + plotW - 150;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${escapeHtml(s.color)}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly}">${escapeHtml(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Tick values 1, 2, 5 x 10^k inside [10^lo, 10^hi]; decades only when the range spans several. */
function logTicks(lo: number, hi: number): number[] {
  const mantissas = hi - lo > 2 ? [1] : [1, 2, 5];
  const ticks: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
    for (const m of mantissas) {
      const v = m * 10 ** k;
      const l = Math.log10(v);
      if (l >= lo && l <= hi) ticks.push(v);
    }
  }
  return ticks;
}

/** The smallest of 1, 2, 5 x 10^k at least `raw`. */
function niceStep(raw: number): number {
  const base = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * base >= raw) return m * base;
  return 10 * base;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  if (v >= 1e-3 && v < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(0);
}
