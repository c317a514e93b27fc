import { axpy } from '@hessian-free/linop';
const y = Float64Array.from([1, 1]);
axpy(2, Float64Array.from([1, 2]), y); // y = [3, 5]
