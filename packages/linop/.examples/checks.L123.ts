import { checkNoAlias } from '@hessian-free/linop';
const buffer = new Float64Array(4);
checkNoAlias('x', buffer.subarray(0, 2), 'y', buffer.subarray(2, 4)); // passes
// checkNoAlias('x', buffer, 'y', buffer) throws
// RangeError: y must not share memory with x
