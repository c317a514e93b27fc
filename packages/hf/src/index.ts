export { minimize } from './minimize/minimize.js';
export type {
  EvaluationCounts,
  MinimizeCallbacks,
  MinimizeIteration,
  MinimizeMethod,
  MinimizeOptions,
  MinimizeRecord,
  MinimizeResult,
  MinimizeStatus,
  TensorObjective,
} from './minimize/types.js';

export { hessianFree, resumeHessianFree } from './network/hessian-free.js';
export { PRECONDITIONER_PROBES } from './network/step.js';
export { ARMIJO_C, ARMIJO_MAX_TRIES, ARMIJO_SHRINK } from './network/armijo.js';
export { PRECONDITIONER_EXPONENT } from './network/preconditioner.js';
export { DEFAULT_MAX_CURVATURE_BATCH, DEFAULT_MAX_GRADIENT_BATCH } from './network/options.js';
export { adam, sgdMomentum } from './network/baselines.js';
export { evaluateLoss } from './network/evaluate.js';
export { sparseInit } from './network/sparse-init.js';
export type { SparseInitOptions } from './network/sparse-init.js';
export { useWasmBackend } from './network/wasm-backend.js';
export type { WasmBackendOptions } from './network/wasm-backend.js';
export type {
  AdamOptions,
  CurvatureKind,
  Dataset,
  FirstOrderOptimizer,
  FirstOrderOptions,
  FirstOrderStepReport,
  HessianFreeOptimizer,
  HessianFreeOptions,
  HessianFreeState,
  HessianFreeStateOptions,
  HfStepReport,
  SgdMomentumOptions,
} from './network/types.js';
