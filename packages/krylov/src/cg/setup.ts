import { checkNoAlias, nrm2 } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { CgIterationInfo, CgOptions, CgStopRule } from './types.js';
import {
  checkCommonSolverArguments,
  checkOutput,
  checkFunction,
  checkPositive,
  describe,
  similarVector,
} from '../options.js';
import { schedulePredicate } from './saved-iterates.js';
import { CgWorkspace } from './workspace.js';

/** The validated, defaulted inputs of one `cg` call, with its vectors in place. */
export interface CgSetup<V extends Vector> {
  readonly n: number;
  readonly x0: Vector | null;
  readonly M: LinearOperator | null;
  readonly rtol: number;
  readonly atol: number;
  readonly maxIter: number;
  /** Infinity when there is no trust region. */
  readonly radius: number;
  readonly stop: CgStopRule | null;
  readonly saveDue: ((iteration: number) => boolean) | null;
  readonly onIteration: ((info: CgIterationInfo<V>) => void) | null;
  readonly signal: AbortSignal | null;
  readonly trueResidual: boolean;
  /** The solution vector (options.out or new). */
  readonly x: V;
  readonly r: V;
  /** M r; without a preconditioner the same array as r. */
  readonly z: V;
  readonly p: V;
  readonly q: V;
}

/**
 * Checks every argument of `cg` before anything is computed or written, and
 * gathers the work vectors (from the workspace, or new).
 */
export function setupCg<V extends Vector>(A: LinearOperator, b: V, options: CgOptions<V> | undefined): CgSetup<V> {
  const { n, x0, M, rtol, atol, maxIter } = checkCommonSolverArguments('cg', A, b, options);
  const o: CgOptions<V> = options ?? {};
  const radius = o.radius ?? Infinity;
  if (o.radius !== undefined) checkPositive('cg: radius', radius);
  if (o.stop !== undefined) checkFunction('cg: stop', o.stop);
  const trueResidual = o.trueResidual ?? true;
  if (typeof trueResidual !== 'boolean') throw new TypeError(`cg: trueResidual must be a boolean, got ${describe(trueResidual)}`);
  const saveDue = schedulePredicate('cg: saveIterates', o.saveIterates);

  const ws = o.workspace;
  if (ws !== undefined) checkWorkspace(ws, b, n);
  const out = o.out;
  if (out !== undefined) checkOutput('cg', out, b, x0, ws === undefined ? [] : [ws.r, ws.z, ws.p, ws.q]);
  if (ws !== undefined) for (const w of [ws.r, ws.z, ws.p, ws.q]) checkNoAlias('the workspace', w, 'cg: b', b);
  if (x0 !== null && radius < Infinity) checkInsideRadius(x0, radius);

  const work = (w: Vector | undefined): V => (w as V | undefined) ?? similarVector(b, n);
  const r = work(ws?.r);
  return {
    n,
    x0,
    M,
    rtol,
    atol,
    maxIter,
    radius,
    stop: o.stop ?? null,
    saveDue,
    onIteration: o.onIteration ?? null,
    signal: o.signal ?? null,
    trueResidual,
    x: out ?? similarVector(b, n),
    r,
    z: M !== null ? work(ws?.z) : r,
    p: work(ws?.p),
    q: work(ws?.q),
  };
}

function checkWorkspace(ws: unknown, b: Vector, n: number): asserts ws is CgWorkspace {
  if (!(ws instanceof CgWorkspace)) throw new TypeError(`cg: workspace must come from cgWorkspace(), got ${describe(ws)}`);
  const precision = b instanceof Float32Array ? 'float32' : 'float64';
  if (ws.n !== n || ws.precision !== precision) {
    throw new RangeError(`cg: workspace must be cgWorkspace(${n}, ${b.constructor.name}) to match b, got cgWorkspace(${ws.n}, ${ws.precision})`);
  }
}

function checkInsideRadius(x0: Vector, radius: number): void {
  const norm = nrm2(x0);
  if (!(norm <= radius)) throw new RangeError(`cg: x0 must lie inside the trust region: ||x0|| = ${norm} > radius = ${radius}`);
}
