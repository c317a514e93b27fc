import { copy } from '@hessian-free/linop';
const y = new Float32Array(2);
copy(Float64Array.from([0.5, 2]), y); // y = [0.5, 2]
