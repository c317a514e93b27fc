import { identity } from '@hessian-free/linop';
const I = identity(3);
const y = new Float32Array(3);
I.apply(Float64Array.from([1, 2, 3]), y); // y = [1, 2, 3], converted to float32
