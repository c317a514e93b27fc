import { checkFinite } from '@hessian-free/linop';
checkFinite('shift: sigma', 0.1); // passes
// checkFinite('shift: sigma', NaN) throws
// RangeError: shift: sigma must be a finite number, got NaN
