import * as tf from '@tensorflow/tfjs-core';
import { seededRng, type LinearOperator } from '@hessian-free/linop';
import { checkBatch, checkFunctionalModel, checkNonNegativeNumber, checkOneOf, checkOutputLoss, checkParameters } from './checks.js';
import { empiricalFisherDiagonal, type DiagonalOptions } from './estimators/empirical-fisher-diagonal.js';
import { planSquaredSums, type ExactDiagonalPlan, type SquaredSumsPlan } from './estimators/squared-sums.js';
import { ensureGradients } from './gradients/index.js';
import { explainingMissingGradients } from './gradients/missing.js';
import { linearize, type Linearization, type Parts } from './linearization.js';
import type { OutputLoss, Targets } from './losses/loss.js';
import type { FunctionalModel } from './model.js';
import { tensorOperator } from './operator.js';
import { readParts, readTensor } from './readback.js';
import type { Adjoints } from './trace/second-order/adjoints.js';

/** A batch: inputs with the batch on axis 0, and targets in a form the loss accepts. */
export interface Batch {
  readonly inputs: tf.Tensor;
  readonly targets: Targets;
}

/** Options of curvatureAt. */
export interface CurvatureOptions {
  /** Default seed for Monte-Carlo Fisher targets and stochastic diagonals (default 0). */
  readonly seed?: number;
}

/**
 * 'empirical': (1/N) sum_i grad l_i grad l_i' with the batch's targets.
 * 'monte-carlo': the same with targets sampled once from the model's
 *   predictive distribution (a rank-N, unbiased estimate of the true Fisher).
 * 'true': the expectation over the predictive distribution, which for the
 *   losses here (canonical-link exponential families) equals the GGN exactly.
 */
export type FisherKind = 'empirical' | 'monte-carlo' | 'true';

const FISHER_KINDS: readonly FisherKind[] = ['empirical', 'monte-carlo', 'true'];

/** Which Fisher matrix `at.fisher` returns. */
export interface FisherOptions {
  /** 'empirical', 'monte-carlo' or 'true' (see FisherKind). */
  readonly kind: FisherKind;
  /** Seed for 'monte-carlo' (default: the curvatureAt seed). */
  readonly seed?: number;
}

/** Loss, gradient and curvature operators of one model and loss at one parameter point and batch. */
export interface CurvatureAt {
  /** Mean loss over the batch at theta. */
  readonly loss: number;
  /** Gradient of `loss` with respect to theta. */
  readonly gradient: Float32Array;
  /** The model's parameter count: every operator is numParams x numParams. */
  readonly numParams: number;
  /** N, the number of examples in the batch (axis 0 of the inputs). */
  readonly batchSize: number;
  /** G = (1/N) sum_i J_i' H_i J_i (generalized Gauss-Newton); symmetric PSD. */
  gaussNewton(): LinearOperator;
  /**
   * The exact Hessian of `loss` (Pearlmutter's R-operator over the recorded
   * forward pass: forward mode, then the R-op of the backward pass); symmetric.
   */
  hessian(): LinearOperator;
  /** A Fisher matrix (see FisherKind); symmetric PSD. */
  fisher(options: FisherOptions): LinearOperator;
  /** S = (1/N) sum_i J_h,i' J_h,i over all hidden states (Martens & Sutskever 2011); symmetric PSD. */
  structuralDamping(): LinearOperator;
  /**
   * G + weight S, the Gauss-Newton matrix plus structural damping with a
   * weight fixed per operator (Martens & Sutskever 2011 solve with
   * G + lambda I + lambda mu S: pass weight = lambda mu and add lambda I with
   * linop's `shift`, which costs no sweep). One product is ONE forward-mode
   * sweep (the output tangent J v and the hidden-state tangents J_h v come
   * from it) and ONE reverse sweep seeded with H_L J v / N at the output and
   * weight J_h v / N at the hidden states, about the cost of a Gauss-Newton
   * product, where `add(gaussNewton(), scale(weight, structuralDamping()))`
   * runs two of each. Symmetric PSD. weight must be a finite number >= 0;
   * 0 gives the Gauss-Newton product (on any model); a positive weight needs
   * hidden states, as `structuralDamping()` does.
   *
   * The operator is named by a kind and a number, so a serializable request
   * can ask for it (a parallel engine's worker calls
   * `at.dampedGaussNewton(request.weight)` for kind `'damped-gauss-newton'`).
   * Optional on this interface so that points made by other implementations
   * that predate it still type-check; `curvatureAt`'s points
   * (`TracedCurvatureAt`) always have it. A caller holding a point without it
   * falls back to `add(at.gaussNewton(), scale(weight, at.structuralDamping()))`.
   *
   * @example
   * ```ts
   * import '@tensorflow/tfjs-backend-cpu';
   * import * as tf from '@tensorflow/tfjs-core';
   * import { curvatureAt, functionalModel, squaredError } from '@hessian-free/curvature';
   * import { shift } from '@hessian-free/linop';
   *
   * await tf.setBackend('cpu');
   * // A tanh RNN over inputs [N, T, 1] that returns its hidden states for structural damping.
   * const model = functionalModel({
   *   shapes: [[1, 4], [4, 4], [4], [4, 1], [1]],
   *   forward: ([Wx, Wh, b, Wo, bo], x) => {
   *     const [n, steps] = x.shape;
   *     const hidden: tf.Tensor[] = [];
   *     for (let t = 0; t < steps; t++) {
   *       const pre = tf.add(tf.matMul(tf.reshape(tf.slice(x, [0, t, 0], [n, 1, 1]), [n, 1]), Wx), b);
   *       hidden.push(tf.tanh(t === 0 ? pre : tf.add(pre, tf.matMul(hidden[t - 1], Wh))));
   *     }
   *     return { output: tf.add(tf.matMul(hidden[steps - 1], Wo), bo), hidden };
   *   },
   * });
   * const inputs = tf.randomNormal([8, 5, 1]);
   * const targets = new Float32Array(8).fill(0.5);
   * const theta = new Float32Array(model.numParams).fill(0.1);
   * const at = curvatureAt(model, squaredError, theta, { inputs, targets });
   *
   * const [lambda, mu] = [1, 0.3];
   * // Martens & Sutskever's damped system G + lambda I + lambda mu S, one sweep of each kind per product.
   * const A = shift(at.dampedGaussNewton(lambda * mu), lambda);
   * const Av = new Float32Array(model.numParams);
   * A.apply(at.gradient, Av);
   * at.dispose();
   * inputs.dispose();
   * ```
   */
  dampedGaussNewton?(weight: number): LinearOperator;
  /**
   * diag of the empirical Fisher, (1/N) sum_i (grad l_i)^2, for Martens'
   * preconditioner: an estimator over the point (see DiagonalOptions).
   */
  empiricalFisherDiagonal(options?: DiagonalOptions): Float32Array;
  /** Releases every tensor this object holds; later products throw. */
  dispose(): void;
}

/**
 * The point `curvatureAt` returns: a CurvatureAt computed in this thread over
 * a recorded forward pass, which can also say how it computes the exact
 * diagonal. (Other implementations of CurvatureAt, such as a point whose
 * sums run on worker threads, need not.)
 */
export interface TracedCurvatureAt extends CurvatureAt {
  /** G + weight S over one forward-mode and one reverse sweep (see CurvatureAt.dampedGaussNewton). */
  dampedGaussNewton(weight: number): LinearOperator;
  /**
   * Which method `empiricalFisherDiagonal({ method: 'exact' })` (the default)
   * uses at this point, and why a faster one does not apply (see
   * ExactDiagonalMethod and the README's "Diagonal preconditioner").
   */
  exactDiagonalPlan(): ExactDiagonalPlan;
}

/**
 * Builds the curvature operators of `loss(model(theta, inputs), targets)` at
 * `theta`. Runs and records the forward pass once (every product at this
 * point reuses the recording: see linearization.ts), caches the outputs, the
 * loss's predictive statistic (for H_L) and its output gradient, and computes
 * the loss and gradient (one reverse sweep over the recording). Throws,
 * having computed nothing, on bad arguments.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { curvatureAt, functionalModel, softmaxCrossEntropy } from '@hessian-free/curvature';
 *
 * await tf.setBackend('cpu');
 * // Softmax regression, 4 features and 3 classes.
 * const model = functionalModel({ shapes: [[4, 3], [3]], forward: ([W, b], x) => tf.add(tf.matMul(x, W), b) });
 * const inputs = tf.randomNormal([8, 4]);
 * const targets = Int32Array.from({ length: 8 }, (_, i) => i % 3); // class labels
 * const theta = new Float32Array(model.numParams).fill(0.1);
 *
 * const at = curvatureAt(model, softmaxCrossEntropy, theta, { inputs, targets });
 * at.loss; // log 3: equal weights give equal class probabilities
 * const G = at.gaussNewton(); // a LinearOperator, symmetric PSD
 * const Gg = new Float32Array(model.numParams);
 * G.apply(at.gradient, Gg); // G times the gradient
 * at.dispose();
 * inputs.dispose();
 * ```
 */
export function curvatureAt(
  model: FunctionalModel,
  loss: OutputLoss,
  theta: Float32Array,
  batch: Batch,
  options: CurvatureOptions = {},
): TracedCurvatureAt {
  checkFunctionalModel('model', model);
  checkOutputLoss('loss', loss);
  checkParameters('theta', theta, model.numParams);
  checkBatch('batch', batch);
  ensureGradients();
  return new PointCurvature(model, loss, theta, batch, options.seed ?? 0);
}

class PointCurvature implements TracedCurvatureAt {
  readonly loss: number;
  readonly gradient: Float32Array;
  readonly numParams: number;
  readonly batchSize: number;

  private readonly owned: tf.Tensor[] = [];
  private disposed = false;
  private readonly theta: Float32Array;
  private readonly inputs: tf.Tensor;
  private readonly outputs: readonly tf.Tensor[];
  private readonly targets: tf.Tensor;
  private readonly prediction: tf.Tensor;
  private readonly outputGradient: tf.Tensor;
  private readonly lin: Linearization;
  /** The plan of the exact diagonal (which tensors hold the examples' rows, how each parameter is read), made on first use. */
  private plan: SquaredSumsPlan | ExactDiagonalPlan | null = null;
  private readonly exactPlan = (): SquaredSumsPlan | ExactDiagonalPlan => (this.plan ??= planSquaredSums(this.lin.trace, this.inputs));
  /** Adjoints of the loss gradient that the Hessian's second-order terms read (made by the first hessian()). */
  private hessianAdjoints: Adjoints | null = null;
  /** Throws if the point was disposed, or if a tensor its recorded forward pass reads was disposed since. */
  private readonly checkLive = (): void => {
    if (this.disposed) throw new Error('CurvatureAt: used after dispose()');
    this.lin.trace.checkAlive();
  };

  constructor(
    private readonly model: FunctionalModel,
    private readonly lossFn: OutputLoss,
    theta: Float32Array | Float64Array,
    batch: Batch,
    private readonly seed: number,
  ) {
    this.numParams = model.numParams;
    this.batchSize = batch.inputs.shape[0];
    this.theta = new Float32Array(theta); // a copy (memcpy for a Float32Array, converted from a Float64Array)
    this.inputs = this.own(tf.clone(batch.inputs));
    try {
      this.lin = linearize(model, this.theta, this.inputs);
      this.outputs = this.lin.outputs;
      this.targets = this.own(lossFn.prepareTargets(batch.targets, this.outputs[0].shape));
      const z = this.outputs[0];
      this.prediction = this.own(lossFn.prediction(z));
      this.outputGradient = this.own(lossFn.outputGradient(this.prediction, this.targets));
      this.loss = readTensor(() => lossFn.value(z, this.targets))[0];
      // grad L = (1/N) J' g with g_i = dl_i/dz_i in closed form.
      this.gradient = readParts(this.numParams, () => this.lin.vjp([tf.mul(this.outputGradient, 1 / this.batchSize)]));
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  gaussNewton(): LinearOperator {
    this.checkLive();
    return this.operator(true, (v) => {
      const [jv] = this.lin.jvp(v, [0]);
      const hjv = this.lossFn.outputHessianProduct(this.prediction, jv);
      return this.lin.vjp([tf.mul(hjv, 1 / this.batchSize)]);
    });
  }

  hessian(): LinearOperator {
    this.checkLive();
    // Hv = R{grad L} (Pearlmutter 1994): with z = f(theta) and g = dL/dz,
    // Hv = J' H_L J v + sum over nodes of d/de [J_node(x + e dx)' zbar], the
    // R-op of the backward pass, where zbar are the adjoints of g at the point
    // (kept once per point) and dx the forward-mode tangents.
    if (this.hessianAdjoints === null) {
      const seed = tf.mul(this.outputGradient, 1 / this.batchSize);
      try {
        this.hessianAdjoints = explainingMissingGradients(() => this.lin.adjoints([seed]));
      } finally {
        seed.dispose();
      }
    }
    const adjoints = this.hessianAdjoints;
    return this.operator(false, (v) =>
      this.lin.secondOrder(v, adjoints, ([jv]) => [
        tf.mul(this.lossFn.outputHessianProduct(this.prediction, jv), 1 / this.batchSize),
      ]),
    );
  }

  fisher(options: FisherOptions): LinearOperator {
    this.checkLive();
    const kind = options?.kind;
    checkOneOf('fisher: options.kind', kind, FISHER_KINDS);
    if (kind === 'true') return this.gaussNewton();
    if (kind === 'empirical') return this.outerProductOperator(this.outputGradient);
    const rng = seededRng(options.seed ?? this.seed);
    const g = tf.tidy(() => this.lossFn.outputGradient(this.prediction, this.lossFn.sample(this.prediction, rng)));
    return this.outerProductOperator(this.own(g));
  }

  structuralDamping(): LinearOperator {
    this.checkLive();
    const hidden = this.hiddenStates('structuralDamping');
    // S v = (1/N) J_h' J_h v: the GGN of D(h) = (1/2)||h||^2 summed over all hidden states.
    return this.operator(true, (v) => {
      const jv = this.lin.jvp(v, hidden);
      const cotangents = this.outputs.map((_, k) => (k === 0 ? null : tf.mul(jv[k - 1], 1 / this.batchSize)));
      return this.lin.vjp(cotangents);
    });
  }

  dampedGaussNewton(weight: number): LinearOperator {
    this.checkLive();
    checkNonNegativeNumber('dampedGaussNewton: weight', weight);
    if (weight === 0) return this.gaussNewton();
    const all = [0, ...this.hiddenStates('dampedGaussNewton')];
    // (G + w S) v = (1/N) (J' H_L J v + w J_h' J_h v): the tangents of the
    // output and of every hidden state from one forward-mode sweep, and one
    // reverse sweep seeded at all of them (a hidden state's seed is added to
    // the cotangent that reaches it from downstream).
    return this.operator(true, (v) => {
      const jv = this.lin.jvp(v, all);
      const n = this.batchSize;
      const cotangents = jv.map((t, k) =>
        k === 0 ? tf.mul(this.lossFn.outputHessianProduct(this.prediction, t), 1 / n) : tf.mul(t, weight / n),
      );
      return this.lin.vjp(cotangents);
    });
  }

  empiricalFisherDiagonal(options: DiagonalOptions = {}): Float32Array {
    this.checkLive();
    const { model, theta, inputs, outputGradient, lin, seed, exactPlan } = this;
    return empiricalFisherDiagonal({ model, theta, inputs, outputGradient, lin, seed, exactPlan }, options);
  }

  exactDiagonalPlan(): ExactDiagonalPlan {
    this.checkLive();
    const { method, reason } = this.exactPlan();
    return Object.freeze({ method, reason });
  }

  dispose(): void {
    this.disposed = true;
    this.hessianAdjoints?.dispose();
    this.hessianAdjoints = null;
    this.lin?.dispose();
    for (const t of this.owned) t.dispose();
    this.owned.length = 0;
  }

  /** The indices of the hidden states among the outputs, checked differentiable; throws, naming `caller`, for a model without them. */
  private hiddenStates(caller: string): number[] {
    const hidden = this.outputs.map((_, k) => k).slice(1);
    if (hidden.length === 0) {
      throw new Error(`${caller}: the model's forward must return { output, hidden } with hidden states`);
    }
    explainingMissingGradients(() => this.lin.checkDifferentiable(hidden));
    return hidden;
  }

  /** F v = (1/N) sum_i J_i' g_i g_i' J_i v for per-example output gradients g (a rank-N PSD matrix). */
  private outerProductOperator(g: tf.Tensor): LinearOperator {
    return this.operator(true, (v) => {
      const [jv] = this.lin.jvp(v, [0]);
      const n = this.batchSize;
      const perExample = tf.sum(tf.reshape(tf.mul(g, jv), [n, -1]), 1);
      const broadcast = tf.reshape(perExample, [n, ...g.shape.slice(1).map(() => 1)]);
      return this.lin.vjp([tf.mul(g, tf.mul(broadcast, 1 / n))]);
    });
  }

  private operator(positiveSemidefinite: boolean, product: (v: Float32Array) => Parts): LinearOperator {
    return tensorOperator(
      this.numParams,
      (v) => explainingMissingGradients(() => product(v)),
      { positiveSemidefinite },
      this.checkLive,
    );
  }

  /** Holds t until dispose(), also when curvatureAt was called inside the caller's tf.tidy. */
  private own<T extends tf.Tensor>(t: T): T {
    this.owned.push(tf.keep(t));
    return t;
  }
}
