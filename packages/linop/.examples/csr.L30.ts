import { csr } from '@hessian-free/linop';
// The 1D Laplacian tridiag(-1, 2, -1) of size 3.
const indptr = Int32Array.from([0, 2, 5, 7]);
const indices = Int32Array.from([0, 1, 0, 1, 2, 1, 2]);
const values = Float64Array.from([2, -1, -1, 2, -1, -1, 2]);
const L = csr(3, 3, indptr, indices, values, { symmetric: true, positiveSemidefinite: true });
const y = new Float64Array(3);
L.apply(Float64Array.from([1, 2, 3]), y); // y = [0, 0, 4]
