import { checkDimension } from '@hessian-free/linop';
import type { Vector } from '@hessian-free/linop';

/**
 * The work vectors of one CG solve, kept by the caller to reuse across
 * repeated solves of the same size and precision (made by `cgWorkspace`).
 * A workspace serves one solve at a time: do not pass it to a solve started
 * from inside another solve's callback. The solution is never stored here, so
 * results of earlier solves stay valid.
 */
export class CgWorkspace {
  /** Residual r = b - A x. */
  readonly r: Vector;
  /** Preconditioned residual z = M r. */
  readonly z: Vector;
  /** Search direction. */
  readonly p: Vector;
  /** A p, and A x for the final true residual. */
  readonly q: Vector;

  /** @internal Use `cgWorkspace`. */
  constructor(
    readonly n: number,
    readonly precision: 'float64' | 'float32',
  ) {
    const make = (): Vector => (precision === 'float32' ? new Float32Array(n) : new Float64Array(n));
    this.r = make();
    this.z = make();
    this.p = make();
    this.q = make();
  }
}

/**
 * Work vectors for `cg` on systems of size n, in the precision of the
 * right-hand sides they will serve (Float64Array by default).
 */
export function cgWorkspace(n: number, type: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): CgWorkspace {
  checkDimension('cgWorkspace: n', n);
  if (type !== Float64Array && type !== Float32Array) {
    throw new TypeError('cgWorkspace: type must be Float64Array or Float32Array');
  }
  return new CgWorkspace(n, type === Float32Array ? 'float32' : 'float64');
}
