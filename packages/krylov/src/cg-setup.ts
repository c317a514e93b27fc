import { checkNoAlias, checkVector, nrm2 } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { CgIterationInfo, CgOptions, CgStopRule } from './cg-types.js';
import {
  checkFunction,
  checkIterationCount,
  checkOptions,
  checkPositive,
  checkSignal,
  checkSquareOperator,
  checkTolerance,
  defaultRtol,
  describe,
  similarVector,
} from './options.js';
import { schedulePredicate } from './schedule.js';
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
  checkSquareOperator('cg: A', A);
  const n = A.rows;
  checkVector('cg: b', b, n);
  checkOptions('cg: options', options);
  const o: CgOptions<V> = options ?? {};

  const x0 = o.x0 ?? null;
  if (x0 !== null) checkVector('cg: x0', x0, n);
  const M = o.M ?? null;
  if (M !== null) checkSquareOperator('cg: M', M, n);
  const rtol = o.rtol ?? defaultRtol(b);
  checkTolerance('cg: rtol', rtol);
  const atol = o.atol ?? 0;
  checkTolerance('cg: atol', atol);
  const maxIter = o.maxIter ?? 2 * n;
  checkIterationCount('cg: maxIter', maxIter);
  const radius = o.radius ?? Infinity;
  if (o.radius !== undefined) checkPositive('cg: radius', radius);
  if (o.stop !== undefined) checkFunction('cg: stop', o.stop);
  if (o.onIteration !== undefined) checkFunction('cg: onIteration', o.onIteration);
  if (o.signal !== undefined) checkSignal('cg: signal', o.signal);
  const trueResidual = o.trueResidual ?? true;
  if (typeof trueResidual !== 'boolean') throw new TypeError(`cg: trueResidual must be a boolean, got ${describe(trueResidual)}`);
  const saveDue = schedulePredicate('cg: saveIterates', o.saveIterates);

  const ws = o.workspace;
  if (ws !== undefined) checkWorkspace(ws, b, n);
  const out = o.out;
  if (out !== undefined) {
    checkSamePrecision('cg: out', out, b);
    checkVector('cg: out', out, n);
    checkNoAlias('b', b, 'cg: out', out);
    if (x0 !== null && x0 !== out) checkNoAlias('x0', x0, 'cg: out', out);
    if (ws !== undefined) for (const w of [ws.r, ws.z, ws.p, ws.q]) checkNoAlias('the workspace', w, 'cg: out', out);
  }
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

function checkSamePrecision(name: string, v: unknown, b: Vector): void {
  const want = b instanceof Float32Array ? Float32Array : Float64Array;
  if (!(v instanceof want)) throw new TypeError(`${name} must be a ${want.name} like b, got ${describe(v)}`);
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
