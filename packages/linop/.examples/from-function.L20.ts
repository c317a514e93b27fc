import { fromFunction } from '@hessian-free/linop';
// The 3 x 3 matrix of ones, applied without forming it.
const ones = fromFunction(
  3,
  3,
  (x, y) => {
    const s = x[0] + x[1] + x[2];
    y.fill(s);
  },
  { symmetric: true, positiveSemidefinite: true },
);
const y = new Float64Array(3);
ones.apply(Float64Array.from([1, 2, 3]), y); // y = [6, 6, 6]
