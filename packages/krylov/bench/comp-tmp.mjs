import { csr, wasmKernels } from '@hessian-free/linop';
import { cgWasm } from '../dist/wasm/cg.generated.js';
import { compileWasm } from '../../linop/scripts/build-wasm.mjs';
const floorModule = new WebAssembly.Module(await compileWasm(new URL('./floor.ts', import.meta.url).pathname));
function poisson(m) {
  const n = m * m, indptr = new Int32Array(n + 1), indices = new Int32Array(5 * n), values = new Float64Array(5 * n);
  let k = 0; const put = (c, v) => { indices[k] = c; values[k++] = v; };
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { const row = i * m + j;
    if (i > 0) put(row - m, -1); if (j > 0) put(row - 1, -1); put(row, 4); if (j < m - 1) put(row + 1, -1); if (i < m - 1) put(row + m, -1); indptr[row + 1] = k; }
  return csr(n, n, indptr, indices.slice(0, k), values.slice(0, k), { symmetric: true, positiveSemidefinite: true });
}
const K = wasmKernels(); const k = K.instantiate(cgWasm);
const f = new WebAssembly.Instance(floorModule, { env: { memory: K.memory } }).exports;
for (const m of process.argv.slice(2).map(Number)) {
  const A = poisson(m); const n = m * m; const nnz = A.values.length;
  const prod = K.product(A);
  // floor arrays: separate copy in same memory
  const pad = +(process.env.PAD ?? 0);
  const lease = K.vectors(Float64Array, n + pad * 5, 15);
  const mk = (i) => new Float64Array(K.memory.buffer, lease.vectors[0].byteOffset + i * (8 * n + pad * 8 * (i + 1)), n);
  const [bb, x, r, p, q] = [0, 1, 2, 3, 4].map(mk);
  const base = lease.vectors[5].byteOffset;
  const indptrP = base, offP = base + Math.ceil(4 * (n + 1) / 64) * 64 + 64, valP = offP + Math.ceil(4 * nnz / 64) * 64 + 64;
  new Int32Array(K.memory.buffer, indptrP, n + 1).set(A.indptr);
  const off = new Uint32Array(K.memory.buffer, offP, nnz); for (let i = 0; i < nnz; i++) off[i] = 8 * A.indices[i];
  new Float64Array(K.memory.buffer, valP, nnz).set(A.values);
  bb.fill(1); r.fill(1); p.fill(1); x.fill(0); q.fill(0);
  const reps = m <= 256 ? 200 : m <= 512 ? 40 : 10;
  const best = {};
  const time = (name, fn) => { const t = performance.now(); for (let i = 0; i < reps; i++) fn(); const us = (performance.now() - t) * 1000 / reps; best[name] = Math.min(best[name] ?? Infinity, us); };
  for (let round = 0; round < 9; round++) {
    time('applyDot', () => prod.applyDot(p, q));
    time('floorProduct', () => f.product(n, indptrP, offP, valP, p.byteOffset, q.byteOffset));
    time('step', () => k.step_f64(n, 1e-9, p.byteOffset, q.byteOffset, x.byteOffset, r.byteOffset, bb.byteOffset, 64));
    time('floorUpdate', () => f.update(n, x.byteOffset, p.byteOffset, r.byteOffset, q.byteOffset));
    time('direction', () => k.direction_f64(n, r.byteOffset, 0.5, p.byteOffset));
    time('floorDirection', () => f.direction(n, r.byteOffset, p.byteOffset));
    time('iter', () => { prod.applyDot(p, q); k.step_f64(n, 1e-9, p.byteOffset, q.byteOffset, x.byteOffset, r.byteOffset, bb.byteOffset, 64); k.direction_f64(n, r.byteOffset, 0.5, p.byteOffset); });
    time('floorIter', () => { f.product(n, indptrP, offP, valP, p.byteOffset, q.byteOffset); f.update(n, x.byteOffset, p.byteOffset, r.byteOffset, q.byteOffset); f.direction(n, r.byteOffset, p.byteOffset); });
  }
  lease.release();
  console.log(m, JSON.stringify(best, (kk, v) => typeof v === 'number' ? +v.toFixed(0) : v), 'iter/floor', (best.iter / best.floorIter).toFixed(2));
}
