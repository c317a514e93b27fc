import { applyTransposeOf, hasTranspose, makeOperator, shapeOf } from './operator.js';
import type { LinearOperator, Vector } from './types.js';
import { checkNoAlias, checkOperator, checkVector } from './validate.js';

/**
 * A + B + ... for operators of one shape. Symmetric if every term is, positive
 * semidefinite if every term is; has a transpose if every term has one.
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
  // rows) or transposed (length cols).
  const buffer = new Float64Array(Math.max(rows, cols));
  const forward = buffer.subarray(0, rows);
  const backward = buffer.subarray(0, cols);

  // A Float32Array y gets its sum in float64 first, so that cancellation
  // between terms costs one float32 rounding, not one per term.
  let forwardSum: Float64Array | undefined;
  let backwardSum: Float64Array | undefined;

  const apply = (x: Vector, y: Vector): void => {
    checkVector('add.apply: x', x, cols);
    checkVector('add.apply: y', y, rows);
    checkNoAlias('add.apply: x', x, 'add.apply: y', y);
    const sum = y instanceof Float64Array ? y : (forwardSum ??= new Float64Array(rows));
    terms[0].apply(x, sum);
    for (let k = 1; k < terms.length; k++) {
      terms[k].apply(x, forward);
      for (let i = 0; i < rows; i++) sum[i] += forward[i];
    }
    if (sum !== y) y.set(sum);
  };
  const applyTranspose = (x: Vector, y: Vector): void => {
    checkVector('add.applyTranspose: x', x, rows);
    checkVector('add.applyTranspose: y', y, cols);
    checkNoAlias('add.applyTranspose: x', x, 'add.applyTranspose: y', y);
    const sum = y instanceof Float64Array ? y : (backwardSum ??= new Float64Array(cols));
    applyTransposeOf(terms[0], x, sum);
    for (let k = 1; k < terms.length; k++) {
      applyTransposeOf(terms[k], x, backward);
      for (let j = 0; j < cols; j++) sum[j] += backward[j];
    }
    if (sum !== y) y.set(sum);
  };
  return makeOperator(
    rows,
    cols,
    terms.every((T) => T.symmetric === true),
    terms.every((T) => T.positiveSemidefinite === true),
    apply,
    terms.every(hasTranspose) ? applyTranspose : undefined,
  );
}
