/** A dense vector: every operator and kernel accepts either precision. */
export type Vector = Float64Array | Float32Array;

/**
 * A linear map A from R^cols to R^rows that is known only through its action.
 *
 * `apply(x, y)` overwrites the caller-owned `y` (length `rows`) with A x for an
 * `x` of length `cols`; it allocates nothing, so a solver can call it once per
 * iteration without garbage. `y` must not alias `x`.
 *
 * The tags are promises the operator's author makes (in the spirit of lineax):
 * solvers may rely on them, and the algebra propagates them where the math
 * does (a sum of symmetric operators is symmetric, and so on). They are never
 * checked numerically.
 *
 * Any object of this shape is an operator; `makeOperator` builds one from a
 * kernel and adds the argument checks.
 */
export interface LinearOperator {
  /** Length of y in `apply` (of x in `applyTranspose`): A is rows x cols. */
  readonly rows: number;
  /** Length of x in `apply` (of y in `applyTranspose`). */
  readonly cols: number;
  /** y <- A x. */
  apply(x: Vector, y: Vector): void;
  /** y <- A' x, when the operator knows its transpose. */
  applyTranspose?(x: Vector, y: Vector): void;
  /** A = A'. */
  readonly symmetric?: boolean;
  /** x' A x >= 0 for every x (implies nothing unless `symmetric` is also set). */
  readonly positiveSemidefinite?: boolean;
}

/** Row pointers and column indices of a CSR matrix. */
export type IndexArray = Int32Array | Uint32Array;

/** Structural promises an operator's author can declare (see `LinearOperator`). */
export interface OperatorTags {
  /** A = A'; requires a square operator. */
  readonly symmetric?: boolean;
  /** x' A x >= 0 for every x; requires a square operator. */
  readonly positiveSemidefinite?: boolean;
}
