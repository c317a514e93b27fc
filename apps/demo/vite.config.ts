// The browser demo (web/): `pnpm --filter demo dev` serves it, `build:web`
// writes the production build to dist-web/, `preview` serves that build.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { encodeMnistAsset, MNIST_ASSET_FILE } from './scripts/mnist-asset.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The MNIST digits for the browser (see scripts/mnist-asset.mjs), generated
 * from the `mnist` package whenever the app is served or built, so nothing
 * generated is committed and a clean clone needs no extra step: the dev
 * server answers `/mnist-digits.bin` itself, and a build emits the file next
 * to index.html.
 */
function mnistAsset(): Plugin {
  let bytes: Uint8Array | undefined;
  const asset = () => (bytes ??= encodeMnistAsset());
  let base = '/';
  return {
    name: 'demo:mnist-asset',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url?.split('?')[0] !== `${base}${MNIST_ASSET_FILE}`) return next();
        response.setHeader('Content-Type', 'application/octet-stream');
        response.end(asset());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: MNIST_ASSET_FILE, source: asset() });
    },
  };
}

/**
 * Cross-origin isolation: the parallel engine of each optimizer shares
 * memory with its shard workers (SharedArrayBuffer) and waits on them
 * (Atomics.wait in the training worker), which browsers allow only on an
 * isolated page. Everything the page loads is its own, so require-corp
 * costs nothing. Without these headers the page falls back to one worker
 * per optimizer and says so.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  root: here('./web'),
  // The worker fetches `${BASE_URL}mnist-digits.bin`; keep the base absolute.
  base: '/',
  publicDir: false,
  resolve: {
    // The workspace packages from their TypeScript sources, as in the tests:
    // the dev server needs no build of the packages first.
    alias: [{ find: /^@hessian-free\/(linop|krylov|damping|curvature|parallel|hf)$/, replacement: `${here('../../packages')}/$1/src/index.ts` }],
  },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  optimizeDeps: {
    // Scan the workers too (loaded through `new URL(...)` and `?worker&url`,
    // which the scanner does not follow), so that tfjs is pre-bundled when the
    // dev server starts rather than re-optimized under a worker that is loading.
    entries: ['index.html', 'worker.ts', 'shard-worker.ts'],
  },
  build: {
    outDir: here('./dist-web'),
    emptyOutDir: true,
    target: 'es2022',
    // tfjs-core and its WASM backend make a large worker chunk; that is expected.
    chunkSizeWarningLimit: 4096,
  },
  plugins: [mnistAsset()],
});
