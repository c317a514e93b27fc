import { csr, wasmKernels } from '@hessian-free/linop';
import { cg } from '../dist/index.js';
import { cgWasm } from '../dist/wasm/cg.generated.js';
function poisson(m) {
  const n = m * m, indptr = new Int32Array(n + 1), indices = new Int32Array(5 * n), values = new Float64Array(5 * n);
  let k = 0; const put = (c, v) => { indices[k] = c; values[k++] = v; };
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { const row = i * m + j;
    if (i > 0) put(row - m, -1); if (j > 0) put(row - 1, -1); put(row, 4); if (j < m - 1) put(row + 1, -1); if (i < m - 1) put(row + m, -1); indptr[row + 1] = k; }
  return csr(n, n, indptr, indices.subarray(0, k), values.subarray(0, k), { symmetric: true, positiveSemidefinite: true });
}
const K = wasmKernels(); const k = K.instantiate(cgWasm);
for (const [m, reps] of [[256, 400], [1024, 30]]) {
  const A = poisson(m); const n = m * m; const b = new Float64Array(n).fill(1);
  const prod = K.product(A);
  const lease = K.vectors(Float64Array, n, 5); const [bb, x, r, p, q] = lease.vectors;
  bb.fill(1); r.fill(1); p.fill(1); x.fill(0);
  const best = {};
  const time = (name, f) => { const t = performance.now(); for (let i = 0; i < reps; i++) f(); const us = (performance.now() - t) * 1000 / reps; best[name] = Math.min(best[name] ?? Infinity, us); };
  for (let round = 0; round < 7; round++) {
    time('applyDot', () => prod.applyDot(p, q));
    time('apply', () => prod.apply(p, q));
    time('dot', () => K.dot(p, q));
    time('step', () => k.step_f64(n, 1e-9, p.byteOffset, q.byteOffset, x.byteOffset, r.byteOffset, bb.byteOffset, 64));
    time('direction', () => k.direction_f64(n, r.byteOffset, 0.5, p.byteOffset));
  }
  lease.release();
  const ts = [];
  for (let r = 0; r < 5; r++) { const t = performance.now(); const { stats } = cg(A, b, { rtol: 1e-8, maxIter: reps }); ts.push((performance.now() - t) * 1000 / stats.iterations); }
  console.log(m, JSON.stringify(best, (k, v) => typeof v === 'number' ? +v.toFixed(1) : v), 'sum', (best.applyDot + best.step + best.direction).toFixed(0), 'cg', ts.map(v => v.toFixed(0)).join(' '));
}
