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

/** Curvature's `functionalModel` and `parameterTensors`: build the model hf trains (re-exported from @hessian-free/curvature). */
export { functionalModel, parameterTensors } from '@hessian-free/curvature';
/** Curvature's model types (re-exported from @hessian-free/curvature). */
export type { FunctionalModel, FunctionalModelSpec, ForwardResult } from '@hessian-free/curvature';
/** Curvature's losses with closed-form output Hessians (re-exported from @hessian-free/curvature). */
export { sigmoidCrossEntropy, softmaxCrossEntropy, squaredError } from '@hessian-free/curvature';
/** Curvature's loss types (re-exported from @hessian-free/curvature). */
export type { OutputLoss, Targets } from '@hessian-free/curvature';
/** Linop's seeded generator, the one of the project (re-exported from @hessian-free/linop). */
export { seededRng } from '@hessian-free/linop';
/** Linop's generator interface (re-exported from @hessian-free/linop). */
export type { Rng } from '@hessian-free/linop';
