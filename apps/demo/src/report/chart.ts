// Inline SVG line charts for report.html: loss against training time or
// steps, HF's lambda and CG iterations per step. No script, no external
// resources. Axes are linear, logarithmic (losses, lambda) or asinh (steps:
// logarithmic for large counts, linear near 0, so that step 0 has a place).
import { escapeHtml } from './escape.js';

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** Draw a dot at every point (a series of one point is always drawn as a dot). */
  readonly markers?: boolean;
  /** [x, y] pairs; points a log axis cannot show (y <= 0) and non-finite ones are left out. */
  readonly points: readonly (readonly [number, number])[];
}

/** How an axis maps its values. */
export type AxisScale = 'linear' | 'log' | 'asinh';

/** One axis: its title and scale; `integer` keeps its ticks on whole numbers (steps, iterations). */
export interface AxisOptions {
  readonly label: string;
  readonly scale: AxisScale;
  readonly integer?: boolean;
}

/** A chart's title, axes and size in pixels (default 720 x 360). */
export interface LineChartOptions {
  readonly title: string;
  readonly x: AxisOptions;
  readonly y: AxisOptions;
  readonly width?: number;
  readonly height?: number;
}

/** The title and size of a loss-against-time chart (see lossChart). */
export interface ChartOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { left: 64, right: 16, top: 28, bottom: 44 };

/** Forward and inverse maps of an axis scale (to a linear coordinate and back). */
const SCALES: Readonly<Record<AxisScale, { readonly to: (v: number) => number; readonly from: (u: number) => number }>> = {
  linear: { to: (v) => v, from: (u) => u },
  log: { to: Math.log10, from: (u) => 10 ** u },
  asinh: { to: Math.asinh, from: Math.sinh },
};

/**
 * An <svg> element (a string) plotting every series against [x, y] points
 * with the given axes. Series are drawn in order, each with its legend entry.
 */
export function lineChart(series: readonly ChartSeries[], options: LineChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const shows = (axis: AxisOptions, v: number) => Number.isFinite(v) && (axis.scale !== 'log' || v > 0);
  const clean = series.map((s) => ({ ...s, points: s.points.filter(([x, y]) => shows(options.x, x) && shows(options.y, y)) }));
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

  const xRange = range(options.x, all.map(([x]) => x));
  const yRange = range(options.y, all.map(([, y]) => y));
  const xs = SCALES[options.x.scale];
  const ys = SCALES[options.y.scale];
  const x = (v: number) => MARGIN.left + ((xs.to(v) - xRange.lo) / (xRange.hi - xRange.lo)) * plotW;
  const y = (v: number) => MARGIN.top + ((yRange.hi - ys.to(v)) / (yRange.hi - yRange.lo)) * plotH;
  const r = (v: number) => Math.round(v * 10) / 10;

  // Axes, grid and ticks.
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="plot-area"/>`);
  for (const v of ticks(options.y, yRange)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${r(y(v))}" y2="${r(y(v))}" class="grid"/>`,
      `<text x="${MARGIN.left - 6}" y="${r(y(v)) + 4}" text-anchor="end">${escapeHtml(formatTick(v))}</text>`,
    );
  }
  for (const v of ticks(options.x, xRange)) {
    const px = r(x(v));
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" class="grid"/>`,
      `<text x="${px}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${escapeHtml(formatTick(v))}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(options.x.label)}</text>`,
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(options.y.label)}</text>`,
  );

  // Lines (a dot for a single point, and where asked), then the legend.
  clean.forEach((s, i) => {
    const color = escapeHtml(s.color);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (s.points.length > 1) {
      const pts = s.points.map(([a, b]) => `${r(x(a))},${r(y(b))}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts}"/>`);
    }
    if (s.markers || s.points.length === 1) {
      for (const [a, b] of s.points) parts.push(`<circle cx="${r(x(a))}" cy="${r(y(b))}" r="3" fill="${color}"/>`);
    }
    const ly = MARGIN.top + 14 + i * 18;
    const lx = MARGIN.left + plotW - 170;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly}">${escapeHtml(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Loss against training time: `points` are [time in ms, loss] pairs, drawn
 * against seconds with a logarithmic loss axis.
 */
export function lossChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const seconds = series.map((s) => ({ ...s, points: s.points.map(([t, v]) => [t / 1000, v] as const) }));
  return lineChart(seconds, {
    ...options,
    x: { label: 'training time (s)', scale: 'linear' },
    y: { label: 'loss (log scale)', scale: 'log' },
  });
}

/** The interval an axis shows, in its scale's coordinate. */
interface Range {
  readonly lo: number;
  readonly hi: number;
}

function range(axis: AxisOptions, values: readonly number[]): Range {
  const to = SCALES[axis.scale].to;
  if (axis.scale === 'log') {
    const logs = values.map(to);
    const lo = Math.min(...logs);
    const hi = Math.max(...logs);
    const pad = hi - lo < 1e-9 ? 0.5 : 0.05 * (hi - lo);
    return { lo: lo - pad, hi: hi + pad };
  }
  // Linear and asinh axes start at 0 (time, steps, iterations are counted from there).
  const max = Math.max(...values.map(to), 0);
  const min = Math.min(...values.map(to), 0);
  return { lo: min, hi: max > min ? max : min + 1 };
}

/** Tick values inside an axis's range. */
function ticks(axis: AxisOptions, { lo, hi }: Range): number[] {
  const from = SCALES[axis.scale].from;
  if (axis.scale === 'linear') {
    const raw = (hi - lo) / 6;
    const step = axis.integer ? Math.max(1, niceStep(raw)) : niceStep(raw);
    const out: number[] = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-9) + 1e-12; k++) out.push(k * step);
    return out;
  }
  // log and asinh: 1, 2, 5 x 10^k (decades only when the range spans several), and 0 on an asinh axis.
  const vlo = from(lo);
  const vhi = from(hi);
  const out: number[] = axis.scale === 'asinh' && vlo <= 0 ? [0] : [];
  const positiveLo = Math.max(vlo, axis.integer ? 1 : Number.MIN_VALUE);
  if (!(vhi >= positiveLo)) return out;
  const decades = Math.log10(vhi / positiveLo);
  const mantissas = decades > 2 ? [1] : [1, 2, 5];
  for (let k = Math.floor(Math.log10(positiveLo)); k <= Math.ceil(Math.log10(vhi)); k++) {
    for (const m of mantissas) {
      const v = m * 10 ** k;
      if (v >= positiveLo * (1 - 1e-9) && v <= vhi * (1 + 1e-9) && (!axis.integer || Number.isInteger(v))) out.push(v);
    }
  }
  return out;
}

/** The smallest of 1, 2, 5 x 10^k at least `raw`. */
function niceStep(raw: number): number {
  const base = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * base >= raw) return m * base;
  return 10 * base;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) return String(Number(v.toPrecision(3)));
  return v.toExponential(0);
}
