import { compose, dense, transpose } from '@hessian-free/linop';
const J = dense(1, 2, Float64Array.from([1, 2]));
const G = compose(transpose(J), J); // J' J, 2 x 2
G.symmetric && G.positiveSemidefinite; // true: a Gram matrix
const y = new Float64Array(2);
G.apply(Float64Array.from([1, 1]), y); // y = [3, 6]
