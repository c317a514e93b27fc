import { seededRng } from '@hessian-free/linop';
const rng = seededRng(42);
const u = rng.uniform(); // in [0, 1)
const again = seededRng(42).uniform(); // the same number: u === again
