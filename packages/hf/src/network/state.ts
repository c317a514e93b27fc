import { decodeFloat32, encodeFloat32 } from './encoding.js';
import type { HessianFreeState, HessianFreeStateOptions } from './types.js';

/** What changes from step to step: everything a resumed run needs besides data and options. */
export interface RunState {
  readonly theta: Float32Array;
  readonly lambda: number;
  /** The previous final CG solution, or null (no warm start). */
  readonly previousSolution: Float32Array | null;
  /** Position of the sampling generator. */
  readonly rng: number;
  readonly stepCount: number;
}

export function encodeState(run: RunState, options: HessianFreeStateOptions): HessianFreeState {
  return {
    kind: 'hessian-free',
    version: 1,
    stepCount: run.stepCount,
    lambda: run.lambda,
    rng: run.rng,
    theta: encodeFloat32(run.theta),
    previousSolution: run.previousSolution === null ? null : encodeFloat32(run.previousSolution),
    options: { ...options },
  };
}

/** Checks a saved state (errors name the field) and decodes it for a model of `numParams` parameters. */
export function decodeState(where: string, state: unknown, numParams: number): RunState & { readonly options: Record<string, unknown> } {
  if (state === null || typeof state !== 'object') throw new TypeError(`${where}: state must be a HessianFreeState object`);
  const s = state as Partial<HessianFreeState>;
  if (s.kind !== 'hessian-free' || s.version !== 1) {
    throw new TypeError(`${where}: state must be a HessianFreeState (kind 'hessian-free', version 1), got kind ${String(s.kind)}, version ${String(s.version)}`);
  }
  if (typeof s.stepCount !== 'number' || !Number.isSafeInteger(s.stepCount) || s.stepCount < 0) {
    throw new RangeError(`${where}: state.stepCount must be a non-negative integer, got ${String(s.stepCount)}`);
  }
  if (typeof s.lambda !== 'number' || !Number.isFinite(s.lambda) || !(s.lambda > 0)) {
    throw new RangeError(`${where}: state.lambda must be a finite number > 0, got ${String(s.lambda)}`);
  }
  if (typeof s.rng !== 'number' || !Number.isSafeInteger(s.rng) || s.rng < 0 || s.rng > 0xffffffff) {
    throw new RangeError(`${where}: state.rng must be a 32-bit unsigned integer, got ${String(s.rng)}`);
  }
  if (s.options === null || typeof s.options !== 'object') throw new TypeError(`${where}: state.options must be an object`);
  const theta = decodeFloat32(`${where}: state.theta`, s.theta, numParams);
  const bad = theta.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${where}: state.theta must be finite, got theta[${bad}] = ${theta[bad]}`);
  const previousSolution =
    s.previousSolution === null || s.previousSolution === undefined
      ? null
      : decodeFloat32(`${where}: state.previousSolution`, s.previousSolution, numParams);
  return { theta, lambda: s.lambda, previousSolution, rng: s.rng, stepCount: s.stepCount, options: { ...s.options } };
}
