import { blockDiagonal, dense, identity } from '@hessian-free/linop';
const A = blockDiagonal([identity(1), dense(1, 2, Float64Array.from([1, 1]))]); // 2 x 3
const y = new Float64Array(2);
A.apply(Float64Array.from([5, 1, 2]), y); // y = [5, 3]
