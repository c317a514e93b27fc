import {
  curvatureAt,
  functionalModel,
  parameterTensors,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  squaredError,
  type CurvatureAt,
  type FunctionalModel,
  type OutputLoss,
  type Targets,
} from '@hessian-free/curvature';
import { add, scale, type LinearOperator } from '@hessian-free/linop';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelModule, ProductKind, ShardReply, ShardRequest, SharedData } from './protocol.js';
import { EXITING, publish, reduceSlice, sharedViews, type SharedViews } from './shared-memory.js';

const BUILT_IN_LOSSES: Readonly<Record<string, OutputLoss>> = {
  [squaredError.name]: squaredError,
  [softmaxCrossEntropy.name]: softmaxCrossEntropy,
  [sigmoidCrossEntropy.name]: sigmoidCrossEntropy,
};

/**
 * The worker side of the shard protocol, independent of the thread API:
 * `post` sends a reply message. Returns the message handler. Each request's
 * work runs synchronously inside the handler and is answered through shared
 * memory (publish), so the coordinator can wait for it without an event loop.
 */
/** The exports of a model's module, given its URL (or a bundled worker's own key for it). */
export type ModuleImporter = (url: string) => Promise<Record<string, unknown>>;

const dynamicImport: ModuleImporter = async (url) => (await import(/* @vite-ignore */ url)) as Record<string, unknown>;

export function shardServer(
  post: (reply: ShardReply) => void,
  startBackend: (wasmPaths?: string | Record<string, string>) => Promise<void>,
  importModule: ModuleImporter = dynamicImport,
): { handle(request: ShardRequest): Promise<void>; exiting(code: number): void } {
  let shard: Shard | null = null;
  const exiting = (code: number): void => shard?.abandon(code);
  const handle = async (request: ShardRequest): Promise<void> => {
    if (request.op === 'init') {
      try {
        await startBackend(request.wasmPaths);
        const { model, loss } = await loadModel(await importModule(request.module.url), request.module, request.lossName);
        shard = new Shard(request.worker, sharedViews(request.buffers), model, loss);
        post({ type: 'ready' });
      } catch (error) {
        post({ type: 'failed', message: messageOf(error) });
      }
      return;
    }
    if (shard === null) throw new Error('shard worker: a request arrived before init');
    shard.handle(request);
  };
  return { handle, exiting };
}

/** Takes the model (and loss) from the exports of the user's module. */
function loadModel(exports: Record<string, unknown>, module: ModelModule, lossName: string): { model: FunctionalModel; loss: OutputLoss } {
  const modelName = module.model ?? 'model';
  const found = exports[modelName];
  if (found === undefined) throw new Error(`the module ${module.url} has no export named '${modelName}'`);
  const made = typeof found === 'function' ? (found as (...args: unknown[]) => unknown)(...(module.args ?? [])) : found;
  const model = isFunctionalModel(made) ? made : functionalModel(made as never);
  let loss: OutputLoss | undefined;
  if (module.loss !== undefined) {
    loss = exports[module.loss] as OutputLoss | undefined;
    if (loss === undefined || typeof loss.value !== 'function') {
      throw new Error(`the module ${module.url} has no OutputLoss export named '${module.loss}'`);
    }
  } else {
    loss = BUILT_IN_LOSSES[lossName];
    if (loss === undefined) {
      throw new Error(`the loss '${lossName}' is not one of curvature's built-in losses: export it from ${module.url} and name it in module.loss`);
    }
  }
  return { model, loss };
}

function isFunctionalModel(x: unknown): x is FunctionalModel {
  return x !== null && typeof x === 'object' && typeof (x as FunctionalModel).traceParams === 'function';
}

/** One worker's state: the data set (shared), and the point it holds. */
class Shard {
  private data: SharedData | null = null;
  private point: CurvatureAt | null = null;
  private operators = new Map<string, LinearOperator>();
  /** The reduction's float64 accumulator, kept across products. */
  private scratch = new Float64Array(0);

  constructor(
    private readonly k: number,
    private readonly views: SharedViews,
    private readonly model: FunctionalModel,
    private readonly loss: OutputLoss,
  ) {}

  /** The request being worked on, so that an exit in the middle of it can still answer it. */
  private inFlight: number | null = null;

  handle(request: Exclude<ShardRequest, { op: 'init' }>): void {
    let error: string | null = null;
    this.inFlight = request.seq;
    try {
      this.run(request);
    } catch (e) {
      error = messageOf(e);
    }
    this.inFlight = null;
    publish(this.views, this.k, request.seq, error);
  }

  /** The thread is exiting (process.exit, an uncaught error): fail the request in flight, so the coordinator does not wait for it. */
  abandon(code: number): void {
    if (this.inFlight !== null) publish(this.views, this.k, this.inFlight, `the worker exited (code ${code}) in the middle of the request`, EXITING);
    this.inFlight = null;
  }

  private run(request: Exclude<ShardRequest, { op: 'init' }>): void {
    const { views, k } = this;
    switch (request.op) {
      case 'data':
        this.release();
        this.data = request.data;
        return;
      case 'point': {
        this.release();
        const at = this.withBatch(request.indices, (batch) =>
          curvatureAt(this.model, this.loss, views.theta.slice(), batch, { seed: request.seed }),
        );
        views.scalars[4 * k] = at.loss;
        views.result(k).set(at.gradient);
        if (request.keep) this.point = at;
        else at.dispose();
        return;
      }
      case 'value':
        views.scalars[4 * k] = this.value(request.indices);
        return;
      case 'product':
        this.operator(request.kind, request.seed, request.weight).apply(views.vector, views.result(k));
        return;
      case 'diagonal':
        views.result(k).set(
          this.held().empiricalFisherDiagonal(request.options),
        );
        return;
      case 'reduce':
        if (this.scratch.length < request.to - request.from) this.scratch = new Float64Array(request.to - request.from);
        reduceSlice(views, request.weights, request.from, request.to, this.scratch);
        return;
      case 'release':
        this.release();
        return;
    }
  }

  private held(): CurvatureAt {
    if (this.point === null) throw new Error('no point is set: send a point request with keep: true first');
    return this.point;
  }

  private operator(kind: ProductKind, seed: number, weight: number): LinearOperator {
    const key = kind === 'fisher-monte-carlo' ? `${kind}:${seed}` : kind === 'damped-gauss-newton' ? `${kind}:${weight}` : kind;
    let op = this.operators.get(key);
    if (op === undefined) {
      const at = this.held();
      op =
        kind === 'gauss-newton' ? at.gaussNewton()
        : kind === 'hessian' ? at.hessian()
        : kind === 'structural-damping' ? at.structuralDamping()
        : kind === 'damped-gauss-newton' ? dampedGaussNewton(at, weight)
        : at.fisher(kind === 'fisher-empirical' ? { kind: 'empirical' } : kind === 'fisher-true' ? { kind: 'true' } : { kind: 'monte-carlo', seed });
      this.operators.set(key, op);
    }
    return op;
  }

  /** The shard's mean loss at theta: one forward pass (as hf's objective computes it). */
  private value(indices: Int32Array): number {
    const theta = this.views.theta.slice();
    return this.withBatch(indices, (batch) =>
      tf.tidy(() => {
        const params = parameterTensors(this.model.shapes, theta);
        const z = this.model.traceParams(params, batch.inputs)[0];
        return this.loss.value(z, this.loss.prepareTargets(batch.targets, z.shape)).dataSync()[0];
      }),
    );
  }

  /** Runs f on the examples at `indices` (fresh tensors gathered from shared memory, freed after). */
  private withBatch<T>(indices: Int32Array, f: (batch: { inputs: tf.Tensor; targets: Targets }) => T): T {
    const batch = this.batch(indices);
    try {
      return f(batch);
    } finally {
      batch.inputs.dispose();
      if (batch.targets instanceof tf.Tensor) batch.targets.dispose();
    }
  }

  private batch(indices: Int32Array): { inputs: tf.Tensor; targets: Targets } {
    const data = this.data;
    if (data === null) throw new Error('no data set: send a data request first');
    const m = indices.length;
    const inputs = gatherRows(new Float32Array(data.inputs), data.inputShape, indices);
    const all = data.targetType === 'int32' ? new Int32Array(data.targets) : new Float32Array(data.targets);
    const targets = gatherRows(all, data.targetShape, indices);
    const targetShape = [m, ...data.targetShape.slice(1)];
    return {
      inputs: tf.tensor(inputs, [m, ...data.inputShape.slice(1)], 'float32'),
      targets: data.targetsAsTensor ? tf.tensor(targets, targetShape, data.targetType) : targets,
    };
  }

  private release(): void {
    this.point?.dispose();
    this.point = null;
    this.operators.clear();
  }
}

function gatherRows<T extends Float32Array | Int32Array>(all: T, shape: readonly number[], indices: Int32Array): T {
  const row = all.length / shape[0];
  const out = new (all.constructor as { new (n: number): T })(indices.length * row);
  for (let i = 0; i < indices.length; i++) out.set(all.subarray(indices[i] * row, (indices[i] + 1) * row), i * row);
  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** G + w S: one sweep of each kind where the point has the fused product, else the sum of the two. */
function dampedGaussNewton(at: CurvatureAt, weight: number): LinearOperator {
  return at.dampedGaussNewton?.(weight) ?? add(at.gaussNewton(), scale(weight, at.structuralDamping()));
}
