import { checkFloatArray } from '@hessian-free/linop';
checkFloatArray('dense: data', new Float32Array(6)); // passes
// checkFloatArray('dense: data', [1, 2]) throws
// TypeError: dense: data must be a Float64Array or Float32Array, got Array
