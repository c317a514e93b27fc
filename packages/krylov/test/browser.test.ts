import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The kernels in a browser: Debian's chromium (headless) loads the built
// linop and krylov as ES modules from a local server (an import map names
// them, as a user's page or bundler would), with no .wasm file anywhere: the
// kernels come inside the JavaScript. The page solves a Poisson system before
// and after `await loadKernels()` and on the JavaScript loops, and prints
// what it saw into the DOM, which --dump-dom hands back.
const packages = resolve(import.meta.dirname, '../..');
const page = `<!doctype html>
<html><body><pre id="out">running</pre>
<script type="importmap">
{ "imports": { "@hessian-free/linop": "/linop/dist/index.js", "@hessian-free/krylov": "/krylov/dist/index.js" } }
</script>
<script type="module">
import { csr } from '@hessian-free/linop';
import { cg, loadKernels } from '@hessian-free/krylov';
const out = {};
try {
  const m = 32, n = m * m, indptr = new Int32Array(n + 1), indices = [], values = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    const row = i * m + j;
    const put = (c, v) => { indices.push(c); values.push(v); };
    if (i > 0) put(row - m, -1); if (j > 0) put(row - 1, -1); put(row, 4); if (j < m - 1) put(row + 1, -1); if (i < m - 1) put(row + m, -1);
    indptr[row + 1] = indices.length;
  }
  const A = csr(n, n, indptr, Int32Array.from(indices), Float64Array.from(values));
  const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
  out.first = cg(A, b, { rtol: 1e-10 }).stats.status;
  out.loaded = await loadKernels();
  const wasm = cg(A, b, { rtol: 1e-10 });
  const js = cg(A, b, { rtol: 1e-10, kernels: 'js' });
  out.kernels = [wasm.stats.kernels, js.stats.kernels];
  out.status = wasm.stats.status;
  out.sameBits = wasm.x.every((v, i) => Object.is(v, js.x[i]));
  out.float32 = cg(A, Float32Array.from(b), { rtol: 1e-4 }).stats.kernels;
} catch (e) { out.error = String(e); }
document.getElementById('out').textContent = JSON.stringify(out);
</script></body></html>`;

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    return;
  }
  // Only the two packages' built files.
  const file = resolve(packages, `.${path}`);
  if (!/^\/(linop|krylov)\/dist\/[\w./-]+\.js$/.test(path) || !file.startsWith(packages)) {
    response.writeHead(404).end();
    return;
  }
  readFile(file).then(
    (body) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
    () => response.writeHead(404).end(),
  );
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

test('headless chromium runs cg on the WebAssembly kernels from the built modules, with the bits of the JavaScript loops', { timeout: 120_000 }, async () => {
  for (const pkg of ['linop', 'krylov']) {
    const dist = resolve(packages, pkg, 'dist', 'index.js');
    expect(existsSync(dist), `${dist} is missing: build first (pnpm build)`).toBe(true);
  }
  expect(existsSync('/usr/bin/chromium'), "Debian's chromium is needed (apt-get install chromium; .ci/run installs it)").toBe(true);
  const { stdout } = await promisify(execFile)(
    '/usr/bin/chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--virtual-time-budget=30000', '--dump-dom', `http://127.0.0.1:${port}/`],
    { timeout: 100_000, maxBuffer: 16 * 2 ** 20 },
  );
  const text = /<pre id="out">([^<]*)<\/pre>/.exec(stdout)?.[1] ?? '';
  const out = JSON.parse(text.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
  expect(out.error).toBeUndefined();
  expect(out.first).toBe('converged');
  expect(out.loaded).toBe('wasm');
  expect(out.kernels).toEqual(['wasm', 'js']);
  expect(out.status).toBe('converged');
  expect(out.sameBits).toBe(true);
  expect(out.float32).toBe('wasm');
});
