import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';

// The user who reuses the CG solver outside ML: pack linop and krylov as npm
// would publish them, install the tarballs into a fresh project with plain
// npm (no workspace, no TypeScript), and solve a system there, on the
// WebAssembly kernels that the packages carry inside their JavaScript.
const repo = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'hf-packed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The kernels switched on, whatever the environment of this test run.
const env = { ...process.env };
delete env.HESSIAN_FREE_KERNELS;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
}

test('linop and krylov tarballs install with npm and solve a system', { timeout: 180_000 }, () => {
  for (const pkg of ['linop', 'krylov']) {
    const dist = join(repo, 'packages', pkg, 'dist', 'index.js');
    expect(existsSync(dist), `${dist} is missing: build first (pnpm build)`).toBe(true);
  }
  const tarballs = join(work, 'tarballs');
  run('npx', ['-y', 'pnpm@12.4.2', '--filter', '@hessian-free/linop', '--filter', '@hessian-free/krylov',
    'pack', '--pack-destination', tarballs], repo);
  const files = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
  expect(files).toHaveLength(2);

  const app = join(work, 'app');
  run('mkdir', ['-p', app], work);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', ...files.map((f) => join(tarballs, f))], app);

  // 1-D Laplacian tridiag(-1, 2, -1), n = 50, with b = A * ones: x must be ones.
  writeFileSync(join(app, 'solve.mjs'), `
    import { csr } from '@hessian-free/linop';
    import { cg } from '@hessian-free/krylov';
    const n = 50, indptr = [0], indices = [], values = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) { indices.push(i - 1); values.push(-1); }
      indices.push(i); values.push(2);
      if (i < n - 1) { indices.push(i + 1); values.push(-1); }
      indptr.push(indices.length);
    }
    const A = csr(n, n, Int32Array.from(indptr), Int32Array.from(indices), Float64Array.from(values));
    const b = new Float64Array(n); b[0] = 1; b[n - 1] = 1;
    const { x, stats } = cg(A, b, { rtol: 1e-12 });
    const err = Math.max(...Array.from(x, (v) => Math.abs(v - 1)));
    // The same solve on the JavaScript loops: the kernels sum in the same order.
    const js = cg(A, b, { rtol: 1e-12, kernels: 'js' });
    const sameBits = x.every((v, i) => Object.is(v, js.x[i]));
    console.log(JSON.stringify({ status: stats.status, iterations: stats.iterations, err, kernels: stats.kernels, jsKernels: js.stats.kernels, sameBits }));
  `);
  const out = JSON.parse(run('node', ['solve.mjs'], app));
  // CG on an n x n SPD matrix converges in at most n steps in exact arithmetic;
  // the Laplacian's condition number (~1e3) costs a few digits: 1e-9 is safe.
  expect(out.status).toBe('converged');
  expect(out.iterations).toBeLessThanOrEqual(50);
  expect(out.err).toBeLessThan(1e-9);
  // The WebAssembly kernels came with the tarballs (inside their JavaScript)
  // and ran the solve; the JavaScript loops give the same bits.
  expect(out.kernels).toBe('wasm');
  expect(out.jsKernels).toBe('js');
  expect(out.sameBits).toBe(true);
});
