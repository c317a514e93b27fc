import { checkOperator } from './checks.js';
import { applyOf, applyTransposeOf, makeOperator, shapeOf, sharedParts, throughFloat64 } from './operator.js';
import type { Direction, Product } from './operator.js';
import type { LinearOperator } from './types.js';

/**
 * A + B + ... for operators of one shape. Symmetric if every term is, positive
 * semidefinite if every term is; has a transpose if every term has one.
 *
 * @example
 * ```ts
 * import { add, diagonal, identity } from '@hessian-free/linop';
 * const S = add(diagonal(Float64Array.from([1, 2])), identity(2), identity(2));
 * const y = new Float64Array(2);
 * S.apply(Float64Array.from([1, 1]), y); // y = [3, 4]
 * ```
 */
export function add(A: LinearOperator, B: LinearOperator, ...more: LinearOperator[]): LinearOperator {
  const terms = [A, B, ...more];
  const names = terms.map((_, k) => (k === 0 ? 'A' : k === 1 ? 'B' : `more[${k - 2}]`));
  terms.forEach((T, k) => checkOperator(`add: ${names[k]}`, T));
  const { rows, cols } = A;
  terms.forEach((T, k) => {
    if (T.rows !== rows || T.cols !== cols) {
      throw new RangeError(`add: ${names[k]} has shape ${shapeOf(T)}, but A has shape ${shapeOf(A)}`);
    }
  });
  // One float64 buffer holds each further term's product, forward (length
  // rows) or transposed (length cols). The sum runs in float64 (see
  // throughFloat64), so that cancellation between terms costs one float32
  // rounding for a Float32Array y, not one per term.
  const buffer = new Float64Array(Math.max(rows, cols));
  const sum = (direction: Direction, n: number): Product => {
    const term = buffer.subarray(0, n);
    return throughFloat64(n, (x, y) => {
      direction(terms[0], x, y);
      for (let k = 1; k < terms.length; k++) {
        direction(terms[k], x, term);
        for (let i = 0; i < n; i++) y[i] += term[i];
      }
    });
  };
  return makeOperator({ name: 'add', rows, cols, apply: sum(applyOf, rows), ...sharedParts(terms, sum(applyTransposeOf, cols)) });
}
