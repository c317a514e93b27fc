/**
 * The diagonal of the empirical Fisher at a point, (1/N) sum_i (grad l_i)^2,
 * the statistic of Martens' (2010) diagonal preconditioner. An estimator over
 * a point rather than an operator (as curvlinops keeps its estimators, e.g.
 * diagonal/hutchinson.py, apart from its operators): `CurvatureAt` calls it
 * as `at.empiricalFisherDiagonal(options)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRng } from '@hessian-free/linop';
import { checkOneOf, checkPositiveInteger } from '../checks.js';
import type { Linearization } from '../linearization.js';
import type { FunctionalModel } from '../model.js';
import { readParts, readTensor } from '../readback.js';
import { runsSquaredSums, squaredSums, type ExactDiagonalPlan, type SquaredSumsPlan } from './squared-sums.js';

/**
 * How `empiricalFisherDiagonal` computes the diagonal.
 *
 * @example
 * ```ts
 * import type { DiagonalOptions } from '@hessian-free/curvature';
 * const exact: DiagonalOptions = {}; // the fastest exact method for the model
 * const estimate: DiagonalOptions = { method: 'rademacher', samples: 4, seed: 1 };
 * ```
 */
export interface DiagonalOptions {
  /**
   * 'exact' (default): exact, by the fastest method that applies to the
   * model (`at.exactDiagonalPlan()` says which): for dense layers and biases
   * one reverse sweep and one product of squared layer inputs with squared
   * per-example output adjoints per parameter; per-example gradients by
   * batched products for parameters read several times (recurrent weights);
   * otherwise the 'per-example' loop.
   * 'per-example': exact, from N per-example gradients (N backward passes on
   * single examples; assumes examples do not interact in forward). The
   * reference the others are tested against; slow for large batches.
   * 'rademacher': unbiased estimate from `samples` backward passes on the batch.
   */
  readonly method?: 'exact' | 'per-example' | 'rademacher';
  /** Number of Rademacher probes (default 1). */
  readonly samples?: number;
  /** Seed for the probes (default: the curvatureAt seed). */
  readonly seed?: number;
}

/** What the estimator reads of a point (curvature-at.ts's PointCurvature holds it). */
export interface DiagonalPoint {
  readonly model: FunctionalModel;
  /** The parameters, as float32. */
  readonly theta: Float32Array;
  /** The batch's inputs (batch on axis 0). */
  readonly inputs: tf.Tensor;
  /** g_i = dl_i/dz_i for every example i, at the point. */
  readonly outputGradient: tf.Tensor;
  /** The recorded forward pass at the point. */
  readonly lin: Linearization;
  /** The default seed of the probes (the curvatureAt seed). */
  readonly seed: number;
  /** The plan of the 'exact' method at this point (made once, on first use). */
  readonly exactPlan: () => SquaredSumsPlan | ExactDiagonalPlan;
}

const METHODS = ['exact', 'per-example', 'rademacher'] as const;

/** (1/N) sum_i (grad l_i)^2 at the point, exactly or by Rademacher probes (see DiagonalOptions). */
export function empiricalFisherDiagonal(point: DiagonalPoint, options: DiagonalOptions = {}): Float32Array {
  const method = options.method ?? 'exact';
  checkOneOf('empiricalFisherDiagonal: options.method', method, METHODS);
  const { model, theta, inputs, outputGradient: g, lin } = point;
  const n = inputs.shape[0];
  if (method === 'exact') {
    const plan = point.exactPlan();
    if (runsSquaredSums(plan)) {
      // sum_i (grad l_i)^2 from one reverse sweep seeded with g (squared-sums.ts), then / N.
      const sums = readParts(model.numParams, () => squaredSums(lin.trace, plan, g));
      for (let j = 0; j < sums.length; j++) sums[j] /= n;
      return sums;
    }
  }
  const acc = new Float64Array(model.numParams);
  const addSquares = (a: Float32Array, weight: number): void => {
    for (let j = 0; j < a.length; j++) acc[j] += weight * a[j] * a[j];
  };
  if (method !== 'rademacher') {
    // a_i = grad l_i = J_i' g_i on example i alone (tf.grad through the
    // gradient table); diag = (1/N) sum_i a_i^2.
    const thetaTensor = tf.tensor1d(theta);
    try {
      for (let i = 0; i < n; i++) {
        addSquares(
          readTensor(() => {
            const x = rowOf(inputs, i);
            const gi = rowOf(g, i);
            return tf.grad((th: tf.Tensor) => tf.sum(tf.mul(model.trace(th as tf.Tensor1D, x)[0], gi)))(thetaTensor);
          }),
          1 / n,
        );
      }
    } finally {
      thetaTensor.dispose();
    }
  } else {
    // b = J'(r .* g) = sum_i r_i a_i with r_i = +-1, so E[b^2] = sum_i a_i^2.
    const samples = options.samples ?? 1;
    checkPositiveInteger('empiricalFisherDiagonal: options.samples', samples);
    const rng = seededRng(options.seed ?? point.seed);
    for (let s = 0; s < samples; s++) {
      const signs = Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? -1 : 1));
      addSquares(
        readParts(model.numParams, () => lin.vjp([tf.mul(g, tf.tensor(signs, [n, ...g.shape.slice(1).map(() => 1)]))])),
        1 / (n * samples),
      );
    }
  }
  return new Float32Array(acc);
}

/** Example i of a batch tensor, keeping the batch axis (size 1). */
function rowOf(t: tf.Tensor, i: number): tf.Tensor {
  return tf.slice(t, [i, ...t.shape.slice(1).map(() => 0)], [1, ...t.shape.slice(1)]);
}
