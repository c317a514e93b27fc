import { describe } from '@hessian-free/linop';
import type { LinearOperator } from '@hessian-free/linop';
import { checkSquareOperator } from '../checks.js';

/** The arrays of a square CSR matrix, as a `CsrOperator` from @hessian-free/linop exposes them. */
export interface CsrParts {
  readonly n: number;
  readonly indptr: Int32Array | Uint32Array;
  readonly indices: Int32Array | Uint32Array;
  readonly values: Float64Array | Float32Array;
}

/** Whether `A` carries CSR arrays (duck-typed, so any conforming operator works). */
export function isCsr(A: unknown): boolean {
  return typeof A === 'object' && A !== null && 'indptr' in A && 'indices' in A && 'values' in A;
}

/**
 * The CSR arrays of the square operator A, checked for consistency (row
 * pointers non-decreasing from 0 to nnz, column indices in range) so that a
 * factorization never reads out of bounds. Errors start with `who`.
 */
export function csrParts(who: string, A: LinearOperator): CsrParts {
  checkSquareOperator(`${who}: A`, A);
  const { indptr, indices, values } = A as unknown as CsrParts;
  const n = A.rows;
  if (!(indptr instanceof Int32Array || indptr instanceof Uint32Array) || indptr.length !== n + 1) {
    throw new TypeError(`${who}: A.indptr must be an Int32Array or Uint32Array of length ${n + 1}, got ${describe(indptr)}`);
  }
  if (!(indices instanceof Int32Array || indices instanceof Uint32Array)) {
    throw new TypeError(`${who}: A.indices must be an Int32Array or Uint32Array, got ${describe(indices)}`);
  }
  if (!(values instanceof Float64Array || values instanceof Float32Array) || values.length !== indices.length) {
    throw new TypeError(`${who}: A.values must be a Float64Array or Float32Array of length ${indices.length}, got ${describe(values)}`);
  }
  if (indptr[0] !== 0 || indptr[n] !== indices.length) {
    throw new RangeError(`${who}: A.indptr must run from 0 to ${indices.length}, got ${indptr[0]} to ${indptr[n]}`);
  }
  for (let i = 0; i < n; i++) {
    if (indptr[i + 1] < indptr[i]) throw new RangeError(`${who}: A.indptr must be non-decreasing, at row ${i}`);
  }
  for (let t = 0; t < indices.length; t++) {
    if (indices[t] < 0 || indices[t] >= n) throw new RangeError(`${who}: A.indices[${t}] = ${indices[t]} is out of range for ${n} columns`);
  }
  return { n, indptr, indices, values };
}
