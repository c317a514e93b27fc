import { levenbergMarquardt, type LambdaSchedule, type LevenbergMarquardtState } from '@hessian-free/damping';
import { describe } from '@hessian-free/linop';
import { checkAllFinite, checkInteger } from '../checks.js';
import { decodeFloat32, encodeFloat32 } from './encoding.js';
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
 * `restore` (which rejects a non-finite, negative or out-of-range lambda,
 * naming state.lambda). A positive lambda under the floor, from a run saved
 * before the floor existed or resumed with a larger initialLambda, resumes
 * at the floor.
 */
export function restoreDamping(schedule: LambdaSchedule<LevenbergMarquardtState>, initialLambda: number, lambda: unknown): LevenbergMarquardtState {
  const floor = lambdaFloor(initialLambda);
  const kept = typeof lambda === 'number' && lambda > 0 && lambda < floor ? floor : lambda;
  return schedule.restore({ kind: 'levenberg-marquardt', lambda: kept });
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
  readonly options: Record<string, unknown>;
}

/** Checks a saved state (errors name the field) and decodes it for a model of `numParams` parameters. */
export function decodeState(where: string, state: unknown, numParams: number): SavedRun {
  if (state === null || typeof state !== 'object') throw new TypeError(`${where}: state must be a HessianFreeState object, got ${describe(state)}`);
  const s = state as Partial<HessianFreeState>;
  if (s.kind !== 'hessian-free' || s.version !== 1) {
    throw new TypeError(`${where}: state must be a HessianFreeState (kind 'hessian-free', version 1), got kind ${String(s.kind)}, version ${String(s.version)}`);
  }
  checkInteger(`${where}: state.stepCount`, s.stepCount, 0);
  if (typeof s.rng !== 'number' || !Number.isSafeInteger(s.rng) || s.rng < 0 || s.rng > 0xffffffff) {
    throw new RangeError(`${where}: state.rng must be a 32-bit unsigned integer, got ${describe(s.rng)}`);
  }
  if (s.options === null || typeof s.options !== 'object') throw new TypeError(`${where}: state.options must be an object, got ${describe(s.options)}`);
  const theta = decodeFloat32(`${where}: state.theta`, s.theta, numParams);
  checkAllFinite(`${where}: state.theta`, theta);
  const previousSolution =
    s.previousSolution === null || s.previousSolution === undefined
      ? null
      : decodeFloat32(`${where}: state.previousSolution`, s.previousSolution, numParams);
  return { theta, lambda: s.lambda, previousSolution, rng: s.rng, stepCount: s.stepCount, options: { ...s.options } };
}
