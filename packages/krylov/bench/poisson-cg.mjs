// CG on the 2-D Poisson equation (5-point Laplacian, CSR), against two
// references measured in the same run. Prints one JSON line per grid.
//
// floor: one iteration's unavoidable work with this repo's kernels: one bare
//   CSR matvec (linop's csr.apply) plus the five BLAS-1 passes of textbook CG
//   (p'Ap, x += a p, r -= a Ap, r'r, p = r + b p), with linop's dot and axpy.
//   ratioToFloor = CG / floor is the solver's overhead over its own kernels.
// jsBaseline: the same five passes and matvec as straightforward JavaScript
//   written here (one accumulator per sum, no unrolling, no fusion): the
//   "plain loops" reference of the issue (about 1.6 ms at 256x256 and 37 ms at
//   1024x1024 on this kind of machine, where scipy.sparse.linalg.cg takes about
//   1.1 ms and 20 ms; scipy cannot run here). ratioToJsBaseline = CG / it.
//
// Rounds alternate the three measurements and each keeps its median, so drift
// on a shared machine hits all alike. Only Float64Array data is used, so V8
// specializes every kernel for it (see linop's csr-kernel.ts on mixing).
//
// Usage: node packages/krylov/bench/poisson-cg.mjs [grid sizes, default 256 1024]
import { axpy, csr, dot } from '@hessian-free/linop';
import { cg } from '../dist/index.js';

const grids = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [256, 1024];

function poisson(m) {
  const n = m * m;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(5 * n);
  const values = new Float64Array(5 * n);
  let k = 0;
  const put = (col, v) => { indices[k] = col; values[k++] = v; };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const row = i * m + j;
      if (i > 0) put(row - m, -1);
      if (j > 0) put(row - 1, -1);
      put(row, 4);
      if (j < m - 1) put(row + 1, -1);
      if (i < m - 1) put(row + m, -1);
      indptr[row + 1] = k;
    }
  }
  return csr(n, n, indptr, indices.subarray(0, k), values.subarray(0, k), { symmetric: true, positiveSemidefinite: true });
}

/** p <- r + beta p: the fifth pass (BLAS has no routine for it; a plain loop). */
function xpay(r, beta, p) {
  for (let i = 0; i < p.length; i++) p[i] = r[i] + beta * p[i];
}

// The straightforward-JavaScript baseline: plain loops, as one would write them.
function plainCsrMatVec(rows, indptr, indices, values, x, y) {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) s += values[k] * x[indices[k]];
    y[i] = s;
  }
}
function plainDot(x, y) {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}
function plainAxpy(a, x, y) {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
function plainXpay(r, beta, p) {
  for (let i = 0; i < p.length; i++) p[i] = r[i] + beta * p[i];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const m of grids) {
  const A = poisson(m);
  const n = A.rows;
  const b = new Float64Array(n).fill(1);
  // A fixed iteration count (rtol 0 never converges first), so every round
  // times the same work.
  const iterations = m <= 256 ? 200 : 60;
  const floorReps = m <= 256 ? 200 : 20;
  const rounds = 9;
  const p = new Float64Array(n).fill(1), Ap = new Float64Array(n), x = new Float64Array(n), r = new Float64Array(n).fill(1);
  const floorTimes = [], baseTimes = [], cgTimes = [];
  let sink = 0;
  for (let round = 0; round < rounds + 1; round++) {
    let t = performance.now();
    for (let rep = 0; rep < floorReps; rep++) {
      A.apply(p, Ap);
      const alpha = 1e-3 / (1 + dot(p, Ap));
      axpy(alpha, p, x);
      axpy(-alpha, Ap, r);
      const beta = 0.5 / (1 + dot(r, r));
      xpay(r, beta, p);
      sink += alpha + beta;
    }
    const floorUs = ((performance.now() - t) * 1000) / floorReps;
    t = performance.now();
    for (let rep = 0; rep < floorReps; rep++) {
      plainCsrMatVec(n, A.indptr, A.indices, A.values, p, Ap);
      const alpha = 1e-3 / (1 + plainDot(p, Ap));
      plainAxpy(alpha, p, x);
      plainAxpy(-alpha, Ap, r);
      const beta = 0.5 / (1 + plainDot(r, r));
      plainXpay(r, beta, p);
      sink += alpha + beta;
    }
    const baseUs = ((performance.now() - t) * 1000) / floorReps;
    t = performance.now();
    const { stats } = cg(A, b, { rtol: 0, maxIter: iterations, trueResidual: false });
    const cgUs = ((performance.now() - t) * 1000) / stats.iterations;
    if (round > 0) { floorTimes.push(floorUs); baseTimes.push(baseUs); cgTimes.push(cgUs); } // round 0 warms up the JIT
  }
  const floor = median(floorTimes), base = median(baseTimes), perIter = median(cgTimes);
  console.log(JSON.stringify({
    case: `cg-poisson-${m}x${m}`, n, nnz: A.values.length, iterations,
    usPerIteration: +perIter.toFixed(1), floorUs: +floor.toFixed(1), ratioToFloor: +(perIter / floor).toFixed(3),
    jsBaselineUs: +base.toFixed(1), ratioToJsBaseline: +(perIter / base).toFixed(3),
    sink: Number.isFinite(sink),
  }));
}
