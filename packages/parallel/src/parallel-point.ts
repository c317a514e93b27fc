import type { CurvatureAt, DiagonalOptions, FisherOptions } from '@hessian-free/curvature';
import { makeOperator, type LinearOperator, type Vector } from '@hessian-free/linop';
import type { ProductKind } from './protocol.js';

/** What a point needs from its engine (engine.ts). */
export interface PointHost {
  product(point: ParallelPoint, kind: ProductKind, seed: number, weight: number, v: Vector, y: Vector): void;
  diagonal(point: ParallelPoint, options: DiagonalOptions & { readonly seed: number }): Float32Array;
  release(point: ParallelPoint): void;
}

/**
 * A curvature point whose batch is split over the engine's workers: the same
 * interface as curvature's `curvatureAt`, so CG and the HF step use it as
 * they are. Each product sends v to the workers and adds their parts.
 */
export class ParallelPoint implements CurvatureAt {
  readonly numParams: number;
  readonly batchSize: number;
  private disposed = false;

  constructor(
    private readonly host: PointHost,
    readonly loss: number,
    readonly gradient: Float32Array,
    /** The examples each worker holds, in worker order. */
    readonly shares: readonly Int32Array[],
    private readonly seed: number,
  ) {
    this.numParams = gradient.length;
    this.batchSize = shares.reduce((s, share) => s + share.length, 0);
  }

  gaussNewton(): LinearOperator {
    return this.operator('gauss-newton', true);
  }

  hessian(): LinearOperator {
    return this.operator('hessian', false);
  }

  fisher(options: FisherOptions): LinearOperator {
    const kind = options?.kind;
    if (kind === 'true') return this.operator('fisher-true', true);
    if (kind === 'empirical') return this.operator('fisher-empirical', true);
    if (kind === 'monte-carlo') return this.operator('fisher-monte-carlo', true, options.seed ?? this.seed);
    throw new RangeError(`fisher: options.kind must be 'empirical', 'monte-carlo' or 'true', got ${String(kind)}`);
  }

  structuralDamping(): LinearOperator {
    return this.operator('structural-damping', true);
  }

  /** G + weight S, each worker over one forward-mode and one reverse sweep (see curvature's CurvatureAt.dampedGaussNewton). */
  dampedGaussNewton(weight: number): LinearOperator {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`dampedGaussNewton: weight must be a finite number >= 0, got ${String(weight)}`);
    }
    return this.operator('damped-gauss-newton', true, this.seed, weight);
  }

  /**
   * Each worker's diagonal over its share (curvature checks the options and
   * picks the method, 'exact' by default), weighted and added; Rademacher
   * probes are drawn independently per worker (the sum stays unbiased).
   */
  empiricalFisherDiagonal(options: DiagonalOptions = {}): Float32Array {
    this.checkLive();
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`empiricalFisherDiagonal: options must be an object, got ${options === null ? 'null' : typeof options}`);
    }
    return this.host.diagonal(this, { ...options, seed: options.seed ?? this.seed });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.host.release(this);
  }

  private operator(kind: ProductKind, positiveSemidefinite: boolean, seed = this.seed, weight = 0): LinearOperator {
    this.checkLive();
    return makeOperator({
      name: `parallel ${kind}`,
      rows: this.numParams,
      cols: this.numParams,
      symmetric: true,
      positiveSemidefinite,
      apply: (x: Vector, y: Vector) => {
        this.checkLive();
        this.host.product(this, kind, seed, weight, x, y);
      },
    });
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('CurvatureAt: used after dispose()');
  }
}
