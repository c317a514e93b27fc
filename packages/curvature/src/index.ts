export { functionalModel, parameterTensors } from './model.js';
export type { ForwardResult, FunctionalModel, FunctionalModelSpec } from './model.js';
export type { OutputLoss, Targets } from './losses/loss.js';
export { squaredError } from './losses/squared-error.js';
export { softmaxCrossEntropy } from './losses/softmax-cross-entropy.js';
export { sigmoidCrossEntropy } from './losses/sigmoid-cross-entropy.js';
export { curvatureAt } from './curvature-at.js';
export type { Batch, CurvatureAt, CurvatureOptions, FisherKind, FisherOptions, TracedCurvatureAt } from './curvature-at.js';
export type { DiagonalOptions } from './estimators/empirical-fisher-diagonal.js';
export type { ExactDiagonalMethod, ExactDiagonalPlan } from './estimators/squared-sums.js';
// The project's one seeded generator is linop's (the same function object),
// re-exported because Monte-Carlo Fisher targets and Rademacher probes use it.
export { seededRng } from '@hessian-free/linop';
export type { Rng } from '@hessian-free/linop';
export { ensureGradients, supportedKernels } from './gradients/index.js';
