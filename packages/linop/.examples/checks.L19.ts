import { describe } from '@hessian-free/linop';
describe('1'); // 'the string "1"'
describe(-2); // '-2'
describe([1, 2]); // 'Array'
describe(new Float32Array(3)); // 'Float32Array'
