import type { SharedBuffers } from './protocol.js';

/**
 * The shared memory of one engine: what lets the coordinator hand out a
 * vector and wait for the workers' parts without a copy or an event loop.
 *
 * - control: Int32 words, two per worker: [done sequence number, status]
 *   (status 0 = ok, 1 = the request failed, 2 = the worker is exiting;
 *   the message is in `errors`).
 * - theta, vector: n float32 each, written by the coordinator only.
 * - results: n float32 per worker, each written by its worker only.
 * - sum: n float32, the weighted sum of the results, each worker writing its slice.
 * - scalars: 4 float64 per worker (slot 0: the shard's mean loss).
 * - errors: ERROR_BYTES of UTF-8 per worker.
 *
 * The coordinator blocks in Atomics.wait on a worker's done word; the worker
 * writes its results, then the status, then the sequence number (Atomics.store
 * orders the plain writes before it), then Atomics.notify.
 */
export const ERROR_BYTES = 4096;
export const SCALARS_PER_WORKER = 4;

export interface SharedViews {
  readonly control: Int32Array;
  readonly theta: Float32Array;
  readonly vector: Float32Array;
  readonly scalars: Float64Array;
  readonly errors: Uint8Array;
  readonly sum: Float32Array;
  /** Worker k's part of the results. */
  result(k: number): Float32Array;
}

/** Allocates the buffers for `workers` workers and vectors of length n. */
export function allocateShared(workers: number, n: number): SharedBuffers {
  return {
    control: new SharedArrayBuffer(8 * workers),
    theta: new SharedArrayBuffer(4 * n),
    vector: new SharedArrayBuffer(4 * n),
    results: new SharedArrayBuffer(4 * n * workers),
    sum: new SharedArrayBuffer(4 * n),
    scalars: new SharedArrayBuffer(8 * SCALARS_PER_WORKER * workers),
    errors: new SharedArrayBuffer(ERROR_BYTES * workers),
  };
}

/** Typed views of the buffers (n = the vectors' length). */
export function sharedViews(buffers: SharedBuffers): SharedViews {
  const theta = new Float32Array(buffers.theta);
  const n = theta.length;
  const results = new Float32Array(buffers.results);
  return {
    control: new Int32Array(buffers.control),
    theta,
    vector: new Float32Array(buffers.vector),
    scalars: new Float64Array(buffers.scalars),
    errors: new Uint8Array(buffers.errors),
    sum: new Float32Array(buffers.sum),
    result: (k) => results.subarray(k * n, (k + 1) * n),
  };
}

/** Status words of a worker's answer. */
export const OK = 0;
export const FAILED = 1;
export const EXITING = 2;

/** Worker k's answer to request `seq`: status and error text first, then the sequence number, then a wake-up. */
export function publish(views: SharedViews, k: number, seq: number, error: string | null, status = error === null ? OK : FAILED): void {
  if (error !== null) {
    const bytes = new TextEncoder().encode(error).subarray(0, ERROR_BYTES - 1);
    const slot = views.errors.subarray(k * ERROR_BYTES, (k + 1) * ERROR_BYTES);
    slot.fill(0);
    slot.set(bytes);
  }
  Atomics.store(views.control, 2 * k + 1, status);
  Atomics.store(views.control, 2 * k, seq);
  Atomics.notify(views.control, 2 * k);
}

/** The error text worker k published. */
export function errorText(views: SharedViews, k: number): string {
  const slot = views.errors.subarray(k * ERROR_BYTES, (k + 1) * ERROR_BYTES);
  const end = slot.indexOf(0);
  // TextDecoder does not take views of shared memory: copy out first.
  return new TextDecoder().decode(slot.slice(0, end < 0 ? slot.length : end));
}

/**
 * sum[j] = sum_m weights[m] * results_m[j] for j in [from, to), accumulated
 * in float64 in worker order: one streaming pass per part over the slice
 * (each element sees the parts in the order m = 0, 1, ..., so the bits do
 * not depend on who reduces which slice). `scratch` (at least to - from
 * long) is the worker's own, reused every product: no allocation per CG iteration.
 */
export function reduceSlice(views: SharedViews, weights: readonly number[], from: number, to: number, scratch: Float64Array): void {
  const acc = scratch.subarray(0, to - from);
  acc.fill(0);
  for (let m = 0; m < weights.length; m++) {
    const part = views.result(m).subarray(from, to);
    const w = weights[m];
    for (let j = 0; j < acc.length; j++) acc[j] += w * part[j];
  }
  views.sum.set(acc, from);
}
