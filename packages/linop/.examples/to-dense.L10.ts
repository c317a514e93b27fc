import { add, identity, toDense } from '@hessian-free/linop';
toDense(add(identity(2), identity(2))); // Float64Array [2, 0, 0, 2]
