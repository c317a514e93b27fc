import type { MinimizeRecord } from './types.js';

/** The optimizer's current point, updated in place when a step is taken. */
export interface Iterate {
  readonly x: Float64Array;
  readonly g: Float64Array;
  f: number;
  /**
   * The lowest f of the points taken so far (x0 included). A trust-region
   * step whose decrease is within f's rounding error may raise f, but never
   * above this plus that error, so that such steps cannot add up to a climb.
   */
  fBest: number;
}

/** What one outer iteration of a globalization did: the step's part of its `MinimizeRecord`, and what became of it. */
export interface StepOutcome extends Pick<MinimizeRecord, 'stepNorm' | 'stepLength' | 'radius' | 'ratio' | 'cgIterations' | 'cgStatus' | 'direction'> {
  /** `taken`: x moved; `rejected`: (trust region) x stayed, try again; `failed`: no step can be found. */
  readonly kind: 'taken' | 'rejected' | 'failed' | 'aborted';
  /** With `failed`: why, in words (the result's message). */
  readonly reason?: string;
}

/** One globalization strategy: computes a step from the iterate and takes it or not. */
export type Step = (it: Iterate) => StepOutcome;

/** A number for a message: three significant digits in exponent form. */
export function sci(v: number): string {
  return v.toExponential(2);
}
