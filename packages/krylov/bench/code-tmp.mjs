import { csr, wasmKernels } from '@hessian-free/linop';
function poisson(m) {
  const n = m * m, indptr = new Int32Array(n + 1), indices = new Int32Array(5 * n), values = new Float64Array(5 * n);
  let k = 0; const put = (c, v) => { indices[k] = c; values[k++] = v; };
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { const row = i * m + j;
    if (i > 0) put(row - m, -1); if (j > 0) put(row - 1, -1); put(row, 4); if (j < m - 1) put(row + 1, -1); if (i < m - 1) put(row + m, -1); indptr[row + 1] = k; }
  return csr(n, n, indptr, indices.slice(0, k), values.slice(0, k));
}
const K = wasmKernels(); const A = poisson(64); const P = K.product(A);
const l = K.vectors(Float64Array, 4096, 2); const [x, y] = l.vectors; x.fill(1);
for (let i = 0; i < 3000; i++) P.apply(x, y);
await new Promise((r) => setTimeout(r, 500));
for (let i = 0; i < 3000; i++) P.apply(x, y);
