import { checkDimension, checkNoAlias, checkTags, checkVector, describe } from './checks.js';
import type { LinearOperator, OperatorTags, Vector } from './types.js';

/**
 * A product kernel: overwrites y with A x (or A' x). Given to `makeOperator`,
 * it may trust its arguments: they were checked before it runs.
 */
export type Product = (x: Vector, y: Vector) => void;

/**
 * What `makeOperator` builds an operator from: a name for error messages, the
 * shape, the tags, the kernels, and any further read-only fields the operator
 * exposes (such as `data` or `diagonal`), which are copied onto it.
 */
export interface OperatorParts extends OperatorTags {
  /** Starts every error message of a product: `${name}.apply: x must have length 3, got 2`. */
  readonly name: string;
  /** Length of y in `apply` (of x in `applyTranspose`). */
  readonly rows: number;
  /** Length of x in `apply` (of y in `applyTranspose`). */
  readonly cols: number;
  /** y <- A x, x of length `cols`, y of length `rows`. */
  readonly apply: Product;
  /** y <- A' x, x of length `rows`, y of length `cols`; none (or undefined) if unknown. */
  readonly applyTranspose?: Product | undefined;
}

/**
 * The operator `makeOperator` returns for parts `P`: P's further fields, the
 * shape, both tags as booleans (`true` where P says so literally), the checked
 * `apply`, and an `applyTranspose` that is present whenever P has one or is
 * symmetric.
 */
export type MadeOperator<P extends OperatorParts> = Readonly<Omit<P, keyof OperatorParts>> & {
  /** As in P. */
  readonly rows: number;
  /** As in P. */
  readonly cols: number;
  /** P's tag: `true` if P says so literally, else a boolean (false when P has none). */
  readonly symmetric: P extends { readonly symmetric: true } ? true : boolean;
  /** P's tag: `true` if P says so literally, else a boolean (false when P has none). */
  readonly positiveSemidefinite: P extends { readonly positiveSemidefinite: true } ? true : boolean;
  /** y <- A x: checks x and y, then runs P's `apply`. */
  apply(x: Vector, y: Vector): void;
} & (P extends { readonly applyTranspose: Product } | { readonly symmetric: true }
    ? {
        /** y <- A' x: checks x and y, then runs P's `applyTranspose` (or `apply`, for a symmetric P). */
        applyTranspose(x: Vector, y: Vector): void;
      }
    : {
        /** y <- A' x, when P has an `applyTranspose`. */
        applyTranspose?(x: Vector, y: Vector): void;
      });

/**
 * Makes a frozen `LinearOperator` from its kernels: the one place where an
 * operator's products check their arguments, so that a kernel can trust them.
 * The shape and tags are checked here, once; every call of `apply` or
 * `applyTranspose` then checks that x and y are float vectors of the right
 * lengths that do not share memory, and calls the kernel. The checks allocate
 * nothing (their message prefixes are made here).
 *
 * A symmetric operator without `applyTranspose` is its own transpose and gets
 * `applyTranspose = apply`; a non-symmetric one without it has no
 * `applyTranspose` key at all. Tags not given are false.
 *
 * @example
 * ```ts
 * import { makeOperator } from '@hessian-free/linop';
 * // The 2 x 2 operator that swaps the entries of x.
 * const swap = makeOperator({
 *   name: 'swap',
 *   rows: 2,
 *   cols: 2,
 *   symmetric: true,
 *   apply: (x, y) => {
 *     y[0] = x[1];
 *     y[1] = x[0];
 *   },
 * });
 * const y = new Float64Array(2);
 * swap.apply(Float64Array.from([1, 2]), y); // y = [2, 1]
 * swap.applyTranspose(y, new Float64Array(2)); // present: swap is symmetric
 * // swap.apply(new Float64Array(3), y) throws
 * // RangeError: swap.apply: x must have length 2, got 3
 * ```
 */
export function makeOperator<const P extends OperatorParts>(parts: P): MadeOperator<P> {
  if (typeof parts !== 'object' || parts === null) throw new TypeError(`makeOperator: parts must be an object, got ${describe(parts)}`);
  const { name, rows, cols, symmetric, positiveSemidefinite, apply, applyTranspose, ...fields } = parts;
  if (typeof name !== 'string') throw new TypeError(`makeOperator: parts.name must be a string, got ${describe(name)}`);
  const where = `${name}: parts`;
  checkDimension(`${where}.rows`, rows);
  checkDimension(`${where}.cols`, cols);
  checkTags(where, { symmetric, positiveSemidefinite }, rows, cols);
  checkKernel(`${where}.apply`, apply);
  if (applyTranspose !== undefined) checkKernel(`${where}.applyTranspose`, applyTranspose);

  const checkedApply = checked(`${name}.apply`, apply, cols, rows);
  const operator: Record<string, unknown> = {
    ...fields,
    rows,
    cols,
    symmetric: symmetric === true,
    positiveSemidefinite: positiveSemidefinite === true,
    apply: checkedApply,
  };
  if (applyTranspose !== undefined) operator.applyTranspose = checked(`${name}.applyTranspose`, applyTranspose, rows, cols);
  else if (symmetric === true) operator.applyTranspose = checkedApply;
  return Object.freeze(operator) as MadeOperator<P>;
}

/** The kernel behind the argument checks, with the names the messages use made once. */
function checked(where: string, kernel: Product, xLength: number, yLength: number): Product {
  const xName = `${where}: x`;
  const yName = `${where}: y`;
  return (x, y) => {
    checkVector(xName, x, xLength);
    checkVector(yName, y, yLength);
    checkNoAlias(xName, x, yName, y);
    kernel(x, y);
  };
}

function checkKernel(name: string, f: unknown): asserts f is Product {
  if (typeof f !== 'function') throw new TypeError(`${name} must be a function, got ${describe(f)}`);
}

// Internal helpers of the operator factories and the combinators (not
// exported by the package).

/** A product in one direction: y <- A x (`applyOf`) or y <- A' x (`applyTransposeOf`). */
export type Direction = (A: LinearOperator, x: Vector, y: Vector) => void;

/** y <- A x. */
export const applyOf: Direction = (A, x, y) => A.apply(x, y);

/** y <- A' x; only call when `hasTranspose(A)`. */
export const applyTransposeOf: Direction = (A, x, y) => {
  if (A.applyTranspose !== undefined) A.applyTranspose(x, y);
  else A.apply(x, y);
};

/** Whether A' x can be computed: A knows its transpose, or A = A'. */
export function hasTranspose(A: LinearOperator): boolean {
  return A.applyTranspose !== undefined || A.symmetric === true;
}

/**
 * The parts an operator built from `list` inherits: each tag (symmetric,
 * positive semidefinite) that every operator of `list` carries, and
 * `applyTranspose` when every operator of `list` has a transpose.
 */
export function sharedParts(list: readonly LinearOperator[], applyTranspose: Product): OperatorTags & { applyTranspose: Product | undefined } {
  return {
    symmetric: list.every((A) => A.symmetric === true),
    positiveSemidefinite: list.every((A) => A.positiveSemidefinite === true),
    applyTranspose: list.every(hasTranspose) ? applyTranspose : undefined,
  };
}

/**
 * A product whose kernel writes in float64: `kernel` gets y itself when y is
 * a Float64Array, else a float64 scratch vector of length n (made on first
 * need and kept) that is copied into y afterwards. A sum into a Float32Array
 * y then costs one float32 rounding, not one per term. The kernel must
 * overwrite every entry of its output.
 */
export function throughFloat64(n: number, kernel: (x: Vector, y: Float64Array) => void): Product {
  let scratch: Float64Array | undefined;
  return (x, y) => {
    if (y instanceof Float64Array) {
      kernel(x, y);
    } else {
      scratch ??= new Float64Array(n);
      kernel(x, scratch);
      y.set(scratch);
    }
  };
}

/** "3x4", for error messages. */
export function shapeOf(A: LinearOperator): string {
  return `${A.rows}x${A.cols}`;
}
