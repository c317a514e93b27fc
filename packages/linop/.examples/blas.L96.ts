import { fill } from '@hessian-free/linop';
const x = new Float64Array(3);
fill(x, 7); // x = [7, 7, 7]
