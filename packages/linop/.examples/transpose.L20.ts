import { dense, transpose } from '@hessian-free/linop';
const A = dense(1, 2, Float64Array.from([1, 2]));
const At = transpose(A); // 2 x 1
const y = new Float64Array(2);
At.apply(Float64Array.from([3]), y); // y = [3, 6]
transpose(At) === A; // true
