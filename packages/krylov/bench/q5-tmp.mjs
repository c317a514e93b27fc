import { csr } from '@hessian-free/linop';
import { cg } from '../dist/index.js';
function poisson(m) {
  const n = m * m, indptr = new Int32Array(n + 1), indices = new Int32Array(5 * n), values = new Float64Array(5 * n);
  let k = 0; const put = (c, v) => { indices[k] = c; values[k++] = v; };
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { const row = i * m + j;
    if (i > 0) put(row - m, -1); if (j > 0) put(row - 1, -1); put(row, 4); if (j < m - 1) put(row + 1, -1); if (i < m - 1) put(row + m, -1); indptr[row + 1] = k; }
  return csr(n, n, indptr, indices.subarray(0, k), values.subarray(0, k), { symmetric: true, positiveSemidefinite: true });
}
const m = 1024; const A = poisson(m); const b = new Float64Array(m * m).fill(1);
cg(A, b, { rtol: 1e-8, maxIter: 1 });
const t0 = performance.now();
for (let r = 0; r < 20; r++) cg(A, b, { rtol: 1e-8, maxIter: 1 });
console.log((performance.now() - t0) / 20, 'ms per 1-iteration solve');
