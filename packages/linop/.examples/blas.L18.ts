import { dot } from '@hessian-free/linop';
const x = Float64Array.from([1, 2, 3]);
const y = Float32Array.from([4, 5, 6]);
dot(x, y); // 32
