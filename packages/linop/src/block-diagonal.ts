import { checkOperator } from './checks.js';
import { applyOf, applyTransposeOf, makeOperator, sharedParts } from './operator.js';
import type { Direction, Product } from './operator.js';
import type { LinearOperator } from './types.js';

/**
 * diag(A1, A2, ...): block k maps its slice of x to its slice of y. Symmetric
 * or positive semidefinite if every block is; has a transpose if every block
 * has one.
 *
 * @example
 * ```ts
 * import { blockDiagonal, dense, identity } from '@hessian-free/linop';
 * const A = blockDiagonal([identity(1), dense(1, 2, Float64Array.from([1, 1]))]); // 2 x 3
 * const y = new Float64Array(2);
 * A.apply(Float64Array.from([5, 1, 2]), y); // y = [5, 3]
 * ```
 */
export function blockDiagonal(blocks: readonly LinearOperator[]): LinearOperator {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new TypeError('blockDiagonal: blocks must be a non-empty array of LinearOperators');
  }
  blocks.forEach((Ak, k) => checkOperator(`blockDiagonal: blocks[${k}]`, Ak));
  const list = blocks.slice();
  let rows = 0;
  let cols = 0;
  for (const Ak of list) {
    rows += Ak.rows;
    cols += Ak.cols;
  }
  // Float64 copies of the input and output, and fixed views of each block's
  // slice of them, so that a product allocates nothing.
  const colBuffer = new Float64Array(cols);
  const rowBuffer = new Float64Array(rows);
  const colViews: Float64Array[] = [];
  const rowViews: Float64Array[] = [];
  let r = 0;
  let c = 0;
  for (const Ak of list) {
    colViews.push(colBuffer.subarray(c, c + Ak.cols));
    rowViews.push(rowBuffer.subarray(r, r + Ak.rows));
    c += Ak.cols;
    r += Ak.rows;
  }
  // Block k takes in[k] to out[k]: columns to rows forward, rows to columns transposed.
  const blockwise = (direction: Direction, input: Float64Array, inputs: Float64Array[], output: Float64Array, outputs: Float64Array[]): Product => {
    return (x, y) => {
      input.set(x);
      for (let k = 0; k < list.length; k++) direction(list[k], inputs[k], outputs[k]);
      y.set(output);
    };
  };
  return makeOperator({
    name: 'blockDiagonal',
    rows,
    cols,
    apply: blockwise(applyOf, colBuffer, colViews, rowBuffer, rowViews),
    ...sharedParts(list, blockwise(applyTransposeOf, rowBuffer, rowViews, colBuffer, colViews)),
  });
}
