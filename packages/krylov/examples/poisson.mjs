// Solve the 2-D Poisson equation with the Krylov solvers, the way a user
// outside ML would, and print what each solver did:
//   pnpm --filter @hessian-free/krylov build && node packages/krylov/examples/poisson.mjs 128
import { csr } from '@hessian-free/linop';
import { cg, ic0, jacobi } from '@hessian-free/krylov';

const m = Number(process.argv[2] ?? 256);
const n = m * m;
const indptr = new Int32Array(n + 1);
const indices = new Int32Array(5 * n);
const values = new Float64Array(5 * n);
let k = 0;
for (let gy = 0; gy < m; gy++) {
  for (let gx = 0; gx < m; gx++) {
    const row = gy * m + gx;
    const entry = (col, v) => { indices[k] = col; values[k++] = v; };
    if (gy > 0) entry(row - m, -1);
    if (gx > 0) entry(row - 1, -1);
    entry(row, 4);
    if (gx < m - 1) entry(row + 1, -1);
    if (gy < m - 1) entry(row + m, -1);
    indptr[row + 1] = k;
  }
}
const A = csr(n, n, indptr, indices.subarray(0, k), values.subarray(0, k), { symmetric: true, positiveSemidefinite: true });
const b = new Float64Array(n).fill(1 / (m + 1) ** 2);

console.log(`2-D Poisson, ${m} x ${m} grid (n = ${n}, ${k} nonzeros), rtol 1e-8`);
for (const [name, M] of [['cg', undefined], ['cg + jacobi', jacobi(A)], ['cg + ic0', ic0(A)]]) {
  const t = performance.now();
  const { x, stats } = cg(A, b, { rtol: 1e-8, M });
  const ms = performance.now() - t;
  console.log(
    `${name.padEnd(12)} ${stats.status.padEnd(10)} ${String(stats.iterations).padStart(5)} iterations ` +
    `${ms.toFixed(0).padStart(6)} ms  true relative residual ${(stats.trueResidualNorm / stats.rhsNorm).toExponential(2)}  ` +
    `u(centre) = ${x[(m >> 1) * m + (m >> 1)].toFixed(6)}  (${stats.kernels} kernels)`,
  );
}
