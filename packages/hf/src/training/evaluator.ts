import { curvatureAt, type CurvatureAt, type FunctionalModel, type OutputLoss } from '@hessian-free/curvature';
import type { MiniBatch, OwnedDataset } from './dataset.js';
import type { Objective } from './objective.js';

/**
 * Where a step's sums over examples are computed: the objective, its
 * gradient, the loss at trial points and the curvature points. In this thread
 * (InThreadEvaluator, below) or split over worker threads
 * (ParallelEvaluator, parallel-evaluator.ts); the step does not know which.
 */
export interface Evaluator {
  /** The evaluations of one step, on its gradient batch and curvature batch (null: the whole set). */
  batches(gradientIndices: Int32Array | null, curvatureIndices: Int32Array | null): StepBatches;
  /** Frees what the evaluator holds (tensors, workers). */
  dispose(): void;
}

/** One step's evaluations; dispose() after the step. */
export interface StepBatches {
  /** f (mean loss + L2 term) and its gradient on the gradient batch. */
  valueAndGradient(theta: Float32Array): { value: number; gradient: Float32Array };
  /** f on the gradient batch (one forward pass), at trial points. */
  value(theta: Float32Array): number;
  /** The curvature point at theta on the gradient batch (its loss and gradient are the data term's). */
  gradientPoint(theta: Float32Array, seed: number): CurvatureAt;
  /** The curvature point at theta on the curvature batch. */
  curvaturePoint(theta: Float32Array, seed: number): CurvatureAt;
  dispose(): void;
}

/** Everything in this thread: curvature's curvatureAt on minibatch tensors. */
export class InThreadEvaluator implements Evaluator {
  constructor(
    private readonly model: FunctionalModel,
    private readonly loss: OutputLoss,
    private readonly data: OwnedDataset,
    private readonly objective: Objective,
  ) {}

  batches(gradientIndices: Int32Array | null, curvatureIndices: Int32Array | null): StepBatches {
    const { model, loss, data, objective } = this;
    const gradientBatch = data.batch(gradientIndices);
    let curvatureBatch: MiniBatch | null = null;
    const point = (theta: Float32Array, batch: MiniBatch, seed: number) => curvatureAt(model, loss, theta, batch, { seed });
    return {
      valueAndGradient: (theta) => objective.valueAndGradient(theta, gradientBatch),
      value: (theta) => objective.value(theta, gradientBatch),
      gradientPoint: (theta, seed) => point(theta, gradientBatch, seed),
      curvaturePoint: (theta, seed) => {
        curvatureBatch ??= data.batch(curvatureIndices);
        return point(theta, curvatureBatch, seed);
      },
      dispose: () => {
        curvatureBatch?.dispose();
        gradientBatch.dispose();
      },
    };
  }

  dispose(): void {
    this.data.dispose();
  }
}
