/**
 * Temporary: the preconditioners still import their checks from here while
 * their files are being edited elsewhere; the checks live in `checks.ts`.
 */
export { checkSquareOperator } from './checks.js';
export { describe } from '@hessian-free/linop';
