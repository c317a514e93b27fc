// The browser demo end to end: build it with Vite, serve it on localhost,
// drive Debian's chromium (playwright-core) through a short run on the
// two-spirals task, and check what a user would see: HF's steps come in, its
// loss falls, the chart draws, pause holds both HF and Adam, reset clears the view,
// nothing is fetched from anywhere but the app itself, and the console stays
// free of errors. Saves a screenshot to test-artifacts/browser.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, countColoredPixels, DEMO_ROOT, launchChromium, serveDemo } from './browser/harness.js';

const HF_COLOR = '#0072b2'; // web/charts.ts COLORS.hf
const BUDGET_SECONDS = 12;
const MIN_HF_RECORDS = 5;
const SCREENSHOT = join(DEMO_ROOT, 'test-artifacts', 'browser.png');

describe('browser demo', () => {
  let outDir = '';
  let server: PreviewServer | undefined;
  let url = '';
  let browser: Browser | undefined;

  /** A failed set-up fails the test (a failing hook would only mark it skipped). */
  let setupError: unknown;

  beforeAll(async () => {
    try {
      // Launch first: a missing chromium should fail the test at once, not after a build.
      browser = await launchChromium();
      outDir = mkdtempSync(join(tmpdir(), 'demo-web-'));
      await buildDemo(outDir);
      ({ server, url } = await serveDemo(outDir));
    } catch (error) {
      setupError = error;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('trains HF and Adam on the spirals live: steps, falling loss, drawn chart, pause, reset, no errors', async () => {
    if (setupError) throw setupError;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    const wasm: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !/^(data|blob):/.test(request.url())) foreign.push(request.url());
    });
    page.on('response', (response) => {
      if (response.url().endsWith('.wasm') && response.ok()) wasm.push(response.url());
    });
    page.on('worker', (worker) => {
      worker.on('console', (message) => {
        if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
      });
    });

    try {
      await page.goto(url);
      await page.getByLabel('Task').selectOption('spirals');
      await page.getByLabel('Budget per optimizer (seconds)').fill(String(BUDGET_SECONDS));
      await page.getByRole('button', { name: 'Start' }).click();

      // Several HF steps (and Adam under way), then pause: every optimizer
      // stops at its beforeStep gate within one step. Adam's steps take
      // milliseconds and used to never yield to the worker's event loop, so
      // its worker did not see the pause until its budget was spent.
      await waitForRecords(page, 'hf', 3);
      await waitForRecords(page, 'adam', 1);
      await page.getByRole('button', { name: 'Pause' }).click();
      const pausedAt = Date.now();
      await page.waitForSelector('tr[data-optimizer="adam"][data-state="paused"]', { timeout: 10_000 });
      const adamPausedAfterMs = Date.now() - pausedAt;
      await page.waitForSelector('tr[data-optimizer="hf"][data-state="paused"]', { timeout: 60_000 });
      expect(adamPausedAfterMs, 'ms from Pause until Adam held').toBeLessThan(5000);
      const whilePaused = { hf: await records(page, 'hf'), adam: await records(page, 'adam'), adamTime: await lastTime(page, 'adam') };
      await page.waitForTimeout(1500);
      expect(await records(page, 'hf'), 'HF kept training while paused').toBe(whilePaused.hf);
      expect(await records(page, 'adam'), 'Adam kept training while paused').toBe(whilePaused.adam);
      expect(await lastTime(page, 'adam'), 'Adam kept training while paused').toBe(whilePaused.adamTime);
      await page.getByRole('button', { name: 'Resume' }).click();

      await waitForRecords(page, 'hf', MIN_HF_RECORDS);
      await page.waitForSelector('body[data-phase="finished"]', { timeout: 120_000 + 2 * BUDGET_SECONDS * 1000 });

      const hf = await page.locator('tr[data-optimizer="hf"]').evaluate((row: HTMLElement) => ({ ...row.dataset }));
      expect(hf.state).toBe('done');
      expect(Number(hf.records)).toBeGreaterThanOrEqual(MIN_HF_RECORDS);
      // HF on the spirals starts near ln 2 = 0.69 nats and should fall well
      // below that within seconds; "down" here means below the first record.
      expect(Number(hf.lastLoss)).toBeLessThan(Number(hf.firstLoss));
      const adam = await page.locator('tr[data-optimizer="adam"]').evaluate((row: HTMLElement) => ({ ...row.dataset }));
      expect(adam.state).toBe('done');
      expect(Number(adam.records)).toBeGreaterThan(0);

      // The loss charts drew HF's curve (pixels in its colour), not just axes.
      const hfPixels = await page.evaluate(countColoredPixels, { selector: '#chart-time', hex: HF_COLOR, tolerance: 12 });
      expect(hfPixels, 'pixels of the HF curve in the loss-against-time chart').toBeGreaterThan(50);

      mkdirSync(join(DEMO_ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // A second run, reset while it trains: the view clears and nothing errs.
      await page.getByRole('button', { name: 'Start' }).click();
      await waitForRecords(page, 'hf', 1);
      await page.getByRole('button', { name: 'Reset' }).click();
      await page.waitForSelector('body[data-phase="idle"]');
      expect(await page.locator('tr[data-optimizer="hf"]').getAttribute('data-records')).toBeNull();
      await page.waitForTimeout(500); // a frame for the charts to redraw empty
      expect(await page.evaluate(countColoredPixels, { selector: '#chart-time', hex: HF_COLOR, tolerance: 12 })).toBe(0);
      await page.waitForTimeout(1000); // let the aborted workers wind down: their errors would show now

      expect(wasm.length, 'the WASM backend was fetched from the app').toBeGreaterThan(0);
      expect(foreign, 'requests to anywhere but the app').toEqual([]);
      expect(problems).toEqual([]);
    } catch (error) {
      mkdirSync(join(DEMO_ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: join(DEMO_ROOT, 'test-artifacts', 'browser-failure.png'), fullPage: true }).catch(() => {});
      const status = await page.locator('#status').textContent().catch(() => null);
      const alert = await page.locator('#error').textContent().catch(() => null);
      throw new Error(`${(error as Error).message}\npage status: ${status}\npage error box: ${alert}\nconsole/page problems: ${JSON.stringify(problems)}`, { cause: error });
    } finally {
      await page.close();
    }
  });
});

/** The training time (ms) of the latest step record the page has shown for an optimizer. */
async function lastTime(page: Page, optimizer: string): Promise<string | null> {
  return page.locator(`tr[data-optimizer="${optimizer}"]`).getAttribute('data-last-time');
}

/** Step records the page has shown for an optimizer. */
async function records(page: Page, optimizer: string): Promise<number> {
  return Number((await page.locator(`tr[data-optimizer="${optimizer}"]`).getAttribute('data-records')) ?? 0);
}

async function waitForRecords(page: Page, optimizer: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([name, n]) => Number(document.querySelector<HTMLElement>(`tr[data-optimizer="${name}"]`)?.dataset.records ?? 0) >= Number(n),
    [optimizer, count] as const,
    { timeout: 120_000 },
  );
}
