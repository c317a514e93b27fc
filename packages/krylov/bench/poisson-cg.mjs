// CG on the 2-D Poisson equation (5-point Laplacian, CSR, float64, b = 1,
// rtol 1e-8), microseconds per iteration, against the memory-traffic floor
// and scipy.sparse.linalg.cg measured in the same run, one core each.
//
//   ours      cg on its default engine, the WebAssembly SIMD kernels
//             (stats.kernels === 'wasm'): time of a whole solve (setup, the
//             copies in and out, the final true residual) / iterations.
//   js        the same solve on the JavaScript loops (kernels: 'js').
//   floor     the memory-traffic floor: the bytes of one CSR product plus
//             the BLAS-1 passes of textbook CG (x += a p and r -= a q with
//             r'r: read x, p, r, q, write x, r; p = r + beta p: read r, p,
//             write p; p'q needs no pass of its own), moved by pure SIMD
//             streams over arrays of the same sizes, in the same order
//             (bench/floor.ts, compiled here). cg moves fewer bytes than
//             that: its CSR copy keeps the columns of a banded matrix as
//             2-byte offsets, where the floor counts 4-byte indices.
//   scipy     scipy.sparse.linalg.cg on the same matrix (bench/
//             poisson_cg_scipy.py), when `python3 -c "import scipy"` works,
//             run with one BLAS thread and without OPENBLAS_CORETYPE and
//             OPENBLAS_L2_SIZE (which slow a current numpy; see the
//             repository's notes on the machine).
//
// Each solve stops at rtol 1e-8 or at an iteration cap (256: 1000, 512:
// 400, 1024: 200, else 200), the same for cg and scipy: long enough that the
// work done once per solve (checks, copies in and out, the final true
// residual) is a few percent of the time or less. Each measurement is
// repeated (--reps, default 5, after a warm-up), the three interleaved, and
// reported as best, median and worst: on a shared machine the best is the
// least disturbed, the spread says how noisy the run was. Ratios are of the
// best times.
//
// With --float32 the vectors (and A's values) are float32, on both sides
// (rtol stays 1e-8, so every solve runs to the cap).
//
// Usage: node packages/krylov/bench/poisson-cg.mjs [--reps N] [--float32] [--no-scipy] [grid sizes, default 256 512 1024]
// (after a build: pnpm bench in packages/krylov).
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csr } from '@hessian-free/linop';
import { cg } from '../dist/index.js';
import { compileWasm } from '../../linop/scripts/build-wasm.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return null;
  const [, value] = args.splice(i, 2);
  return value;
};
const reps = Number(option('--reps') ?? 5);
const noScipy = args.includes('--no-scipy');
const float32 = args.includes('--float32');
const Float = float32 ? Float32Array : Float64Array;
const grids = args.filter((a) => !a.startsWith('--')).map(Number);
if (grids.length === 0) grids.push(256, 512, 1024);
const capOf = (m) => ({ 256: 1000, 512: 400, 1024: 200 })[m] ?? 200;

function poisson(m) {
  const n = m * m;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(5 * n);
  const values = new Float64Array(5 * n);
  let k = 0;
  const put = (col, v) => {
    indices[k] = col;
    values[k++] = v;
  };
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
  return csr(n, n, indptr, indices.slice(0, k), Float.from(values.subarray(0, k)), { symmetric: true, positiveSemidefinite: true });
}

const summary = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (v) => Math.round(v * 10) / 10;
  return { best: r(s[0]), median: r(s[Math.floor(s.length / 2)]), worst: r(s[s.length - 1]) };
};

// ---------------------------------------------------------------- the floor
const floorModule = new WebAssembly.Module(await compileWasm(join(here, 'floor.ts')));

/** The floor's arrays for A in a memory of their own; `run(k)` times k iterations' passes, in microseconds per iteration. */
function floorOf(A) {
  const n = A.rows;
  const nnz = A.indices.length;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const f = new WebAssembly.Instance(floorModule, { env: { memory } }).exports;
  let top = 1024;
  // Arrays 4 KiB + 64 bytes apart modulo 4 KiB multiples, as the kernels'
  // memory places vectors (power-of-two distances put the same entries of
  // every array into the same cache sets).
  const block = (bytes) => {
    const at = top;
    top += Math.ceil(bytes / 4096) * 4096 + 4160;
    return at;
  };
  const e = float32 ? 4 : 8;
  const shift = float32 ? 2 : 3;
  const indptr = block(4 * (n + 1));
  const offsets = block(4 * nnz);
  const values = block(e * nnz);
  const [x, p, r, q] = [block(e * n), block(e * n), block(e * n), block(e * n)];
  memory.grow(Math.ceil(top / 65536));
  const buffer = memory.buffer;
  new Int32Array(buffer, indptr, n + 1).set(A.indptr);
  const off = new Uint32Array(buffer, offsets, nnz);
  for (let k = 0; k < nnz; k++) off[k] = 8 * A.indices[k];
  new Float(buffer, values, nnz).set(A.values);
  for (const v of [x, p, r, q]) new Float(buffer, v, n).fill(1);
  let sink = 0n;
  return {
    // One CSR product (indptr, offsets, values, p; q) + x, p, r, q read and x, r written + r, p read and p written.
    bytes: 4 * (n + 1) + (4 + e) * nnz + 2 * e * n + 6 * e * n + 3 * e * n,
    run(iterations) {
      const t = performance.now();
      for (let it = 0; it < iterations; it++) {
        sink += f.product(n, indptr, offsets, values, p, q, shift);
        f.update(n, x, p, r, q, shift);
        f.direction(n, r, p, shift);
      }
      return ((performance.now() - t) * 1000) / iterations + Number(sink & 0n);
    },
  };
}

// ---------------------------------------------------------------- scipy
const pythonEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
delete pythonEnv.OPENBLAS_CORETYPE;
delete pythonEnv.OPENBLAS_L2_SIZE;
const hasScipy = !noScipy && spawnSync('python3', ['-c', 'import scipy'], { env: pythonEnv }).status === 0;
if (!hasScipy) console.log(noScipy ? 'scipy: skipped (--no-scipy)' : 'scipy: not available (python3 -c "import scipy" failed): no ratio to scipy; the rest follows');

/** A python process that solves on request (bench/poisson_cg_scipy.py), so that its solves interleave with ours. */
function scipyServer() {
  const child = spawn('python3', [join(here, 'poisson_cg_scipy.py')], { env: pythonEnv, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the scipy benchmark process ended');
    return JSON.parse(value);
  };
  return {
    hello: next(),
    async solve(m, cap) {
      child.stdin.write(`${m} ${cap} ${float32 ? 'float32' : 'float64'}\n`);
      return next();
    },
    close: () => child.stdin.end(),
  };
}

// ---------------------------------------------------------------- the grids
// Each repetition runs scipy, cg and the floor back to back (and cg on the
// JavaScript engine in the first two), so that a burst of load from other
// processes hits all of them alike; the first repetition is a warm-up.
const scipy = hasScipy ? scipyServer() : null;
const versions = scipy ? await scipy.hello : null;
const rows = [];
for (const m of grids) {
  const A = poisson(m);
  const n = A.rows;
  const b = new Float(n).fill(1);
  const cap = capOf(m);
  const floor = floorOf(A);
  const times = { ours: [], floor: [], js: [], scipy: [] };
  let iterations = 0;
  let kernels = '';
  let scipyIterations = 0;
  for (let rep = 0; rep <= reps; rep++) {
    const keep = rep > 0;
    if (scipy) {
      const s = await scipy.solve(m, cap);
      scipyIterations = s.iterations;
      if (keep) times.scipy.push(s.us);
    }
    const t = performance.now();
    const { stats } = cg(A, b, { rtol: 1e-8, maxIter: cap });
    if (keep) times.ours.push(((performance.now() - t) * 1000) / stats.iterations);
    iterations = stats.iterations;
    kernels = stats.kernels;
    const f = floor.run(Math.min(cap, 100));
    if (keep) times.floor.push(f);
    if (rep < 2) {
      const u = performance.now();
      const js = cg(A, b, { rtol: 1e-8, maxIter: cap, kernels: 'js' });
      if (keep) times.js.push(((performance.now() - u) * 1000) / js.stats.iterations);
    }
  }
  const o = summary(times.ours);
  const fl = summary(times.floor);
  const sc = scipy ? summary(times.scipy) : null;
  const row = {
    case: `cg-poisson-${m}x${m}${float32 ? '-float32' : ''}`,
    n,
    nnz: A.values.length,
    iterations,
    kernels,
    usPerIteration: o,
    floor: { ...fl, megabytes: Math.round(floor.bytes / 1e5) / 10, gigabytesPerSecond: Math.round(floor.bytes / fl.best / 1e2) / 10 },
    ratioToFloor: Math.round((o.best / fl.best) * 100) / 100,
    jsUsPerIteration: summary(times.js),
    scipy: sc && { ...sc, iterations: scipyIterations, version: versions.scipy, numpy: versions.numpy },
    ratioToScipy: sc ? Math.round((o.best / sc.best) * 100) / 100 : null,
    reps,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
scipy?.close();

const pad = (v, w) => String(v).padStart(w);
console.log(`\nmicroseconds per iteration, best of ${reps} (median, worst); ratios of the best times`);
console.log(`${'grid'.padEnd(10)}${pad('ours', 26)}${pad('floor', 26)}${pad('ours/floor', 12)}${pad('scipy', 26)}${pad('ours/scipy', 12)}${pad('js engine', 11)}`);
for (const r of rows) {
  const f = (s) => (s === null ? 'n/a' : `${s.best} (${s.median}, ${s.worst})`);
  console.log(
    `${r.case.replace('cg-poisson-', '').padEnd(10)}${pad(f(r.usPerIteration), 26)}${pad(f(r.floor), 26)}${pad(r.ratioToFloor, 12)}${pad(f(r.scipy), 26)}${pad(r.ratioToScipy ?? 'n/a', 12)}${pad(r.jsUsPerIteration.best, 11)}`,
  );
}
if (!scipy) console.log('(scipy not available: no ratio to scipy)');
