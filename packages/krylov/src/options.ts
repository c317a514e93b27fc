import { checkNoAlias, checkOperator, checkVector } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';

/**
 * Argument checks and defaults shared by the Krylov solvers. Every check throws
 * before any work is done, with a message that names the argument and says
 * what was expected.
 */

/** `op` must be a LinearOperator of shape n x n (any square shape when n is omitted). */
export function checkSquareOperator(name: string, op: unknown, n?: number): asserts op is LinearOperator {
  checkOperator(name, op);
  const { rows, cols } = op;
  if (rows !== cols) throw new RangeError(`${name} must be square, got ${rows}x${cols}`);
  if (n !== undefined && rows !== n) throw new RangeError(`${name} must be ${n}x${n}, got ${rows}x${cols}`);
}

/** A tolerance: a finite number >= 0. */
export function checkTolerance(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(v)}`);
  }
}

/** A strictly positive finite number (a trust-region radius, a step size). */
export function checkPositive(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(v)}`);
  }
}

/** An iteration count: a non-negative safe integer. */
export function checkIterationCount(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(v)}`);
  }
}

/** An optional callback. */
export function checkFunction(name: string, f: unknown): asserts f is (...args: never[]) => unknown {
  if (typeof f !== 'function') throw new TypeError(`${name} must be a function, got ${describe(f)}`);
}

/** An AbortSignal (anything with a boolean `aborted`, so polyfills work too). */
export function checkSignal(name: string, s: unknown): asserts s is AbortSignal {
  if (typeof s !== 'object' || s === null || typeof (s as { aborted?: unknown }).aborted !== 'boolean') {
    throw new TypeError(`${name} must be an AbortSignal, got ${describe(s)}`);
  }
}

/** The options argument itself: undefined or a plain object. */
export function checkOptions(name: string, o: unknown): asserts o is object | undefined {
  if (o !== undefined && (typeof o !== 'object' || o === null)) {
    throw new TypeError(`${name} must be an object, got ${describe(o)}`);
  }
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

/** A fresh zero vector of the same precision as `like`. */
export function similarVector<V extends Vector>(like: V, n: number): V {
  return (like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n)) as V;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** The options every solver here shares. */
export interface CommonSolverOptions {
  x0?: Vector;
  M?: LinearOperator;
  rtol?: number;
  atol?: number;
  maxIter?: number;
  onIteration?: unknown;
  signal?: AbortSignal;
}

/**
 * Checks A, b and the shared options of `solver` (messages prefixed with its
 * name) and applies the shared defaults: rtol sqrt(eps) of b's precision,
 * atol 0, maxIter 2n.
 */
export function checkCommonSolverArguments(solver: string, A: unknown, b: unknown, options: unknown) {
  checkSquareOperator(`${solver}: A`, A);
  const n = A.rows;
  checkVector(`${solver}: b`, b, n);
  checkOptions(`${solver}: options`, options);
  const o = (options ?? {}) as CommonSolverOptions;
  const x0 = o.x0 ?? null;
  if (x0 !== null) checkVector(`${solver}: x0`, x0, n);
  const M = o.M ?? null;
  if (M !== null) checkSquareOperator(`${solver}: M`, M, n);
  const rtol = o.rtol ?? defaultRtol(b);
  checkTolerance(`${solver}: rtol`, rtol);
  const atol = o.atol ?? 0;
  checkTolerance(`${solver}: atol`, atol);
  const maxIter = o.maxIter ?? 2 * n;
  checkIterationCount(`${solver}: maxIter`, maxIter);
  if (o.onIteration !== undefined) checkFunction(`${solver}: onIteration`, o.onIteration);
  if (o.signal !== undefined) checkSignal(`${solver}: signal`, o.signal);
  return { n, x0, M, rtol, atol, maxIter };
}

/**
 * Checks the `out` vector of `solver`: b's precision and length, and sharing
 * memory with none of b, x0 (unless it IS x0: an in-place warm start) and the
 * workspace vectors.
 */
export function checkOutput(solver: string, out: unknown, b: Vector, x0: Vector | null, workspace: readonly Vector[]): void {
  const want = b instanceof Float32Array ? Float32Array : Float64Array;
  if (!(out instanceof want)) throw new TypeError(`${solver}: out must be a ${want.name} like b, got ${describe(out)}`);
  checkVector(`${solver}: out`, out, b.length);
  checkNoAlias('b', b, `${solver}: out`, out);
  if (x0 !== null && x0 !== out) checkNoAlias('x0', x0, `${solver}: out`, out);
  for (const w of workspace) checkNoAlias('the workspace', w, `${solver}: out`, out);
}
