// The browser demo end to end: build it with Vite, serve it on localhost
// (cross-origin isolated, as the dev and preview servers are), drive Debian's
// chromium (playwright-core) through a short run on the two-spirals task,
// and check what a user would see: HF trains first on 2 shard workers of the
// parallel engine, its steps come in and its loss falls from the same step-0
// point as Adam's, the chart draws, the in-step progress line moves, pause
// holds HF and then Adam (who trains after HF, in turn), the score and the
// final whole-set numbers appear; a second run side by side is reset and the
// view clears; nothing is fetched from anywhere but the app itself, and the
// console stays free of errors. Saves a screenshot to test-artifacts/browser.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZER_COLORS } from '../src/report/colors.js';
import { buildDemo, countColoredPixels, DEMO_ROOT, launchChromium, serveDemo } from './browser/harness.js';

const HF_COLOR = OPTIMIZER_COLORS.hf; // the page and report.html use the same colours
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

  it('trains HF on shard workers, then Adam, on the spirals live: steps, falling loss from a common start, drawn chart, pause, reset, no errors', async () => {
    if (setupError) throw setupError;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    const wasm: string[] = [];
    const workerScripts: string[] = [];
    let documentHeaders: Record<string, string> = {};
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
      if (response.url() === url) documentHeaders = response.headers();
    });
    page.on('worker', (worker) => {
      workerScripts.push(worker.url());
      worker.on('console', (message) => {
        if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
      });
    });

    try {
      await page.goto(url);
      // The server sends the isolation headers, so the page has shared memory for the shard workers.
      expect(documentHeaders['cross-origin-opener-policy']).toBe('same-origin');
      expect(documentHeaders['cross-origin-embedder-policy']).toBe('require-corp');
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      await page.getByLabel('Task').selectOption('spirals');
      await page.getByLabel('Budget per optimizer (seconds)').fill(String(BUDGET_SECONDS));
      await page.getByLabel('Compute').selectOption('in-turn');
      // hf's own choice would keep the small spirals network in one thread: ask for 2 shard workers.
      await page.getByLabel('Workers per optimizer').selectOption('2');
      expect(await page.locator('#compute').textContent()).toMatch(/^Same compute for both: HF trains first, then Adam, each alone on this computer's \d+ cores? with 2 shard workers\.$/);
      expect(await page.locator('#claim').textContent()).toMatch(/^This run shows /);
      await page.getByRole('button', { name: 'Start' }).click();

      // In turn: Adam waits while HF trains.
      await waitForRecords(page, 'hf', 3);
      expect(await page.locator('tr[data-optimizer="adam"]').getAttribute('data-state')).toBe('waiting');
      expect(await page.locator('tr[data-optimizer="hf"]').getAttribute('data-workers')).toBe('2');
      expect(workerScripts.filter((w) => /shard-worker/.test(w)), 'shard worker scripts started').toHaveLength(2);
      // The in-step line says which HF step runs (or how long the last one took).
      expect(await page.locator('#step-progress').textContent()).toMatch(/^HF step \d+ (under way|took)/);

      // Pause holds HF at its next step; nothing arrives while paused.
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.waitForSelector('tr[data-optimizer="hf"][data-state="paused"]', { timeout: 60_000 });
      const hfPaused = { records: await records(page, 'hf'), time: await lastTime(page, 'hf') };
      await page.waitForTimeout(1500);
      expect(await records(page, 'hf'), 'HF kept training while paused').toBe(hfPaused.records);
      expect(await lastTime(page, 'hf'), 'HF kept training while paused').toBe(hfPaused.time);
      await page.getByRole('button', { name: 'Resume' }).click();

      await waitForRecords(page, 'hf', MIN_HF_RECORDS);
      // HF's turn ends, then Adam's starts; pause holds Adam within one of its steps (milliseconds).
      await page.waitForSelector('tr[data-optimizer="hf"][data-state="done"]', { timeout: 120_000 + BUDGET_SECONDS * 1000 });
      await waitForRecords(page, 'adam', 2);
      await page.getByRole('button', { name: 'Pause' }).click();
      const pausedAt = Date.now();
      await page.waitForSelector('tr[data-optimizer="adam"][data-state="paused"]', { timeout: 10_000 });
      expect(Date.now() - pausedAt, 'ms from Pause until Adam held').toBeLessThan(5000);
      const adamPaused = { records: await records(page, 'adam'), time: await lastTime(page, 'adam') };
      await page.waitForTimeout(1500);
      expect(await records(page, 'adam'), 'Adam kept training while paused').toBe(adamPaused.records);
      expect(await lastTime(page, 'adam'), 'Adam kept training while paused').toBe(adamPaused.time);
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.waitForSelector('body[data-phase="finished"]', { timeout: 120_000 + BUDGET_SECONDS * 1000 });

      const hf = await page.locator('tr[data-optimizer="hf"]').evaluate((row: HTMLElement) => ({ ...row.dataset }));
      expect(hf.state).toBe('done');
      expect(hf.workers).toBe('2');
      expect(Number(hf.records)).toBeGreaterThanOrEqual(MIN_HF_RECORDS);
      // HF on the spirals starts near ln 2 = 0.69 nats and should fall well
      // below that within seconds; "down" here means below the first record.
      expect(Number(hf.lastLoss)).toBeLessThan(Number(hf.firstLoss));
      const adam = await page.locator('tr[data-optimizer="adam"]').evaluate((row: HTMLElement) => ({ ...row.dataset }));
      expect(adam.state).toBe('done');
      expect(Number(adam.records)).toBeGreaterThan(0);
      // Step 0 is the same point for both: the same initial parameters measured the same way.
      expect(adam.firstLoss).toBe(hf.firstLoss);
      // The score column (the spirals' error rate) and the final numbers over the whole sets.
      expect(await page.locator('#score-head').textContent()).toBe('Test error');
      expect(await page.locator('tr[data-optimizer="hf"] [data-field="score"]').textContent()).toMatch(/^\d+\.\d\d%$/);
      expect(await page.locator('#finals li').allTextContents()).toEqual([
        expect.stringMatching(/^HF: train loss [\d.]+, test loss [\d.]+, test error rate [\d.]+% \(whole sets\)\.$/),
        expect.stringMatching(/^Adam: train loss [\d.]+, test loss [\d.]+, test error rate [\d.]+% \(whole sets\)\.$/),
      ]);
      expect(await page.locator('#run-settings li[data-optimizer="hf"]').textContent()).toContain('maxCgIterations 100');

      // The loss charts drew HF's curve (pixels in its colour), not just axes.
      const hfPixels = await page.evaluate(countColoredPixels, { selector: '#chart-time', hex: HF_COLOR, tolerance: 12 });
      expect(hfPixels, 'pixels of the HF curve in the loss-against-time chart').toBeGreaterThan(50);

      mkdirSync(join(DEMO_ROOT, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // A second run, side by side (both start at once, half of the cores each), reset while it trains: the view clears and nothing errs.
      await page.getByLabel('Compute').selectOption('side-by-side');
      await page.getByLabel('Workers per optimizer').selectOption('auto');
      expect(await page.locator('#compute').textContent()).toMatch(/^Same compute for both: they train side by side, each with half of this computer's/);
      await page.getByRole('button', { name: 'Start' }).click();
      await waitForRecords(page, 'hf', 1);
      await waitForRecords(page, 'adam', 1);
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

  it('without cross-origin isolation says so, and trains with one worker per optimizer', async () => {
    if (setupError) throw setupError;
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    // A server without the isolation headers: strip them from every response.
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    try {
      await page.goto(url);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
      expect(await page.locator('#compute').textContent()).toContain('This page is not cross-origin isolated');
      expect(await page.getByLabel('Workers per optimizer').isDisabled()).toBe(true);
      await page.getByLabel('Task').selectOption('spirals');
      await page.getByLabel('Budget per optimizer (seconds)').fill('2');
      await page.locator('#use-adam').uncheck();
      await page.getByRole('button', { name: 'Start' }).click();
      await page.waitForSelector('body[data-phase="finished"]', { timeout: 120_000 });
      const hf = await page.locator('tr[data-optimizer="hf"]').evaluate((row: HTMLElement) => ({ ...row.dataset }));
      expect(hf.state).toBe('done');
      expect(hf.workers).toBe('1');
      expect(Number(hf.lastLoss)).toBeLessThan(Number(hf.firstLoss));
      expect(problems).toEqual([]);
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
