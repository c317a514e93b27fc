import { makeOperator } from '@hessian-free/linop';
// The 2 x 2 operator that swaps the entries of x.
const swap = makeOperator({
  name: 'swap',
  rows: 2,
  cols: 2,
  symmetric: true,
  apply: (x, y) => {
    y[0] = x[1];
    y[1] = x[0];
  },
});
const y = new Float64Array(2);
swap.apply(Float64Array.from([1, 2]), y); // y = [2, 1]
swap.applyTranspose(y, new Float64Array(2)); // present: swap is symmetric
// swap.apply(new Float64Array(3), y) throws
// RangeError: swap.apply: x must have length 2, got 3
