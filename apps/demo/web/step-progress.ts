// The line under the progress table that moves during an HF step (which can
// take a minute): the step under way, its time so far, and where it probably
// is (step-estimate.ts). Ticks four times a second while HF trains.
import type { StepProgress } from '../src/train.js';
import { describeStep, type PreviousStep } from './step-estimate.js';

const TICK_MS = 250;

/** HF's in-step progress line. */
export class StepProgressLine {
  private startedAt: number | undefined;
  private step = 0;
  private previous: PreviousStep | undefined;
  private cap: number | undefined;
  private timer = 0;

  constructor(private readonly element: HTMLElement) {}

  /** HF's CG cap for this run (its settings' maxCgIterations). */
  setCap(cap: number | undefined): void {
    this.cap = cap;
  }

  /** HF's step number `step` starts now. */
  stepStarted(step: number): void {
    this.step = step;
    this.startedAt = performance.now();
    this.render();
    if (!this.timer) this.timer = window.setInterval(() => this.render(), TICK_MS);
  }

  /** HF's step ended: its timings are the next estimate's basis. */
  stepEnded(progress: StepProgress): void {
    if (progress.phases && progress.cgIterations !== undefined) this.previous = { phases: progress.phases, cgIterations: progress.cgIterations };
    this.startedAt = undefined;
    this.element.textContent = `HF step ${progress.step} took ${(progress.stepMs / 1000).toFixed(1)} s (${progress.cgIterations ?? 0} CG iterations${this.cap === undefined ? '' : ` of at most ${this.cap}`}).`;
  }

  /** HF is not training (paused, done, reset): the line stops moving. */
  stop(text?: string): void {
    window.clearInterval(this.timer);
    this.timer = 0;
    this.startedAt = undefined;
    if (text !== undefined) this.element.textContent = text;
  }

  /** Forgets the run. */
  clear(): void {
    this.stop('');
    this.previous = undefined;
    this.cap = undefined;
    this.step = 0;
  }

  private render(): void {
    if (this.startedAt === undefined) return;
    this.element.textContent = describeStep(this.step, performance.now() - this.startedAt, this.previous, this.cap);
  }
}
