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
