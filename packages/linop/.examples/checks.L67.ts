import { checkVector } from '@hessian-free/linop';
checkVector('solve: b', new Float64Array(4), 4); // passes
// checkVector('solve: b', new Float64Array(3), 4) throws
// RangeError: solve: b must have length 4, got 3
