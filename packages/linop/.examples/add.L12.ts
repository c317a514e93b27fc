import { add, diagonal, identity } from '@hessian-free/linop';
const S = add(diagonal(Float64Array.from([1, 2])), identity(2), identity(2));
const y = new Float64Array(2);
S.apply(Float64Array.from([1, 1]), y); // y = [3, 4]
