import { checkIndexArray } from '@hessian-free/linop';
checkIndexArray('csr: indptr', Int32Array.from([0, 1, 2])); // passes
// checkIndexArray('csr: indptr', new Float64Array(3)) throws
// TypeError: csr: indptr must be an Int32Array or Uint32Array, got Float64Array
