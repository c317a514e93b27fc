// The live charts (uPlot): loss against training time and against steps for
// both optimizers (from the same step-0 point), and HF's damping lambda and
// CG iterations per step. The colours are report.html's (src/report/colors.ts).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CG_COLOR, LAMBDA_COLOR, OPTIMIZER_COLORS } from '../src/report/colors.js';
import type { StepRecord } from '../src/report/metrics.js';
import type { StepProgress } from '../src/train.js';
import { INTEGER_INCREMENTS, integerTicks, logLabels, stepTicks } from './axis-ticks.js';
import { OPTIMIZER_LABELS, type OptimizerName } from '../src/tasks.js';

/** The optimizers' colours, the same as in report.html. */
export const COLORS = OPTIMIZER_COLORS;
const HEIGHT = 260;
/** A series with at most this many points draws a dot at each (HF's few records; any single point). */
const DOTS_UP_TO = 200;

type Column = (number | null)[];

/** One optimizer's step records as columns. */
class Track {
  readonly seconds: number[] = [];
  readonly steps: number[] = [];
  readonly train: Column = [];
  readonly test: Column = [];

  add(record: StepRecord): void {
    this.seconds.push(record.timeMs / 1000);
    this.steps.push(record.step);
    this.train.push(positive(record.trainLoss));
    this.test.push(positive(record.testLoss));
  }
}

/** HF's lambda and CG iterations of every step (records come only at evaluation points). */
class HfSteps {
  readonly steps: number[] = [];
  readonly lambda: Column = [];
  readonly cg: Column = [];

  add(progress: StepProgress): void {
    if (progress.lambda === undefined && progress.cgIterations === undefined) return;
    this.steps.push(progress.step);
    this.lambda.push(positive(progress.lambda));
    this.cg.push(progress.cgIterations ?? null);
  }
}

/** Log scales cannot show zero, negative or missing values: leave a gap. */
function positive(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

/** Whether a data column has few enough values to draw each as a dot (a single point is otherwise invisible). */
function fewPoints(self: uPlot, seriesIdx: number): boolean {
  let count = 0;
  for (const v of self.data[seriesIdx] ?? []) if (v !== null && v !== undefined) count++;
  return count <= DOTS_UP_TO && (count <= 1 || seriesIdx <= 2); // series 1-2 are HF's: dots while they are few
}

function lossSeries(optimizer: OptimizerName): uPlot.Series[] {
  const points = { show: fewPoints, size: 5 };
  return [
    { label: `${OPTIMIZER_LABELS[optimizer]} train`, stroke: COLORS[optimizer], fill: undefined, width: 2, spanGaps: true, points: { ...points, fill: COLORS[optimizer] } },
    { label: `${OPTIMIZER_LABELS[optimizer]} test`, stroke: COLORS[optimizer], width: 1.5, dash: [6, 4], spanGaps: true, points },
  ];
}

const axisStyle = { stroke: '#333', grid: { stroke: '#e4e4e4', width: 1 }, ticks: { stroke: '#ccc', width: 1 } };

/** A chart's width: its element's, at least 280 pixels. */
function chartWidth(element: HTMLElement): number {
  return Math.max(280, element.clientWidth);
}

/** Both optimizers' train and test losses (log scale) against training time or steps, drawn into `target`. */
function lossChart(target: HTMLElement, by: 'time' | 'steps', lossLabel: string): uPlot {
  const steps = by === 'steps';
  return new uPlot(
    {
      width: chartWidth(target),
      height: HEIGHT,
      // Steps: asinh, logarithmic for large counts and linear near 0, so that step 0 has a place.
      scales: { x: steps ? { time: false, distr: 4, asinh: 1 } : { time: false }, y: { distr: 3 } },
      axes: [
        steps
          ? { ...axisStyle, label: 'step (log scale above 1; 0 is the start)', incrs: INTEGER_INCREMENTS, filter: stepTicks }
          : { ...axisStyle, label: 'training time (s)' },
        { ...axisStyle, label: lossLabel, size: 60, values: logLabels },
      ],
      series: [{ label: steps ? 'step' : 'time (s)' }, ...lossSeries('hf'), ...lossSeries('adam')],
    },
    [[], [], [], [], []],
    target,
  );
}

/**
 * The page's three live charts: loss against training time, loss against
 * steps, and HF's damping and CG iterations per step. Records come in one at
 * a time; the charts redraw at most once per animation frame.
 */
export class LiveCharts {
  private readonly tracks: Record<OptimizerName, Track> = { hf: new Track(), adam: new Track() };
  private hfSteps = new HfSteps();
  private readonly plots: uPlot[];
  private readonly byTime: uPlot;
  private readonly bySteps: uPlot;
  private readonly hf: uPlot;
  private frame = 0;

  /** `targets`: the elements the three charts go into; `lossLabel`: the loss axis title. */
  constructor(targets: { readonly byTime: HTMLElement; readonly bySteps: HTMLElement; readonly hf: HTMLElement }, lossLabel: string) {
    this.byTime = lossChart(targets.byTime, 'time', lossLabel);
    this.bySteps = lossChart(targets.bySteps, 'steps', lossLabel);
    this.hf = new uPlot(
      {
        width: chartWidth(targets.hf),
        height: HEIGHT,
        scales: { x: { time: false }, lambda: { distr: 3 }, cg: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { ...axisStyle, label: 'HF step', incrs: INTEGER_INCREMENTS, filter: integerTicks },
          { ...axisStyle, scale: 'lambda', label: 'damping lambda (log scale)', size: 60, stroke: LAMBDA_COLOR, values: logLabels },
          { ...axisStyle, scale: 'cg', side: 1, label: 'CG iterations', size: 50, stroke: CG_COLOR, grid: { show: false }, incrs: INTEGER_INCREMENTS, filter: integerTicks },
        ],
        series: [
          { label: 'step' },
          { label: 'lambda', scale: 'lambda', stroke: LAMBDA_COLOR, width: 2, spanGaps: true, points: { show: true, size: 5, fill: LAMBDA_COLOR } },
          { label: 'CG iterations', scale: 'cg', stroke: CG_COLOR, width: 2, spanGaps: true, points: { show: true, size: 5, fill: CG_COLOR } },
        ],
      },
      [[], [], []],
      targets.hf,
    );
    this.plots = [this.byTime, this.bySteps, this.hf];
    const elements = [targets.byTime, targets.bySteps, targets.hf];
    const resize = new ResizeObserver(() => {
      this.plots.forEach((plot, i) => plot.setSize({ width: chartWidth(elements[i]), height: HEIGHT }));
    });
    elements.forEach((element) => resize.observe(element));
  }

  /** Adds one step record of an optimizer. */
  add(optimizer: OptimizerName, record: StepRecord): void {
    this.tracks[optimizer].add(record);
    this.schedule();
  }

  /** Adds HF's lambda and CG iterations of one step (any step, recorded or not). */
  addProgress(optimizer: OptimizerName, progress: StepProgress): void {
    if (optimizer !== 'hf') return;
    this.hfSteps.add(progress);
    this.schedule();
  }

  /** Forgets every record. */
  clear(): void {
    this.tracks.hf = new Track();
    this.tracks.adam = new Track();
    this.hfSteps = new HfSteps();
    this.schedule();
  }

  /** Redraws at most once per animation frame, however fast the records come. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.redraw();
    });
  }

  private redraw(): void {
    const { hf, adam } = this.tracks;
    this.byTime.setData(uPlot.join([[hf.seconds, hf.train, hf.test] as uPlot.AlignedData, [adam.seconds, adam.train, adam.test] as uPlot.AlignedData]));
    this.bySteps.setData(uPlot.join([[hf.steps, hf.train, hf.test] as uPlot.AlignedData, [adam.steps, adam.train, adam.test] as uPlot.AlignedData]));
    const s = this.hfSteps;
    this.hf.setData([s.steps, s.lambda, s.cg] as uPlot.AlignedData);
  }
}
