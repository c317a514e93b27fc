import { identity, scale } from '@hessian-free/linop';
const twice = scale(2, identity(2));
const y = new Float64Array(2);
twice.apply(Float64Array.from([1, 3]), y); // y = [2, 6]
