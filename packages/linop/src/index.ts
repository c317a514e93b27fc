export type { IndexArray, LinearOperator, OperatorTags, Vector } from './types.js';
export {
  checkDimension,
  checkFinite,
  checkFloatArray,
  checkIndexArray,
  checkKnownOptions,
  checkNoAlias,
  checkOperator,
  checkTags,
  checkVector,
  describe,
} from './checks.js';

export { makeOperator } from './operator.js';
export type { MadeOperator, OperatorParts, Product } from './operator.js';

export { axpy, copy, dot, fill, nrm2, scal } from './blas.js';

export { dense } from './dense.js';
export type { DenseOperator } from './dense.js';
export { csr } from './csr.js';
export type { CsrOperator } from './csr.js';
export { diagonal } from './diagonal.js';
export type { DiagonalOperator } from './diagonal.js';
export { identity } from './identity.js';
export type { IdentityOperator } from './identity.js';
export { fromFunction } from './from-function.js';
export type { FromFunctionOptions } from './from-function.js';

export { add } from './add.js';
export { scale } from './scale.js';
export { compose } from './compose.js';
export { shift } from './shift.js';
export { transpose } from './transpose.js';
export { blockDiagonal } from './block-diagonal.js';
export { toDense } from './to-dense.js';

export { seededRng } from './random.js';
export type { Rng } from './random.js';

export { loadWasmKernels, wasmKernels } from './wasm/kernels.js';
export type { WasmKernels, WasmProduct, WasmVectors } from './wasm/kernels.js';
