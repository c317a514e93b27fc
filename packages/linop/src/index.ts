export type { LinearOperator, Vector } from './types.js';
export { checkDimension, checkNoAlias, checkVector } from './validate.js';
