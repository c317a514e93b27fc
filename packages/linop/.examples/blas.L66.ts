import { scal } from '@hessian-free/linop';
const x = Float64Array.from([1, -2]);
scal(3, x); // x = [3, -6]
