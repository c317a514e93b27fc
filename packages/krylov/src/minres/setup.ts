import { checkFinite, checkNoAlias } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import type { MinresIterationInfo, MinresOptions } from './types.js';
import { MinresWorkspace } from './workspace.js';
import {
  checkCommonSolverArguments,
  checkOutput,
  checkIterationCount,
  describe,
  similarVector,
} from '../options.js';

/** The validated, defaulted inputs of one `minres` call, with its vectors in place. */
export interface MinresSetup<V extends Vector> {
  readonly n: number;
  readonly x0: Vector | null;
  readonly M: LinearOperator | null;
  readonly shift: number;
  readonly rtol: number;
  readonly atol: number;
  readonly maxIter: number;
  readonly maxRestarts: number;
  readonly onIteration: ((info: MinresIterationInfo<V>) => void) | null;
  readonly signal: AbortSignal | null;
  /** The solution vector (options.out or new). */
  readonly x: V;
  readonly v: V;
  readonly y: V;
  readonly r1: V;
  readonly r2: V;
  /** M r2; without a preconditioner the same array as r2. */
  readonly z: V;
  readonly w1: V;
  readonly w2: V;
}

/**
 * Checks every argument of `minres` before anything is computed or written,
 * and gathers the work vectors (from the workspace, or new).
 */
export function setupMinres<V extends Vector>(A: LinearOperator, b: V, options: MinresOptions<V> | undefined): MinresSetup<V> {
  const { n, x0, M, rtol, atol, maxIter } = checkCommonSolverArguments('minres', A, b, options);
  const o: MinresOptions<V> = options ?? {};
  const shift = o.shift ?? 0;
  checkFinite('minres: shift', shift);
  const maxRestarts = o.maxRestarts ?? 3;
  checkIterationCount('minres: maxRestarts', maxRestarts);

  const ws = o.workspace;
  if (ws !== undefined) checkWorkspace(ws, b, n);
  const wsVectors = ws === undefined ? [] : [ws.v, ws.y, ws.r1, ws.r2, ws.z, ws.w1, ws.w2];
  const out = o.out;
  if (out !== undefined) checkOutput('minres', out, b, x0, wsVectors);
  for (const w of wsVectors) checkNoAlias('the workspace', w, 'minres: b', b);
  if (x0 !== null) for (const w of wsVectors) checkNoAlias('the workspace', w, 'minres: x0', x0);

  const work = (w: Vector | undefined): V => (w as V | undefined) ?? similarVector(b, n);
  const r2 = work(ws?.r2);
  return {
    n,
    x0,
    M,
    shift,
    rtol,
    atol,
    maxIter,
    maxRestarts,
    onIteration: o.onIteration ?? null,
    signal: o.signal ?? null,
    x: out ?? similarVector(b, n),
    v: work(ws?.v),
    y: work(ws?.y),
    r1: work(ws?.r1),
    r2,
    z: M !== null ? work(ws?.z) : r2,
    w1: work(ws?.w1),
    w2: work(ws?.w2),
  };
}

function checkWorkspace(ws: unknown, b: Vector, n: number): asserts ws is MinresWorkspace {
  if (!(ws instanceof MinresWorkspace)) throw new TypeError(`minres: workspace must come from minresWorkspace(), got ${describe(ws)}`);
  const precision = b instanceof Float32Array ? 'float32' : 'float64';
  if (ws.n !== n || ws.precision !== precision) {
    throw new RangeError(
      `minres: workspace must be minresWorkspace(${n}, ${b.constructor.name}) to match b, got minresWorkspace(${ws.n}, ${ws.precision})`,
    );
  }
}
