import { checkKnownOptions, checkNoAlias, checkVector } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import {
  checkFiniteVector,
  checkFunction,
  checkIterationCount,
  checkOptions,
  checkOutput,
  checkSignal,
  checkSquareOperator,
  checkTolerance,
  checkWorkspace,
} from './checks.js';
import type { SolverOptions } from './solver-types.js';
import type { SolverWorkspace, WorkspaceKind } from './solver-workspace.js';

/**
 * The checked, defaulted arguments that `cg` and `minres` share, for one
 * solve (each solver's setup extends these with its own).
 */
export interface SolverSetup<V extends Vector, I> {
  readonly n: number;
  readonly x0: Vector | null;
  readonly M: LinearOperator | null;
  readonly rtol: number;
  readonly atol: number;
  readonly maxIter: number;
  readonly maxRestarts: number;
  readonly onIteration: ((info: I) => void) | null;
  readonly signal: AbortSignal | null;
  /** The solution vector (options.out or new). */
  readonly x: V;
}

/**
 * Checks A, b and the shared options of `solver` (messages prefixed with its
 * name; `optionNames` are all the options it knows, its own included) and
 * applies the shared defaults: rtol sqrt(eps) of b's precision, atol 0,
 * maxIter 2n, maxRestarts 3. The solution vector is not chosen yet: see
 * `solverVectors`, called once the solver's own options are checked.
 */
export function setupSolver<V extends Vector, I>(
  solver: string,
  A: LinearOperator,
  b: V,
  options: SolverOptions<V, I> | undefined,
  optionNames: readonly string[],
): Omit<SolverSetup<V, I>, 'x'> {
  checkSquareOperator(`${solver}: A`, A);
  const n = A.rows;
  checkVector(`${solver}: b`, b, n);
  checkFiniteVector(`${solver}: b`, b);
  checkOptions(`${solver}: options`, options);
  if (options !== undefined) checkKnownOptions(solver, options, optionNames);
  const o: SolverOptions<V, I> = options ?? {};
  const x0 = o.x0 ?? null;
  if (x0 !== null) {
    checkVector(`${solver}: x0`, x0, n);
    checkFiniteVector(`${solver}: x0`, x0);
  }
  const M = o.M ?? null;
  if (M !== null) checkSquareOperator(`${solver}: M`, M, n);
  const rtol = o.rtol ?? defaultRtol(b);
  checkTolerance(`${solver}: rtol`, rtol);
  const atol = o.atol ?? 0;
  checkTolerance(`${solver}: atol`, atol);
  const maxIter = o.maxIter ?? 2 * n;
  checkIterationCount(`${solver}: maxIter`, maxIter);
  const maxRestarts = o.maxRestarts ?? 3;
  checkIterationCount(`${solver}: maxRestarts`, maxRestarts);
  if (o.onIteration !== undefined) checkFunction(`${solver}: onIteration`, o.onIteration);
  if (o.signal !== undefined) checkSignal(`${solver}: signal`, o.signal);
  return { n, x0, M, rtol, atol, maxIter, maxRestarts, onIteration: o.onIteration ?? null, signal: o.signal ?? null };
}

/**
 * The vectors a solve writes: checks `out` and `workspace` (against b, x0 and
 * each other) and returns the solution vector (out, or new) and `work`, which
 * hands out a work vector of the workspace (picked by the caller), or a new
 * one without a workspace.
 */
export function solverVectors<V extends Vector, W extends SolverWorkspace>(
  solver: string,
  kind: WorkspaceKind<W>,
  b: V,
  x0: Vector | null,
  out: V | undefined,
  workspace: W | undefined,
): { x: V; workspace: W | undefined; work: (pick: (workspace: W) => Vector) => V } {
  if (workspace !== undefined) checkWorkspace(`${solver}: workspace`, workspace, kind, b);
  const vectors = workspace === undefined ? [] : kind.vectors(workspace);
  if (out !== undefined) checkOutput(`${solver}: out`, out, b, x0, vectors);
  for (const w of vectors) checkNoAlias('the workspace', w, `${solver}: b`, b);
  return {
    x: out ?? similarVector(b, b.length),
    workspace,
    work: (pick) => (workspace === undefined ? similarVector(b, b.length) : (pick(workspace) as V)),
  };
}

/**
 * Default relative tolerance: the square root of the machine epsilon of the
 * vector's storage precision (as in Krylov.jl), about 1.5e-8 for Float64Array
 * and 3.5e-4 for Float32Array. Below that, the residual the recurrences report
 * keeps shrinking but the true residual b - A x stagnates.
 */
export function defaultRtol(v: Vector): number {
  return v instanceof Float32Array ? Math.sqrt(2 ** -23) : Math.sqrt(Number.EPSILON);
}

/** A fresh zero vector of length n and of the same precision as `like`. */
export function similarVector<V extends Vector>(like: V, n: number): V {
  return (like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n)) as V;
}
