import { checkDimension } from '@hessian-free/linop';
checkDimension('myOperator: rows', 3); // passes
// checkDimension('myOperator: rows', -1) throws
// RangeError: myOperator: rows must be a non-negative integer, got -1
