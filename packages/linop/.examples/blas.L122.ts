import { nrm2 } from '@hessian-free/linop';
nrm2(Float64Array.from([3, 4])); // 5
nrm2(Float64Array.from([3e200, 4e200])); // 5e200 up to rounding, where sqrt(3e200 ** 2 + 4e200 ** 2) is Infinity
