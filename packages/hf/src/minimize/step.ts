import type { SolverStatus } from '@hessian-free/krylov';

/** The optimizer's current point, updated in place when a step is taken. */
export interface Iterate {
  readonly x: Float64Array;
  readonly g: Float64Array;
  f: number;
}

/** What one outer iteration of a globalization did. */
export interface StepOutcome {
  /** `taken`: x moved; `rejected`: (trust region) x stayed, try again; `failed`: no step can be found. */
  readonly kind: 'taken' | 'rejected' | 'failed' | 'aborted';
  readonly stepNorm: number;
  readonly stepLength: number;
  readonly radius: number;
  readonly ratio: number;
  readonly cgIterations: number;
  readonly cgStatus: SolverStatus;
}

/** One globalization strategy: computes a step from the iterate and takes it or not. */
export type Step = (it: Iterate) => StepOutcome;
