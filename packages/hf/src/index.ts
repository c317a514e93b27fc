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

export { hessianFree, resumeHessianFree, PRECONDITIONER_PROBES } from './network/hessian-free.js';
export { adam, sgdMomentum } from './network/baselines.js';
export { evaluateLoss } from './network/objective.js';
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
  HfStepReport,
  SgdMomentumOptions,
} from './network/types.js';
