import { cg, cgWorkspace } from '@hessian-free/krylov';
import type { CgStats, CgWorkspace } from '@hessian-free/krylov';
import { fromFunction, nrm2 } from '@hessian-free/linop';
import type { LinearOperator } from '@hessian-free/linop';
import { newtonMr, newtonMrWorkspace, type NewtonMrResult, type NewtonMrWorkspace } from '../hessian-free/newton-mr.js';
import type { Evaluator } from './evaluator.js';

/**
 * The Newton system H(x) s = -g at the optimizer's current point, solved
 * inexactly by CG (Nocedal & Wright, Algorithm 7.1): CG stops once
 * ||H s + g|| <= eta ||g|| with the forcing term
 * eta = min(forcingMax, sqrt(||g||)) (N&W take forcingMax = 0.5), which gives
 * superlinear convergence (N&W section 7.1). `solveMinres` solves it by
 * Newton-MR's MINRES instead (`newtonMr`), to the same forcing term. H is applied only
 * through Hessian-vector products at `x`, an array the optimizer updates in
 * place; the work vectors are allocated once.
 */
export class NewtonSystem {
  /** The step s of the last solve. */
  readonly step: Float64Array;
  private readonly rhs: Float64Array;
  /** The Hessian at the current point, as Hessian-vector products (each one counted by the evaluator). */
  readonly H: LinearOperator;
  private readonly workspace: CgWorkspace;
  private minresWorkspace: NewtonMrWorkspace | null = null;

  constructor(
    ev: Evaluator,
    x: Float64Array,
    private readonly forcingMax: number,
    private readonly maxCgIter: number | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    const n = x.length;
    this.step = new Float64Array(n);
    this.rhs = new Float64Array(n);
    this.workspace = cgWorkspace(n);
    this.H = fromFunction(n, n, (v, out) => ev.hessianVector(x, v as Float64Array, out as Float64Array), { symmetric: true });
  }

  /** Solves for `step` from 0; with `radius`, stays in ||s|| <= radius (Steihaug-Toint). */
  solve(g: Float64Array, radius?: number): CgStats {
    for (let i = 0; i < g.length; i++) this.rhs[i] = -g[i];
    return cg(this.H, this.rhs, {
      rtol: Math.min(this.forcingMax, Math.sqrt(nrm2(g))),
      atol: 0,
      maxIter: this.maxCgIter,
      radius,
      signal: this.signal,
      workspace: this.workspace,
      out: this.step,
      trueResidual: false,
    }).stats;
  }

  /**
   * Newton-MR's solve from 0 (`newtonMr`): MINRES to the same forcing term,
   * recurrence residual ||H s + g|| <= eta ||g||, ending early when Liu &
   * Roosta's test finds non-positive curvature. The result's vectors are
   * reused by the next call.
   */
  solveMinres(g: Float64Array): NewtonMrResult<Float64Array> {
    const n = g.length;
    for (let i = 0; i < n; i++) this.rhs[i] = -g[i];
    this.minresWorkspace ??= newtonMrWorkspace(n, Float64Array);
    return newtonMr(this.H, this.rhs, {
      rtol: Math.min(this.forcingMax, Math.sqrt(nrm2(g))),
      maxIter: this.maxCgIter ?? 2 * n,
      signal: this.signal,
      workspace: this.minresWorkspace,
    });
  }
}
