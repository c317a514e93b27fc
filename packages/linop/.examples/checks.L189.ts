import { checkTags } from '@hessian-free/linop';
const options: unknown = { symmetric: true };
checkTags('myOperator: options', options, 3, 3);
const symmetric = options?.symmetric === true; // options is OperatorTags | undefined here
// checkTags('myOperator: options', { symmetric: true }, 2, 3) throws
// RangeError: myOperator: options.symmetric requires a square operator, got 2x3
