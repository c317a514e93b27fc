import type { DiagonalOptions } from '@hessian-free/curvature';

/**
 * The shard protocol: the few messages a coordinator sends to the worker that
 * holds one shard. Every vector crosses through shared memory (see
 * shared-memory.ts), so a message carries only small things (indices, seeds,
 * names); a later transport to other machines carries the same messages plus
 * the vectors they name (about 2 n floats per worker and product).
 *
 * Every request has a sequence number. A worker answers a request by writing
 * its results into its slots of shared memory and then publishing the
 * sequence number (with a status) in its control words, which the
 * coordinator waits on; see shared-memory.ts.
 */

/** Where a worker finds the model and the loss: an ES module and its export names. */
export interface ModelModule {
  /** URL of an ES module (file: URL in Node; a URL the worker can import in browsers). */
  readonly url: string;
  /**
   * Name of the export holding the model (default 'model'): a FunctionalModel,
   * a spec for functionalModel(), or a function that returns either when
   * called with `args` (a family of models, e.g. by layer sizes).
   */
  readonly model?: string;
  /** Arguments for a model export that is a function (structured-cloneable values). */
  readonly args?: readonly unknown[];
  /**
   * Name of the export holding the loss. Default: none, and the coordinator's
   * loss is one of curvature's built-in losses, rebuilt in the worker by its
   * name ('squared-error', 'softmax-cross-entropy', 'sigmoid-cross-entropy').
   */
  readonly loss?: string;
}

/** The data set as it crosses to the workers once: rows in shared memory. */
export interface SharedData {
  /** Float32 inputs, row-major, batch on axis 0. */
  readonly inputs: SharedArrayBuffer;
  readonly inputShape: readonly number[];
  /** Targets, row-major, batch on axis 0; Int32 for class labels. */
  readonly targets: SharedArrayBuffer;
  readonly targetType: 'float32' | 'int32';
  /** The shape of the targets; `asTensor` when the caller passed a tensor (else a typed array). */
  readonly targetShape: readonly number[];
  readonly targetsAsTensor: boolean;
}

/** Which curvature product: the operators of @hessian-free/curvature's CurvatureAt. */
export type ProductKind =
  | 'gauss-newton'
  | 'hessian'
  | 'fisher-empirical'
  | 'fisher-monte-carlo'
  | 'fisher-true'
  | 'structural-damping'
  /** G + w S over one forward-mode and one reverse sweep (curvature's dampedGaussNewton(w)); w rides in the request. */
  | 'damped-gauss-newton';

/** The shared buffers a worker writes into and reads from (see shared-memory.ts). */
export interface SharedBuffers {
  readonly control: SharedArrayBuffer;
  readonly theta: SharedArrayBuffer;
  readonly vector: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
  readonly sum: SharedArrayBuffer;
  readonly scalars: SharedArrayBuffer;
  readonly errors: SharedArrayBuffer;
}

/** Coordinator -> worker. */
export type ShardRequest =
  /** Once per worker: its index, the model's module and the shared buffers. Answered with a 'ready' message. */
  | { readonly op: 'init'; readonly worker: number; readonly module: ModelModule; readonly lossName: string; readonly buffers: SharedBuffers; readonly wasmPaths?: string | Record<string, string> }
  /** Once per data set. */
  | { readonly op: 'data'; readonly seq: number; readonly data: SharedData }
  /**
   * Set the point: theta (shared) on the examples `indices` of the data set
   * (this worker's share of a batch). Writes the shard's mean loss (scalar 0)
   * and its gradient (results). `keep`: hold the point for products until the
   * next 'point' or 'release'; else free it at once (loss and gradient only).
   */
  | { readonly op: 'point'; readonly seq: number; readonly indices: Int32Array; readonly seed: number; readonly keep: boolean }
  /** The shard's mean loss at theta (shared) on `indices`, into scalar 0: one forward pass, nothing kept. */
  | { readonly op: 'value'; readonly seq: number; readonly indices: Int32Array }
  /** The shard's product with the vector (shared), into results. */
  | { readonly op: 'product'; readonly seq: number; readonly kind: ProductKind; readonly seed: number; readonly weight: number }
  /** The shard's diagonal of the empirical Fisher, into results. */
  | { readonly op: 'diagonal'; readonly seq: number; readonly options: DiagonalOptions }
  /**
   * The reduction, spread over the workers: worker k adds sum_m weights[m] *
   * results_m over its slice [from, to) of the vector into `sum`, in float64,
   * m in worker order (so the bits do not depend on timing).
   */
  | { readonly op: 'reduce'; readonly seq: number; readonly weights: readonly number[]; readonly from: number; readonly to: number }
  /** Free the kept point. */
  | { readonly op: 'release'; readonly seq: number };

/** Worker -> coordinator, by message (the only reply not made through shared memory). */
export type ShardReply = { readonly type: 'ready' } | { readonly type: 'failed'; readonly message: string };
