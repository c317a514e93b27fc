import { checkDimension } from '@hessian-free/linop';
import type { Vector } from '@hessian-free/linop';

/**
 * The work vectors of one MINRES solve, kept by the caller to reuse across
 * repeated solves of the same size and precision (made by `minresWorkspace`).
 * A workspace serves one solve at a time. The solution is never stored here,
 * so results of earlier solves stay valid.
 */
export class MinresWorkspace {
  /** The normalized Lanczos vector v_k. */
  readonly v: Vector;
  /** (A - shift I) v_k, and scratch for the true residual at exit. */
  readonly y: Vector;
  /** The two latest unnormalized Lanczos vectors (beta_k M^{-1} v_k). */
  readonly r1: Vector;
  readonly r2: Vector;
  /** M r2 (unused without a preconditioner). */
  readonly z: Vector;
  /** The two latest search directions w_{k-1}, w_k (x_k = x_{k-1} + phi_k w_k). */
  readonly w1: Vector;
  readonly w2: Vector;

  /** @internal Use `minresWorkspace`. */
  constructor(
    readonly n: number,
    readonly precision: 'float64' | 'float32',
  ) {
    const make = (): Vector => (precision === 'float32' ? new Float32Array(n) : new Float64Array(n));
    this.v = make();
    this.y = make();
    this.r1 = make();
    this.r2 = make();
    this.z = make();
    this.w1 = make();
    this.w2 = make();
  }
}

/**
 * Work vectors for `minres` on systems of size n, in the precision of the
 * right-hand sides they will serve (Float64Array by default).
 */
export function minresWorkspace(n: number, type: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): MinresWorkspace {
  checkDimension('minresWorkspace: n', n);
  if (type !== Float64Array && type !== Float32Array) {
    throw new TypeError('minresWorkspace: type must be Float64Array or Float32Array');
  }
  return new MinresWorkspace(n, type === Float32Array ? 'float32' : 'float64');
}
