import { diagonal } from '@hessian-free/linop';
const D = diagonal(Float64Array.from([1, 2, 3]));
const y = new Float64Array(3);
D.apply(Float64Array.from([1, 1, 1]), y); // y = [1, 2, 3]
D.positiveSemidefinite; // true: every entry is >= 0
