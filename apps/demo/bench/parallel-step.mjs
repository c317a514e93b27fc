// HF step time on the demo's autoencoder (784-400-200-100-30-...-784, 8,000
// MNIST digits, the demo's HF settings) with 1 worker (this thread) against
// 2..N worker threads, in one run: the mean time per step and per phase over
// STEPS steps after one warm-up step, and the speedups against this thread.
// The same for Adam (minibatch 100). Nothing else should run on the machine.
// Usage: node bench/parallel-step.mjs [--steps=6] [--adam-steps=200] [--workers=N]
// (imports the BUILT demo: pnpm build first).
import { availableParallelism } from 'node:os';
import { adam, hessianFree, useWasmBackend } from '@hessian-free/hf';
import { loadTaskData } from '../dist/data/task-data.js';
import { ADAM_SETTINGS, HF_SETTINGS, workerOptions } from '../dist/trainers/index.js';
import { taskModel } from '../dist/trainers/models.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const STEPS = Number(args.get('steps') ?? 6);
const ADAM_STEPS = Number(args.get('adam-steps') ?? 200);
const MAX_WORKERS = Number(args.get('workers') ?? availableParallelism());

await useWasmBackend();
const task = 'autoencoder';
const problem = taskModel(task);
const data = loadTaskData(task, { train: 8000, test: 2000, seed: 1 });
const sets = problem.datasets(data);
const theta0 = problem.init(1);
const counts = Array.from({ length: MAX_WORKERS }, (_, k) => k + 1);

async function hfRun(workers) {
  const hf = hessianFree(problem.model, problem.loss, sets.train, theta0, { ...HF_SETTINGS[task], ...workerOptions(task, { workers }), seed: 1 });
  try {
    await hf.ready();
    await hf.step(); // warm-up: caches, first products
    const phases = {};
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) {
      const { timings } = await hf.step();
      for (const [k, v] of Object.entries(timings)) phases[k] = (phases[k] ?? 0) + v / STEPS;
    }
    return { stepMs: (performance.now() - t0) / STEPS, phases };
  } finally {
    hf.dispose();
  }
}

async function adamRun(workers) {
  const opt = adam(problem.model, problem.loss, sets.train, theta0, { ...ADAM_SETTINGS[task], ...workerOptions(task, { workers }), seed: 1 });
  try {
    await opt.ready();
    for (let i = 0; i < 10; i++) await opt.step();
    const t0 = performance.now();
    for (let i = 0; i < ADAM_STEPS; i++) await opt.step();
    return { stepMs: (performance.now() - t0) / ADAM_STEPS };
  } finally {
    opt.dispose();
  }
}

const round = (x) => Math.round(x * 10) / 10;
const hf = [];
for (const k of counts) hf.push(await hfRun(k));
counts.forEach((k, i) => {
  const phases = Object.fromEntries(Object.entries(hf[i].phases).map(([p, v]) => [p, round(v)]));
  console.log(JSON.stringify({ case: `hf step, ${k === 1 ? 'this thread' : `${k} workers`}`, stepMs: round(hf[i].stepMs), speedup: round((10 * hf[0].stepMs) / hf[i].stepMs) / 10, phases }));
});
const ad = [];
for (const k of counts) ad.push(await adamRun(k));
counts.forEach((k, i) => {
  console.log(JSON.stringify({ case: `adam step, ${k === 1 ? 'this thread' : `${k} workers`}`, stepMs: round(ad[i].stepMs), speedup: round((10 * ad[0].stepMs) / ad[i].stepMs) / 10 }));
});
