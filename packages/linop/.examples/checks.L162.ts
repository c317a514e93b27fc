import { checkOperator, identity } from '@hessian-free/linop';
checkOperator('solve: A', identity(3)); // passes
// checkOperator('solve: A', { rows: 3 }) throws
// TypeError: solve: A must be a LinearOperator (an object with rows, cols and apply), got Object
