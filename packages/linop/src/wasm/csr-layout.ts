import type { IndexArray, Vector } from '../types.js';
import type { Heap } from './heap.js';

/**
 * How a CSR operator's arrays are laid out in the kernels' memory (once per
 * operator), and the products over each layout (assembly/kernels.ts):
 *
 * - stencil: when at least half of the rows share one pattern (the same
 *   number of entries, at the same column offsets from the diagonal, in the
 *   same order; up to 32 entries), those rows are stored by diagonals, in
 *   groups of four rows, and need no indices and no gathers; the other rows
 *   keep a CSR of their own. The 5-point Laplacian is of this kind (all rows
 *   but the grid's boundary).
 * - csr: indptr (i32), the columns as byte offsets (2-byte row-relative
 *   8 (j - i) when every |j - i| <= 4095, else 4-byte 8 j), the values.
 *
 * Both sum every row exactly as the JavaScript csrMatVec does.
 */

/** The products over one layout, for vectors in the kernels' memory. */
export interface LaidOutProduct {
  apply(x: Vector, y: Vector): void;
  applyDot(x: Vector, y: Vector): number;
}

type Kernel = (...args: number[]) => number;
type Exports = { readonly [name: string]: Kernel };

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** The longest row pattern that the stencil layout takes. */
const MAX_PATTERN = 32;

/**
 * Whether the entries of the given rows (a list, or a count: rows 0 .. n-1)
 * lie within 4095 of the diagonal, so that row-relative byte offsets fit in
 * an i16.
 */
function banded(rows: readonly number[] | number, indptr: IndexArray, indices: IndexArray): boolean {
  const count = typeof rows === 'number' ? rows : rows.length;
  for (let r = 0; r < count; r++) {
    const i = typeof rows === 'number' ? r : rows[r];
    for (let k = indptr[i]; k < indptr[i + 1]; k++) {
      const d = indices[k] - i;
      if (d > 4095 || d < -4095) return false;
    }
  }
  return true;
}

/** Whether row i has the pattern p (column offsets from the diagonal, in order). */
function matches(i: number, p: Int32Array, indptr: IndexArray, indices: IndexArray): boolean {
  const start = indptr[i];
  if (indptr[i + 1] - start !== p.length) return false;
  for (let t = 0; t < p.length; t++) if (indices[start + t] - i !== p[t]) return false;
  return true;
}

/**
 * The pattern shared by at least half of the rows (column offsets j - i, in
 * the rows' order), or null. Candidates are the patterns of 32 rows spread
 * over the matrix; each distinct one is counted over all rows (the first
 * that half of the rows share is taken).
 */
export function stencilPattern(rows: number, indptr: IndexArray, indices: IndexArray): Int32Array | null {
  if (rows < 8) return null;
  const tried: Int32Array[] = [];
  for (let s = 0; s < 32; s++) {
    // Spread by the golden ratio, not evenly: an even stride can fall on the
    // same column of a grid every time (its boundary, say).
    const i = Math.floor(((0.5 + s * 0.6180339887498949) % 1) * rows);
    const length = indptr[i + 1] - indptr[i];
    if (length === 0 || length > MAX_PATTERN) continue;
    const p = Int32Array.from({ length }, (_, t) => indices[indptr[i] + t] - i);
    if (tried.some((q) => q.length === p.length && q.every((v, t) => v === p[t]))) continue;
    tried.push(p);
    let count = 0;
    for (let r = 0; r < rows; r++) if (matches(r, p, indptr, indices)) count++;
    if (2 * count >= rows) return p;
  }
  return null;
}

/** The CSR layout: one block of indptr, offsets and values. */
function csrLayout(heap: Heap, k: Exports, rows: number, indptr: IndexArray, indices: IndexArray, values: Vector): { start: number; product: LaidOutProduct } | null {
  const nnz = indices.length;
  const relative = banded(rows, indptr, indices);
  const indptrBytes = align(4 * (rows + 1));
  const offsetsBytes = align((relative ? 2 : 4) * nnz);
  const values32 = values instanceof Float32Array;
  const start = heap.allocate(indptrBytes + offsetsBytes + (values32 ? 4 : 8) * nnz, false);
  if (start === 0) return null;
  const buffer = heap.memory.buffer;
  new Int32Array(buffer, start, rows + 1).set(indptr);
  // Columns as byte offsets in a float64 vector (the kernels halve them for
  // float32 vectors): from x_i as i16 for banded matrices, else from x_0 as
  // u32 (below 2^32, as x must fit the memory).
  if (relative) {
    const offsets = new Int16Array(buffer, start + indptrBytes, nnz);
    for (let i = 0; i < rows; i++) for (let e = indptr[i]; e < indptr[i + 1]; e++) offsets[e] = 8 * (indices[e] - i);
  } else {
    const offsets = new Uint32Array(buffer, start + indptrBytes, nnz);
    for (let e = 0; e < nnz; e++) offsets[e] = indices[e] * 8;
  }
  const at = start + indptrBytes + offsetsBytes;
  if (values32) new Float32Array(buffer, at, nnz).set(values);
  else new Float64Array(buffer, at, nnz).set(values);
  const v = values32 ? 'f32' : 'f64';
  const o = relative ? 'i16' : 'u32';
  const f64 = k[`csr_${v}_f64_${o}`];
  const f32 = k[`csr_${v}_f32_${o}`];
  const ip = start;
  const op = start + indptrBytes;
  return {
    start,
    product: {
      apply: (x, y) => void (x instanceof Float32Array ? f32 : f64)(rows, ip, op, at, x.byteOffset, y.byteOffset, 0),
      applyDot: (x, y) => (x instanceof Float32Array ? f32 : f64)(rows, ip, op, at, x.byteOffset, y.byteOffset, 1),
    },
  };
}

/**
 * The stencil layout: the pattern rows' values by diagonals in groups of
 * four rows (slot t of rows 4g .. 4g+3 side by side), the pattern as byte
 * offsets 8 o_t, the other rows' numbers (then `rows`) and their own CSR
 * (with 4-byte offsets 8 j: such rows are few).
 */
function stencilLayout(
  heap: Heap,
  k: Exports,
  rows: number,
  indptr: IndexArray,
  indices: IndexArray,
  values: Vector,
  pattern: Int32Array,
): { start: number; product: LaidOutProduct } | null {
  const L = pattern.length;
  const generic: number[] = [];
  for (let i = 0; i < rows; i++) if (!matches(i, pattern, indptr, indices)) generic.push(i);
  const G = generic.length;
  let genericEntries = 0;
  for (const i of generic) genericEntries += indptr[i + 1] - indptr[i];
  const values32 = values instanceof Float32Array;
  const v = values32 ? 4 : 8;
  const groupsBytes = align(Math.ceil(rows / 4) * 4 * L * v);
  const patternBytes = align(4 * L);
  const genericBytes = align(4 * (G + 1));
  const indptrBytes = align(4 * (G + 1));
  const offsetsBytes = align(4 * genericEntries);
  const start = heap.allocate(groupsBytes + patternBytes + genericBytes + indptrBytes + offsetsBytes + v * genericEntries, false);
  if (start === 0) return null;
  const buffer = heap.memory.buffer;
  const groupsAt = start;
  const patternAt = groupsAt + groupsBytes;
  const genericAt = patternAt + patternBytes;
  const indptrAt = genericAt + genericBytes;
  const offsetsAt = indptrAt + indptrBytes;
  const valuesAt = offsetsAt + offsetsBytes;

  const groups = values32 ? new Float32Array(buffer, groupsAt, groupsBytes / 4) : new Float64Array(buffer, groupsAt, groupsBytes / 8);
  let g = 0;
  for (let i = 0; i < rows; i++) {
    if (g < G && generic[g] === i) {
      g++;
      continue;
    }
    const base = (i >> 2) * 4 * L + (i & 3);
    for (let t = 0; t < L; t++) groups[base + 4 * t] = values[indptr[i] + t];
  }
  new Int32Array(buffer, patternAt, L).set(pattern.map((o) => 8 * o));
  const genericRows = new Int32Array(buffer, genericAt, G + 1);
  genericRows.set(generic);
  genericRows[G] = rows;
  const genericIndptr = new Int32Array(buffer, indptrAt, G + 1);
  const offsets = new Uint32Array(buffer, offsetsAt, genericEntries);
  const genericValues = values32 ? new Float32Array(buffer, valuesAt, genericEntries) : new Float64Array(buffer, valuesAt, genericEntries);
  let e = 0;
  for (let r = 0; r < G; r++) {
    genericIndptr[r] = e;
    const i = generic[r];
    for (let s = indptr[i]; s < indptr[i + 1]; s++, e++) {
      offsets[e] = 8 * indices[s];
      genericValues[e] = values[s];
    }
  }
  genericIndptr[G] = e;

  const f64 = k[`stencil_${values32 ? 'f32' : 'f64'}_f64`];
  const f32 = k[`stencil_${values32 ? 'f32' : 'f64'}_f32`];
  const run = (x: Vector, y: Vector, dot: number): number =>
    (x instanceof Float32Array ? f32 : f64)(rows, L, groupsAt, patternAt, genericAt, indptrAt, offsetsAt, valuesAt, x.byteOffset, y.byteOffset, dot);
  return {
    start,
    product: {
      apply: (x, y) => void run(x, y, 0),
      applyDot: (x, y) => run(x, y, 1),
    },
  };
}

/**
 * A CSR matrix laid out in the heap (stencil layout where it applies, else
 * CSR): the block's start (to free it) and the products, or null when the
 * heap has no room.
 */
export function layOutCsr(heap: Heap, k: Exports, rows: number, indptr: IndexArray, indices: IndexArray, values: Vector): { start: number; product: LaidOutProduct } | null {
  const pattern = stencilPattern(rows, indptr, indices);
  if (pattern !== null) return stencilLayout(heap, k, rows, indptr, indices, values, pattern);
  return csrLayout(heap, k, rows, indptr, indices, values);
}
