import { dense } from '@hessian-free/linop';
// [[1, 2, 3], [4, 5, 6]]
const A = dense(2, 3, Float64Array.from([1, 2, 3, 4, 5, 6]));
const y = new Float64Array(2);
A.apply(Float64Array.from([1, 1, 1]), y); // y = [6, 15]
const z = new Float64Array(3);
A.applyTranspose(Float64Array.from([1, 1]), z); // z = [5, 7, 9]
