import type { FunctionalModel, OutputLoss } from '@hessian-free/curvature';
import { startEngine, threads, type ModelModule, type ParallelEngine } from '@hessian-free/parallel';
import type { OwnedDataset } from './dataset.js';
import type { Evaluator, StepBatches } from './evaluator.js';
import type { Objective } from './objective.js';

/** How to reach the workers: what the optimizer's options say (parallel-settings.ts). */
export interface WorkerSetup {
  readonly workers: number;
  readonly modelModule: ModelModule;
  /** A worker script of the app's own (bundlers), else the package's. */
  readonly workerScript: string | URL | undefined;
}

/**
 * A step's sums over examples split over worker threads by
 * @hessian-free/parallel: the data set is sent once, each step sends its
 * batch indices. The engine starts on the first step (`ready`), and after a
 * worker fault it is ended and started anew on the next step. hessianFree
 * uses every evaluation of its batches; adam and sgdMomentum only
 * `valueAndGradient`.
 */
export class ParallelEvaluator implements Evaluator {
  private engine: ParallelEngine | null = null;
  private disposed = false;

  constructor(
    private readonly model: FunctionalModel,
    private readonly loss: OutputLoss,
    private readonly data: OwnedDataset,
    private readonly objective: Objective,
    private readonly setup: WorkerSetup,
    /** The optimizer's name, for errors ('hessianFree', 'adam', ...). */
    private readonly where: string,
  ) {}

  /** The number of worker threads. */
  get workers(): number {
    return this.setup.workers;
  }

  /** Starts the workers (or replaces a failed engine) and sends them the data set. */
  async ready(): Promise<void> {
    if (this.engine !== null && this.engine.failure === null) return;
    const failed = this.engine;
    this.engine = null;
    await failed?.dispose();
    const { workers, modelModule, workerScript } = this.setup;
    const engine = await startEngine({
      workers,
      model: this.model,
      loss: this.loss,
      module: modelModule,
      ...(workerScript !== undefined ? { transport: threads(workerScript) } : {}),
    });
    if (this.disposed) {
      await engine.dispose();
      return;
    }
    const all = this.data.batch(null);
    try {
      engine.setData({ inputs: all.inputs, targets: all.targets });
    } catch (error) {
      await engine.dispose();
      throw error;
    } finally {
      all.dispose();
    }
    this.engine = engine;
  }

  batches(gradientIndices: Int32Array | null, curvatureIndices: Int32Array | null): StepBatches {
    const engine = this.engine;
    if (engine === null) throw new Error(`${this.where}: the worker engine is not running`);
    const { objective } = this;
    return {
      valueAndGradient: (theta) => {
        const { loss, gradient } = engine.lossAndGradient(theta, gradientIndices);
        return objective.withPenalty(theta, loss, gradient);
      },
      value: (theta) => engine.loss(theta, gradientIndices) + objective.penalty(theta),
      gradientPoint: (theta, seed) => engine.curvatureAt(theta, gradientIndices, seed),
      curvaturePoint: (theta, seed) => engine.curvatureAt(theta, curvatureIndices, seed),
      dispose: () => {},
    };
  }

  dispose(): void {
    this.disposed = true;
    void this.engine?.dispose();
    this.engine = null;
    this.data.dispose();
  }
}
