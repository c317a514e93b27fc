// @hessian-free/hf: Hessian-free optimization of TensorFlow.js models
// (hessian-free/), the first-order baselines it is compared against
// (baselines/), what both use to train (training/), and Newton-CG for plain
// functions (minimize/).

export { minimize } from './minimize/minimize.js';
export type {
  EvaluationCounts,
  IndefiniteSolver,
  MinimizeCallbacks,
  MinimizeIteration,
  MinimizeMethod,
  MinimizeOptions,
  MinimizeRecord,
  MinimizeResult,
  MinimizeStatus,
  StepDirection,
  TensorObjective,
} from './minimize/types.js';

export { hessianFree, resumeHessianFree } from './hessian-free/optimizer.js';
export type {
  CurvatureKind,
  HessianFreeOptimizer,
  HessianFreeOptions,
  HessianFreeState,
  HessianFreeStateOptions,
  HfStepReport,
} from './hessian-free/types.js';

export { adam, sgdMomentum } from './baselines/first-order.js';
export type { AdamOptions, FirstOrderOptimizer, FirstOrderOptions, FirstOrderStepReport, SgdMomentumOptions } from './baselines/types.js';

export type { Dataset } from './training/dataset.js';
export { evaluateLoss } from './training/evaluate.js';
export type { EvaluateLossOptions } from './training/evaluate.js';
export { sparseInit } from './training/sparse-init.js';
export type { SparseInitOptions } from './training/sparse-init.js';
export { useWasmBackend } from './training/wasm-backend.js';
export { nextTask } from './training/event-loop.js';
export type { WasmBackendOptions } from './training/wasm-backend.js';

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
/**
 * Parallel's worker side, for a worker script of your own when a bundler
 * builds your app (pass its URL as the `workerScript` option; re-exported
 * from @hessian-free/parallel).
 */
export { serveShardWorker } from '@hessian-free/parallel';
/** Where workers find the model, and the worker script's options (re-exported from @hessian-free/parallel). */
export type { ModelModule, ModuleImporter, ShardWorkerOptions } from '@hessian-free/parallel';
