import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { identity } from '@hessian-free/linop';
import { cg, lanczos, minres } from '@hessian-free/krylov';
import { csrOp, poisson2d, mulberry32, randomVector } from './problems.js';
import type { TestOperator } from './problems.js';

/**
 * Memory follows the work done, not the iteration cap: the histories grow by
 * doubling as iterations run, and the returned arrays hold exactly the
 * iterations run (their own buffers), so a huge cap costs nothing.
 *
 * The peak is observed from inside the solve: the operator reads
 * `process.memoryUsage().arrayBuffers` (the bytes of all live ArrayBuffers,
 * counted at allocation) at each product, against a baseline taken just
 * before the call, after full garbage collections until that number is
 * steady (V8 frees ArrayBuffer memory on a background thread: garbage of
 * earlier tests freed during the solve could hide an allocation).
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function settle(): Promise<void> {
  let last = -1;
  for (let round = 0; round < 50; round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = process.memoryUsage().arrayBuffers;
    if (now === last) return;
    last = now;
  }
}

function watched(op: TestOperator): TestOperator & { peak: () => number } {
  let baseline = 0;
  let peak = 0;
  return {
    rows: op.rows,
    cols: op.cols,
    apply(x, y) {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
      op.apply(x, y);
    },
    peak: () => peak,
    // Starts the watch: called right before the solve.
    ...{
      start: () => {
        baseline = process.memoryUsage().arrayBuffers;
        peak = 0;
      },
    },
  } as TestOperator & { peak: () => number; start: () => void };
}

async function start(op: TestOperator & { peak: () => number }): Promise<void> {
  await settle();
  (op as unknown as { start: () => void }).start();
}
const MB = 2 ** 20;

describe('histories grow with the iterations, not with maxIter', () => {
  const P = poisson2d(3);
  const b = randomVector(P.n, mulberry32(1));

  it.each([
    ['cg', () => cg(csrOp(P), b, { maxIter: 1e12 })],
    ['minres', () => minres(csrOp(P), b, { maxIter: 1e12 })],
  ] as const)('%s with maxIter 1e12 on a 9 x 9 system works; the history holds exactly the iterations run', (_, solve) => {
    const { stats } = solve();
    expect(stats.status).toBe('converged');
    expect(stats.residualHistory.length).toBe(stats.iterations + 1);
    expect(stats.residualHistory.buffer.byteLength).toBe(8 * (stats.iterations + 1));
  });

  it('cg: quadraticValues too', () => {
    const { stats } = cg(csrOp(P), b, { maxIter: 1e12 });
    expect(stats.quadraticValues.length).toBe(stats.iterations + 1);
    expect(stats.quadraticValues.buffer.byteLength).toBe(8 * (stats.iterations + 1));
  });

  it.each([
    ['cg', (A: TestOperator) => cg(A, b, { maxIter: 1e7 })],
    ['minres', (A: TestOperator) => minres(A, b, { maxIter: 1e7 })],
  ] as const)('%s with maxIter 1e7 on a 9 x 9 system: under 1 MB during the solve (80 MB per history before)', async (_, solve) => {
    const A = watched(csrOp(P));
    await start(A);
    solve(A);
    expect(A.peak()).toBeLessThan(1 * MB);
  });

  it('cg on the identity of size 1e6: one iteration, and no more memory than its four work vectors', async () => {
    const n = 1e6;
    const I = identity(n);
    const A = watched({ rows: n, cols: n, apply: (x, y) => I.apply(x, y) });
    const rhs = new Float64Array(n).fill(1);
    await start(A);
    const { stats } = cg(A, rhs);
    expect(stats.iterations).toBe(1);
    expect(stats.status).toBe('converged');
    // x, r, p, q: 4 x 8 MB (the histories of the 2e6 cap took 2 x 16 MB more).
    expect(A.peak()).toBeLessThan(4 * 8 * n + 1 * MB);
  });

  it('lanczos: a space invariant after 3 steps, k = n = 2048 with reorthogonalization: no k x n basis up front', async () => {
    const n = 2048;
    const d = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const A = watched({
      rows: n,
      cols: n,
      apply(x, y) {
        for (let i = 0; i < n; i++) y[i] = d[i] * x[i];
      },
    });
    await start(A);
    const result = lanczos(A, n, { reorthogonalize: true });
    expect(result.status).toBe('invariant_subspace');
    expect(result.iterations).toBe(3);
    // The basis for 2048 steps is 32 MB; three steps need a few vectors of 16 kB.
    expect(A.peak()).toBeLessThan(1 * MB);
  });
});
