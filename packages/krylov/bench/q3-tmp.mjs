import { wasmKernels } from '@hessian-free/linop';
const K = wasmKernels(); const n = 1 << 20;
const lease = K.vectors(Float64Array, n, 2); const [hv, hw] = lease.vectors;
const av = new Float64Array(n), aw = new Float64Array(n);
hv.fill(1); av.fill(1);
function maxAbs(v) { let m = 0; for (let i = 0; i < v.length; i++) { const a = Math.abs(v[i]); if (!(a <= m)) m = a; } return m; }
function resNorm(b, y) { let s = 0; for (let i = 0; i < b.length; i++) { const d = b[i] - y[i]; s += d * d; } return Math.sqrt(s); }
const best = {};
const time = (name, f) => { const t = performance.now(); for (let i = 0; i < 10; i++) f(); const us = (performance.now() - t) * 100; best[name] = Math.min(best[name] ?? Infinity, us); };
for (let r = 0; r < 7; r++) {
  time('maxAbs heap', () => maxAbs(hv)); time('maxAbs plain', () => maxAbs(av));
  time('res heap', () => resNorm(hv, hw)); time('res plain', () => resNorm(av, aw));
  time('fill heap', () => hv.fill(0)); time('set heap', () => hw.set(hv));
}
console.log(JSON.stringify(best, (k, v) => typeof v === 'number' ? +v.toFixed(0) : v));
