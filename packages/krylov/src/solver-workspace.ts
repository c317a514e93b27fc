import { checkDimension } from '@hessian-free/linop';
import type { Vector } from '@hessian-free/linop';
import { checkVectorType } from './checks.js';

/**
 * What `CgWorkspace` and `MinresWorkspace` share: the work vectors of one
 * solve, kept by the caller to reuse across repeated solves of the same size
 * and precision. A workspace serves one solve at a time: do not pass it to a
 * solve started from inside another solve's callback. The solution is never
 * stored in it, so results of earlier solves stay valid.
 */
export abstract class SolverWorkspace {
  /** @internal Use `cgWorkspace` or `minresWorkspace`. */
  constructor(
    /** The length of every work vector: the size of the systems it serves. */
    readonly n: number,
    /** The element type of the work vectors, that of the right-hand sides it serves. */
    readonly precision: 'float64' | 'float32',
  ) {}

  /** A new zero work vector of this workspace's length and precision. */
  protected newVector(): Vector {
    return this.precision === 'float32' ? new Float32Array(this.n) : new Float64Array(this.n);
  }
}

/**
 * The work vectors of a workspace class W as one solve holds them: each of
 * W's vectors, typed as that solve's vector type V (the precision of b).
 */
export type WorkVectors<W extends SolverWorkspace, V extends Vector> = {
  readonly [K in keyof W as W[K] extends Vector ? K : never]: V;
};

/**
 * How a solver's setup recognizes, checks and reads its own workspace class:
 * the class, the factory that users call (named in error messages), and the
 * list of its work vectors (for the alias checks).
 */
export interface WorkspaceKind<W extends SolverWorkspace> {
  readonly type: abstract new (...args: never[]) => W;
  readonly factory: string;
  readonly vectors: (workspace: W) => readonly Vector[];
}

/**
 * The checked arguments of a workspace factory (`factory` is its name, for
 * the messages): a size n and the element type, returned as a precision.
 */
export function workspacePrecision(factory: string, n: unknown, type: unknown): 'float64' | 'float32' {
  checkDimension(`${factory}: n`, n);
  checkVectorType(`${factory}: type`, type);
  return type === Float32Array ? 'float32' : 'float64';
}
