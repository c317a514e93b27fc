import { diagonal, shift } from '@hessian-free/linop';
const damped = shift(diagonal(Float64Array.from([1, 2])), 0.5);
const y = new Float64Array(2);
damped.apply(Float64Array.from([1, 1]), y); // y = [1.5, 2.5]
