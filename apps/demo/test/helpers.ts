// Test helpers: an in-memory output stream, temporary folders, and a fake
// trainer (gradient descent on a 2-parameter quadratic) standing in for HF.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { MNIST_PIXELS } from '../src/data/mnist.js';
import type { OutputStream } from '../src/cli/progress.js';
import type { StepRecord } from '../src/report/metrics.js';
import type { Trainer } from '../src/train.js';

export interface MemoryStream extends OutputStream {
  readonly chunks: string[];
  text(): string;
}

export function memoryStream(tty: { isTTY?: boolean; columns?: number } = {}): MemoryStream {
  const chunks: string[] = [];
  return {
    ...tty,
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** A fresh temporary folder, removed when the calling test finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Gradient descent on f(w) = 0.5 (w1^2 + 10 w2^2) from (1, 1), step 0.05.
 * Each step "takes" `msPerStep` of reported time; the trainer stops after the
 * first step at or past the budget. The autoencoder's "reconstructions" are
 * the inverted test digits.
 */
export function quadraticTrainer(msPerStep = 10): Trainer & { calls: number } {
  const trainer = async (...[, data, options, onStep]: Parameters<Trainer>) => {
    trainer.calls++;
    const w = [1, 1];
    const f = () => 0.5 * (w[0] ** 2 + 10 * w[1] ** 2);
    for (let step = 1; ; step++) {
      w[0] -= 0.05 * w[0];
      w[1] -= 0.05 * 10 * w[1];
      const record: StepRecord = { step, timeMs: step * msPerStep, trainLoss: f(), testLoss: 1.1 * f(), lambda: 1 / step, cgIterations: step % 7 };
      onStep(record);
      if (record.timeMs >= options.budgetMs) break;
    }
    const reconstructions =
      data.kind === 'mnist' && options.previewCount > 0
        ? data.test.images.slice(0, options.previewCount * MNIST_PIXELS).map((v) => 1 - v)
        : undefined;
    return { trainLoss: f(), testLoss: 1.1 * f(), reconstructions };
  };
  trainer.calls = 0;
  return trainer;
}
