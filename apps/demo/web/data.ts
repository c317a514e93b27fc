// The TaskData of each task, made in the browser. src/data/task-data.ts does
// this for the command line but reads MNIST through Node; here the spirals
// and the addition sequences come from the same browser-safe generators with
// the same seeds (src/data/generated.ts), and the digits from the asset the
// build serves.
import { generatedTaskData } from '../src/data/generated.js';
import type { TaskData } from '../src/data/task-data.js';
import { TASK_SPECS } from '../src/tasks.js';
import { decodeMnistAsset } from './mnist-asset.js';
import type { WebTask } from './protocol.js';

/** Where the build serves the digits (vite.config.ts, scripts/mnist-asset.mjs). */
export const MNIST_ASSET_URL = `${import.meta.env.BASE_URL}mnist-digits.bin`;

/** The data of a task, generated from `seed` or (the digits) fetched from the build's asset. */
export async function loadWebTaskData(task: WebTask, seed: number): Promise<TaskData> {
  const spec = TASK_SPECS[task];
  switch (task) {
    case 'spirals':
    case 'rnn-addition':
      return generatedTaskData(task, { train: spec.train, test: spec.test, seed });
    case 'autoencoder': {
      const url = new URL(MNIST_ASSET_URL, self.location.href);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load the MNIST digits from ${url}: HTTP ${response.status}`);
      return { kind: 'mnist', ...decodeMnistAsset(await response.arrayBuffer()) };
    }
  }
}

/** One line saying what was loaded, for the status display. */
export function describeWebTaskData(data: TaskData): string {
  switch (data.kind) {
    case 'spirals':
      return `${data.train.count} training / ${data.test.count} test points`;
    case 'sequence':
      return `${data.train.count} training / ${data.test.count} test sequences of length ${data.train.length}`;
    case 'mnist':
      return `${data.train.count} training / ${data.test.count} test digits`;
  }
}
