import type { CurvatureAt, DiagonalOptions, FunctionalModel, OutputLoss, Targets } from '@hessian-free/curvature';
import * as tf from '@tensorflow/tfjs-core';
import { ParallelPoint } from './parallel-point.js';
import type { ModelModule, ProductKind, ShardReply, ShardRequest, SharedData } from './protocol.js';
import { allocateShared, errorText, EXITING, OK, sharedViews, type SharedViews } from './shared-memory.js';
import { splitEvenly, splitRange } from './split.js';
import { threads, type ShardTransport, type TransportFactory } from './transport.js';

/** A data set as hf takes it: inputs with the examples on axis 0, and targets. */
export interface EngineData {
  readonly inputs: tf.Tensor;
  readonly targets: Targets;
}

/** Options of `startEngine`. */
export interface EngineOptions {
  /** Number of workers (>= 1). */
  readonly workers: number;
  /** The model as the coordinator holds it (for its parameter count). */
  readonly model: FunctionalModel;
  /** The loss as the coordinator holds it (a built-in loss is rebuilt in the workers by name). */
  readonly loss: OutputLoss;
  /** Where the workers import the model (and a custom loss) from. */
  readonly module: ModelModule;
  /** How to start a worker (default: `threads()`, threads of this process running the package's worker script). */
  readonly transport?: TransportFactory;
  /** Where the workers find the .wasm files (browsers; see hf's useWasmBackend). */
  readonly wasmPaths?: string | Record<string, string>;
  /**
   * The longest a request may take before the engine gives up on a worker
   * (ms, default 600,000). A worker that dies in the middle of a request
   * without a word (killed, out of memory) is noticed only at this deadline
   * or at the coordinator's next turn of the event loop.
   */
  readonly timeoutMs?: number;
}

/**
 * A data-parallel engine: `workers` threads, each with its own TensorFlow.js
 * engine on the WASM backend, each holding the data set (shared memory, one
 * copy for all) and computing its share of a batch. Loss, gradient and every
 * curvature product are sums over examples: the coordinator adds the shards'
 * parts in a fixed order (worker 0, 1, ...) in float64, so the same number of
 * workers gives the same bits, run after run.
 *
 * Every call after `startEngine` resolves is synchronous (the coordinator
 * blocks in Atomics.wait while the workers compute), so the points it makes
 * are ordinary CurvatureAt objects whose operators CG can use as they are.
 * Atomics.wait is not allowed on a browser's main thread: use the engine from
 * a worker there, on a cross-origin-isolated page (SharedArrayBuffer).
 */
export interface ParallelEngine {
  readonly workers: number;
  /** Sends a data set to the workers (once per data set; steps send indices). */
  setData(data: EngineData): void;
  /** Number of examples of the current data set. */
  readonly dataSize: number;
  /** Why the engine can no longer be used (a worker died or did not answer), or null. Dispose it and start a new one. */
  readonly failure: Error | null;
  /**
   * The curvature point of theta on the examples `indices` (null: all),
   * held by the workers until the point is disposed or the next point is made.
   */
  curvatureAt(theta: Float32Array, indices: Int32Array | null, seed?: number): CurvatureAt;
  /** Mean loss and gradient at theta on `indices` (null: all); nothing is kept. */
  lossAndGradient(theta: Float32Array, indices: Int32Array | null): { loss: number; gradient: Float32Array };
  /** Mean loss at theta on `indices` (null: all): one forward pass per worker. */
  loss(theta: Float32Array, indices: Int32Array | null): number;
  /** Ends every worker. Idempotent; later calls throw. */
  dispose(): Promise<void>;
}

/**
 * Starts `options.workers` shard workers and waits until each has its backend
 * and the model. Rejects (ending the workers it started) if one fails.
 *
 * @example
 * ```ts
 * import { softmaxCrossEntropy, type FunctionalModel } from '@hessian-free/curvature';
 * import { startEngine } from '@hessian-free/parallel';
 * import * as tf from '@tensorflow/tfjs-core';
 * // model.mjs exports `model`, a functionalModel over 6 inputs and 3 classes.
 * const url = new URL('./model.mjs', import.meta.url).href;
 * const { model } = (await import(url)) as { model: FunctionalModel };
 * const engine = await startEngine({ workers: 2, model, loss: softmaxCrossEntropy, module: { url } });
 * engine.setData({ inputs: tf.randomNormal([100, 6]), targets: Int32Array.from({ length: 100 }, (_, i) => i % 3) });
 * const point = engine.curvatureAt(new Float32Array(model.numParams), null);
 * const Gv = new Float32Array(model.numParams);
 * point.gaussNewton().apply(point.gradient, Gv);
 * point.dispose();
 * await engine.dispose();
 * ```
 */
export async function startEngine(options: EngineOptions): Promise<ParallelEngine> {
  const workers = options.workers;
  if (!Number.isSafeInteger(workers) || workers < 1) {
    throw new RangeError(`startEngine: options.workers must be a positive integer, got ${String(workers)}`);
  }
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new Error('startEngine: SharedArrayBuffer is not available (in a browser the page must be cross-origin isolated)');
  }
  const timeoutMs = options.timeoutMs ?? 600_000;
  if (!(timeoutMs > 0)) throw new RangeError(`startEngine: options.timeoutMs must be > 0, got ${String(timeoutMs)}`);
  const buffers = allocateShared(workers, options.model.numParams);
  const factory = options.transport ?? threads();
  const started: ShardTransport[] = [];
  try {
    for (let k = 0; k < workers; k++) started.push(await factory(k));
    await Promise.all(
      started.map(
        (t, k) =>
          new Promise<void>((resolve, reject) => {
            t.onFault(reject);
            t.onReply((reply: ShardReply) => {
              if (reply.type === 'ready') resolve();
              else reject(new Error(`shard worker ${k} failed to start: ${reply.message}`));
            });
            t.post({ op: 'init', worker: k, module: options.module, lossName: options.loss.name, buffers, wasmPaths: options.wasmPaths });
          }),
      ),
    );
  } catch (error) {
    await Promise.all(started.map((t) => t.terminate()));
    throw error;
  }
  return new Engine(started, sharedViews(buffers), options.model.numParams, timeoutMs);
}

class Engine implements ParallelEngine {
  readonly workers: number;
  dataSize = 0;
  private seq = 0;
  private broken: Error | null = null;

  get failure(): Error | null {
    return this.broken;
  }
  private disposed = false;
  private current: ParallelPoint | null = null;

  constructor(
    private readonly transports: readonly ShardTransport[],
    private readonly views: SharedViews,
    private readonly n: number,
    private readonly timeoutMs: number,
  ) {
    this.workers = transports.length;
    transports.forEach((t, k) => {
      t.onFault((error) => {
        this.broken ??= new Error(`shard worker ${k} died: ${error.message}`, { cause: error });
      });
      t.unref(); // an idle engine does not keep a Node process alive
    });
  }

  setData(data: EngineData): void {
    this.checkUsable();
    const shared = shareData(data);
    this.dataSize = data.inputs.shape[0];
    this.current = null;
    this.request(() => ({ op: 'data', data: shared }));
  }

  curvatureAt(theta: Float32Array, indices: Int32Array | null, seed = 0): CurvatureAt {
    const parts = this.pointParts(theta, indices, seed, true);
    const point = new ParallelPoint(this, parts.loss, parts.gradient, parts.shares, seed);
    this.current = point;
    return point;
  }

  lossAndGradient(theta: Float32Array, indices: Int32Array | null): { loss: number; gradient: Float32Array } {
    const { loss, gradient } = this.pointParts(theta, indices, 0, false);
    return { loss, gradient };
  }

  loss(theta: Float32Array, indices: Int32Array | null): number {
    const shares = this.shares(indices);
    this.views.theta.set(theta);
    this.request((k) => ({ op: 'value', indices: shares[k] }));
    return this.sumScalars(shares);
  }

  /** worker k's share of the product with v, summed with weights (float64, in worker order) into y. */
  product(point: ParallelPoint, kind: ProductKind, seed: number, weight: number, v: Float32Array | Float64Array, y: Float32Array | Float64Array): void {
    this.checkCurrent(point);
    this.views.vector.set(v);
    this.request(() => ({ op: 'product', kind, seed, weight }));
    this.reduceInto(point.shares, y);
  }

  diagonal(point: ParallelPoint, options: DiagonalOptions & { readonly seed: number }): Float32Array {
    this.checkCurrent(point);
    // Independent probes per shard: the sum of unbiased estimates stays unbiased.
    this.request((k) => ({ op: 'diagonal', options: { ...options, seed: (options.seed + 0x9e3779b9 * k) >>> 0 } }));
    const out = new Float32Array(this.n);
    this.reduceInto(point.shares, out);
    return out;
  }

  release(point: ParallelPoint): void {
    if (this.current !== point || this.disposed || this.broken !== null) return;
    this.current = null;
    this.request(() => ({ op: 'release' }));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.current = null;
    await Promise.all(this.transports.map((t) => t.terminate()));
  }

  private pointParts(theta: Float32Array, indices: Int32Array | null, seed: number, keep: boolean) {
    const shares = this.shares(indices);
    this.views.theta.set(theta);
    this.current = null;
    this.request((k) => ({ op: 'point', indices: shares[k], seed: (seed + 0x9e3779b9 * k) >>> 0, keep }));
    const gradient = new Float32Array(this.n);
    this.reduceInto(shares, gradient);
    return { loss: this.sumScalars(shares), gradient, shares };
  }

  /** Each worker's contiguous share of the batch (null: the whole data set). */
  private shares(indices: Int32Array | null): Int32Array[] {
    this.checkUsable();
    if (this.dataSize === 0) throw new Error('ParallelEngine: no data set: call setData first');
    const all = indices ?? Int32Array.from({ length: this.dataSize }, (_, i) => i);
    if (all.length < this.workers) {
      throw new RangeError(`ParallelEngine: a batch of ${all.length} examples cannot be split over ${this.workers} workers`);
    }
    return splitEvenly(all, this.workers);
  }

  /**
   * y = sum_k (n_k / N) part_k: the workers reduce one slice of the vector
   * each (float64, in worker order), the coordinator copies the sum out.
   */
  private reduceInto(shares: readonly Int32Array[], y: Float32Array | Float64Array): void {
    if (this.workers === 1) {
      y.set(this.views.result(0));
      return;
    }
    const total = shares.reduce((s, share) => s + share.length, 0);
    const weights = shares.map((share) => share.length / total);
    const slices = splitRange(this.n, this.workers);
    this.request((k) => ({ op: 'reduce', weights, from: slices[k], to: slices[k + 1] }));
    y.set(this.views.sum);
  }

  private sumScalars(shares: readonly Int32Array[]): number {
    const total = shares.reduce((s, share) => s + share.length, 0);
    let sum = 0;
    for (let k = 0; k < this.workers; k++) sum += (shares[k].length / total) * this.views.scalars[4 * k];
    return sum;
  }

  /** Sends worker k the request made by make(k), for every k, and waits for all answers. */
  private request(make: (k: number) => Omit<ShardRequest & { seq: number }, 'seq'>): void {
    this.checkUsable();
    const seq = ++this.seq;
    this.transports.forEach((t, k) => t.post({ ...make(k), seq } as ShardRequest));
    const deadline = performance.now() + this.timeoutMs;
    const failures: string[] = [];
    for (let k = 0; k < this.workers; k++) {
      const { control } = this.views;
      for (;;) {
        const done = Atomics.load(control, 2 * k);
        if (done === seq) break;
        const left = deadline - performance.now();
        if (left <= 0) {
          this.broken = new Error(`shard worker ${k} did not answer within ${this.timeoutMs} ms`);
          throw this.broken;
        }
        Atomics.wait(control, 2 * k, done, Math.min(left, 1000));
      }
      const status = Atomics.load(control, 2 * k + 1);
      if (status !== OK) failures.push(`worker ${k}: ${errorText(this.views, k)}`);
      if (status === EXITING) this.broken ??= new Error(`shard worker ${k} exited: ${errorText(this.views, k)}`);
    }
    if (failures.length > 0) throw new Error(`ParallelEngine: ${failures.join('; ')}`);
  }

  private checkCurrent(point: ParallelPoint): void {
    if (this.current !== point) throw new Error('CurvatureAt: this point is no longer held by the workers (a newer point was made, or it was disposed)');
  }

  private checkUsable(): void {
    if (this.disposed) throw new Error('ParallelEngine: used after dispose()');
    if (this.broken !== null) throw new Error(`ParallelEngine: unusable: ${this.broken.message}; dispose it and start a new one`, { cause: this.broken });
  }
}

/** The data set copied once into shared memory. */
function shareData(data: EngineData): SharedData {
  const inputs = toShared(data.inputs.dataSync() as Float32Array);
  const { targets } = data;
  const n = data.inputs.shape[0];
  if (targets instanceof tf.Tensor) {
    const values = targets.dataSync();
    return {
      inputs,
      inputShape: data.inputs.shape,
      targets: toShared(values as Float32Array | Int32Array),
      targetType: targets.dtype === 'int32' ? 'int32' : 'float32',
      targetShape: targets.shape,
      targetsAsTensor: true,
    };
  }
  return {
    inputs,
    inputShape: data.inputs.shape,
    targets: toShared(targets),
    targetType: targets instanceof Int32Array ? 'int32' : 'float32',
    targetShape: [n, targets.length / n],
    targetsAsTensor: false,
  };
}

function toShared(values: Float32Array | Int32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(values.byteLength);
  new (values.constructor as Float32ArrayConstructor)(buffer).set(values as Float32Array);
  return buffer;
}
