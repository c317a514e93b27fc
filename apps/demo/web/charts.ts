// The live charts (uPlot): loss against training time and against steps for
// both optimizers, and HF's damping lambda and CG iterations per step.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StepRecord } from '../src/report/metrics.js';
import { OPTIMIZER_LABELS, type OptimizerName } from '../src/tasks.js';

/** Okabe-Ito colours (distinguishable with colour-blindness). */
export const COLORS: Readonly<Record<OptimizerName, string>> = { hf: '#0072b2', adam: '#d55e00' };
const LAMBDA_COLOR = '#009e73';
const CG_COLOR = '#cc79a7';
const HEIGHT = 260;

type Column = (number | null)[];

/** One optimizer's records as columns. */
class Track {
  readonly seconds: number[] = [];
  readonly steps: number[] = [];
  readonly train: Column = [];
  readonly test: Column = [];
  readonly lambda: Column = [];
  readonly cg: Column = [];

  add(record: StepRecord): void {
    this.seconds.push(record.timeMs / 1000);
    this.steps.push(record.step);
    this.train.push(positive(record.trainLoss));
    this.test.push(positive(record.testLoss));
    this.lambda.push(positive(record.lambda));
    this.cg.push(record.cgIterations ?? null);
  }
}

/** Log scales cannot show zero, negative or missing values: leave a gap. */
function positive(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

function lossSeries(optimizer: OptimizerName): uPlot.Series[] {
  return [
    { label: `${OPTIMIZER_LABELS[optimizer]} train`, stroke: COLORS[optimizer], width: 2, spanGaps: true, points: { show: false } },
    { label: `${OPTIMIZER_LABELS[optimizer]} test`, stroke: COLORS[optimizer], width: 1.5, dash: [6, 4], spanGaps: true, points: { show: false } },
  ];
}

const axisStyle = { stroke: '#333', grid: { stroke: '#e4e4e4', width: 1 }, ticks: { stroke: '#ccc', width: 1 } };

/** A chart's width: its element's, at least 280 pixels. */
function chartWidth(element: HTMLElement): number {
  return Math.max(280, element.clientWidth);
}

/** The x axis of a loss chart: its title, its series' label, and whether it is on a log scale. */
interface LossAxis {
  readonly title: string;
  readonly series: string;
  readonly log: boolean;
}

/** Both optimizers' train and test losses (log scale) against `x`, drawn into `target`. */
function lossChart(target: HTMLElement, x: LossAxis, lossLabel: string): uPlot {
  return new uPlot(
    {
      width: chartWidth(target),
      height: HEIGHT,
      scales: { x: x.log ? { time: false, distr: 3 } : { time: false }, y: { distr: 3 } },
      axes: [
        { ...axisStyle, label: x.title },
        { ...axisStyle, label: lossLabel, size: 60 },
      ],
      series: [{ label: x.series }, ...lossSeries('hf'), ...lossSeries('adam')],
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
  private readonly plots: uPlot[];
  private readonly byTime: uPlot;
  private readonly bySteps: uPlot;
  private readonly hf: uPlot;
  private frame = 0;

  /** `targets`: the elements the three charts go into; `lossLabel`: the loss axis title. */
  constructor(targets: { readonly byTime: HTMLElement; readonly bySteps: HTMLElement; readonly hf: HTMLElement }, lossLabel: string) {
    this.byTime = lossChart(targets.byTime, { title: 'training time (s)', series: 'time (s)', log: false }, lossLabel);
    this.bySteps = lossChart(targets.bySteps, { title: 'step (log scale)', series: 'step', log: true }, lossLabel);
    this.hf = new uPlot(
      {
        width: chartWidth(targets.hf),
        height: HEIGHT,
        scales: { x: { time: false }, lambda: { distr: 3 }, cg: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { ...axisStyle, label: 'HF step' },
          { ...axisStyle, scale: 'lambda', label: 'damping lambda (log scale)', size: 60, stroke: LAMBDA_COLOR },
          { ...axisStyle, scale: 'cg', side: 1, label: 'CG iterations', size: 50, stroke: CG_COLOR, grid: { show: false } },
        ],
        series: [
          { label: 'step' },
          { label: 'lambda', scale: 'lambda', stroke: LAMBDA_COLOR, width: 2, spanGaps: true, points: { show: false } },
          { label: 'CG iterations', scale: 'cg', stroke: CG_COLOR, width: 2, spanGaps: true, points: { show: true, size: 5 } },
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

  /** Forgets every record. */
  clear(): void {
    this.tracks.hf = new Track();
    this.tracks.adam = new Track();
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
    this.hf.setData([hf.steps, hf.lambda, hf.cg] as uPlot.AlignedData);
  }
}
