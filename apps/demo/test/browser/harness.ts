// Helpers of the browser test: build the web app with Vite into a folder,
// serve it on localhost, and launch Debian's chromium through playwright-core.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

export const DEMO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG_FILE = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

/** Where .ci/run (apt-get install chromium) puts Debian's chromium; DEMO_CHROMIUM overrides it. */
export const CHROMIUM = process.env.DEMO_CHROMIUM || '/usr/bin/chromium';

/** The production build, as `pnpm --filter demo build:web` makes it, into `outDir`. */
export async function buildDemo(outDir: string): Promise<void> {
  await build({
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** Serves a build on 127.0.0.1 at a free port; resolves to the server and its URL. */
export async function serveDemo(outDir: string): Promise<{ readonly server: PreviewServer; readonly url: string }> {
  const server = await preview({
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error(`the preview server has no TCP address: ${String(address)}`);
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** Debian's chromium, headless; a clear error (not a skip) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no chromium at ${CHROMIUM}: the browser test needs Debian's chromium (apt-get install chromium; .ci/run installs it when missing)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * In the page: how many pixels of the canvases under `selector` are within
 * `tolerance` (per channel) of the colour `hex`. uPlot draws its series in
 * their stroke colour, so a count above zero means that series was drawn.
 */
export function countColoredPixels(args: { readonly selector: string; readonly hex: string; readonly tolerance: number }): number {
  const target = [1, 3, 5].map((i) => parseInt(args.hex.slice(i, i + 2), 16));
  let count = 0;
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`${args.selector} canvas`)) {
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) continue;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && target.every((c, k) => Math.abs(data[i + k] - c) <= args.tolerance)) count++;
    }
  }
  return count;
}
