// CG on the 2-D Poisson equation (5-point Laplacian, CSR), against the floor
// of one iteration's unavoidable work measured in the same run: one bare CSR
// matvec plus the five BLAS-1 passes of textbook CG (p'Ap, x += a p,
// r -= a Ap, r'r, p = r + b p). Prints one JSON line per grid.
//
// Rounds alternate floor and solver measurements and each side keeps its
// median, so drift on a shared machine hits both alike.
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
  const rounds = 7;
  const p = new Float64Array(n).fill(1), Ap = new Float64Array(n), x = new Float64Array(n), r = new Float64Array(n).fill(1);
  const floorTimes = [], cgTimes = [];
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
    const { stats } = cg(A, b, { rtol: 0, maxIter: iterations, trueResidual: false });
    const cgUs = ((performance.now() - t) * 1000) / stats.iterations;
    if (round > 0) { floorTimes.push(floorUs); cgTimes.push(cgUs); } // round 0 warms up the JIT
  }
  const floor = median(floorTimes), perIter = median(cgTimes);
  console.log(JSON.stringify({
    case: `cg-poisson-${m}x${m}`, n, nnz: A.values.length, iterations,
    usPerIteration: +perIter.toFixed(1), floorUs: +floor.toFixed(1), ratioToFloor: +(perIter / floor).toFixed(3),
    sink: Number.isFinite(sink),
  }));
}
