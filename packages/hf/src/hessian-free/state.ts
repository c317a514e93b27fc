import { levenbergMarquardt, type LambdaSchedule, type LevenbergMarquardtState } from '@hessian-free/damping';
import { describe } from '@hessian-free/linop';
import { checkAllFinite, checkInteger, checkOptions } from '../checks.js';
import { decodeFloat32, encodeFloat32 } from './encoding.js';
import { hfSettings } from './settings.js';
import type { HessianFreeState, HessianFreeStateOptions } from './types.js';

/** What changes from step to step: everything a resumed run needs besides data and options. */
export interface RunState {
  readonly theta: Float32Array;
  /** Levenberg-Marquardt's state, damping's own: updated by the schedule's `update`, resumed by its `restore`. */
  readonly damping: LevenbergMarquardtState;
  /** The previous final CG solution, or null (no warm start). */
  readonly previousSolution: Float32Array | null;
  /** Position of the sampling generator. */
  readonly rng: number;
  readonly stepCount: number;
}

/** Levenberg-Marquardt's lambda never drops below min(initialLambda, this). */
const MIN_LAMBDA = 1e-10;

/**
 * The Levenberg-Marquardt schedule of a run (Martens' constants, damping's
 * defaults). A floor min(initialLambda, 1e-10) keeps lambda from underflowing
 * to 0 after a long run of good steps, from where multiplying by 3/2 could
 * never raise it again.
 */
export function dampingSchedule(initialLambda: number): LambdaSchedule<LevenbergMarquardtState> {
  return levenbergMarquardt({ initialLambda, minLambda: lambdaFloor(initialLambda) });
}

function lambdaFloor(initialLambda: number): number {
  return Math.min(initialLambda, MIN_LAMBDA);
}

/**
 * The saved lambda as Levenberg-Marquardt's state, through the schedule's
 * `restore`, which rejects a lambda that is not a finite number or lies
 * outside the schedule's bounds (NaN, 0, 1e308; the error names `name`, e.g.
 * `resumeHessianFree: state.lambda`). A positive lambda under the floor, from
 * a run saved before the floor existed or resumed with a larger
 * initialLambda, resumes at the floor.
 */
export function restoreDamping(
  name: string,
  schedule: LambdaSchedule<LevenbergMarquardtState>,
  initialLambda: number,
  lambda: unknown,
): LevenbergMarquardtState {
  const floor = lambdaFloor(initialLambda);
  const kept = typeof lambda === 'number' && lambda > 0 && lambda < floor ? floor : lambda;
  try {
    return schedule.restore({ kind: 'levenberg-marquardt', lambda: kept });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const Type = error instanceof TypeError ? TypeError : RangeError;
    throw new Type(`${name} must be a lambda damping's Levenberg-Marquardt schedule accepts, got ${describe(lambda)} (${message})`, { cause: error });
  }
}

/**
 * The run as plain JSON (version 1 keeps Levenberg-Marquardt's state as its
 * lambda: the kind is implied).
 */
export function encodeState(run: RunState, options: HessianFreeStateOptions): HessianFreeState {
  return {
    kind: 'hessian-free',
    version: 1,
    stepCount: run.stepCount,
    lambda: run.damping.lambda,
    rng: run.rng,
    theta: encodeFloat32(run.theta),
    previousSolution: run.previousSolution === null ? null : encodeFloat32(run.previousSolution),
    options: { ...options },
  };
}

/** A saved run, checked and decoded; its lambda is checked by `restoreDamping` once the options are known. */
export interface SavedRun extends Omit<RunState, 'damping'> {
  readonly lambda: unknown;
  readonly options: HessianFreeStateOptions;
}

/** The fields of a state; the type makes this list follow HessianFreeState. */
const STATE_FIELDS: { readonly [K in keyof HessianFreeState]-?: true } = {
  kind: true,
  version: true,
  stepCount: true,
  lambda: true,
  rng: true,
  theta: true,
  previousSolution: true,
  options: true,
};

/**
 * The options a state saves, every one of them: a missing one would resume
 * with its default and silently change the run. The type makes this list
 * follow HessianFreeStateOptions.
 */
const STATE_OPTIONS: { readonly [K in keyof HessianFreeStateOptions]-?: true } = {
  curvature: true,
  indefiniteSolver: true,
  gradientBatchSize: true,
  curvatureBatchSize: true,
  initialLambda: true,
  structuralDampingMu: true,
  maxCgIterations: true,
  warmStartDecay: true,
  preconditioner: true,
  backtracking: true,
  lineSearch: true,
  l2: true,
  seed: true,
  yieldToEventLoop: true,
};

/**
 * Options added after states of version 1 were first written, with the value
 * every run before them had: a state without one resumes as it ran.
 */
const ADDED_OPTIONS: Partial<HessianFreeStateOptions> = { indefiniteSolver: 'cg' };

/**
 * Checks a saved state (errors name the field, e.g. `resumeHessianFree:
 * state.options.l2`) and decodes it for a model of `numParams` parameters. A
 * state is complete or it is refused: every field and every option must be
 * present and valid, and no other may be; only lambda is left to
 * `restoreDamping`.
 */
export function decodeState(where: string, state: unknown, numParams: number): SavedRun {
  const name = `${where}: state`;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new TypeError(`${name} must be a HessianFreeState object, got ${describe(state)}`);
  }
  const s = state as Record<string, unknown>;
  if (s.kind !== 'hessian-free') throw new TypeError(`${name}.kind must be 'hessian-free', got ${describe(s.kind)}`);
  if (s.version !== 1) throw new TypeError(`${name}.version must be 1, got ${describe(s.version)}`);
  for (const key of Object.keys(s)) {
    if (!Object.hasOwn(STATE_FIELDS, key)) {
      throw new TypeError(`${name} must hold only the fields of a HessianFreeState (${Object.keys(STATE_FIELDS).join(', ')}), got unknown field '${key}'`);
    }
  }
  checkInteger(`${name}.stepCount`, s.stepCount, 0);
  if (typeof s.rng !== 'number' || !Number.isSafeInteger(s.rng) || s.rng < 0 || s.rng > 0xffffffff) {
    throw new RangeError(`${name}.rng must be a 32-bit unsigned integer, got ${describe(s.rng)}`);
  }
  const options = savedOptions(where, s.options);
  const theta = decodeFloat32(`${name}.theta`, s.theta, numParams);
  checkAllFinite(`${name}.theta`, theta);
  let previousSolution: Float32Array | null = null;
  if (s.previousSolution !== null) {
    if (typeof s.previousSolution !== 'string') {
      throw new TypeError(`${name}.previousSolution must be a base64 string or null, got ${describe(s.previousSolution)}`);
    }
    previousSolution = decodeFloat32(`${name}.previousSolution`, s.previousSolution, numParams);
    checkAllFinite(`${name}.previousSolution`, previousSolution);
  }
  return { theta, lambda: s.lambda, previousSolution, rng: s.rng, stepCount: s.stepCount, options };
}

/**
 * The saved options, checked on their own (named `state.options.x`; options
 * passed to resumeHessianFree are checked under their own names when merged):
 * every option a state saves, and no other. Whether the model has the hidden
 * states structural damping needs is checked with the merged options.
 */
function savedOptions(where: string, options: unknown): HessianFreeStateOptions {
  const name = `${where}: state.options`;
  checkOptions(name, options, new Set(Object.keys(STATE_OPTIONS)));
  if (options === undefined) throw new TypeError(`${name} must be an object, got undefined`);
  const o: Record<string, unknown> = { ...ADDED_OPTIONS, ...(options as Record<string, unknown>) };
  for (const key of Object.keys(STATE_OPTIONS)) {
    if (o[key] === undefined) throw new TypeError(`${name}.${key} must be present (a saved state holds every option), got undefined`);
  }
  hfSettings(where, o, Number.MAX_SAFE_INTEGER, true, name);
  return { ...o } as unknown as HessianFreeStateOptions;
}
