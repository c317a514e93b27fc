// HF step time on a sequence task (default rnn-addition, T = 100, the demo's
// HF settings with structural damping) with 1 worker (this thread) against 2
// worker threads, and the same for Adam: the mean time per step (and per
// phase for HF) over STEPS steps after one warm-up step. The same settings
// give the same bits on 1 and 2 workers, so the steps do the same work.
// Usage: node bench/sequence-step.mjs [--task=rnn-addition] [--length=100]
//        [--steps=2] [--cg=20] [--adam-steps=50] [--workers=1,2] [--cell=tanh]
// (imports the BUILT demo: pnpm build first).
import { adam, hessianFree, useWasmBackend } from '@hessian-free/hf';
import { loadTaskData } from '../dist/data/task-data.js';
import { ADAM_SETTINGS, HF_SETTINGS, workerOptions } from '../dist/trainers/index.js';
import { taskModel } from '../dist/trainers/models.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const task = args.get('task') ?? 'rnn-addition';
const length = Number(args.get('length') ?? 100);
const STEPS = Number(args.get('steps') ?? 2);
const CG = Number(args.get('cg') ?? 20);
const ADAM_STEPS = Number(args.get('adam-steps') ?? 50);
const counts = (args.get('workers') ?? '1,2').split(',').map(Number);
const cell = args.get('cell') ?? 'tanh';

await useWasmBackend();
const problem = taskModel(task, { cell });
const data = loadTaskData(task, { train: 2000, test: 10, seed: 1, length });
const sets = problem.datasets(data);
const theta0 = problem.init(1);
const options = (workers) => workerOptions(task, { workers, cell });

async function hfRun(workers) {
  const settings = { ...HF_SETTINGS[task], maxCgIterations: CG };
  const hf = hessianFree(problem.model, problem.loss, sets.train, theta0, { ...settings, ...options(workers), seed: 1 });
  try {
    await hf.ready();
    await hf.step(); // warm-up
    const phases = {};
    let cg = 0;
    const t0 = performance.now();
    for (let i = 0; i < STEPS; i++) {
      const report = await hf.step();
      cg += report.cg.iterations / STEPS;
      for (const [k, v] of Object.entries(report.timings)) phases[k] = (phases[k] ?? 0) + v / STEPS;
    }
    return { stepMs: (performance.now() - t0) / STEPS, cgIterations: cg, phases };
  } finally {
    hf.dispose();
  }
}

async function adamRun(workers) {
  const opt = adam(problem.model, problem.loss, sets.train, theta0, { ...ADAM_SETTINGS[task], ...options(workers), seed: 1 });
  try {
    await opt.ready();
    for (let i = 0; i < 5; i++) await opt.step();
    const t0 = performance.now();
    for (let i = 0; i < ADAM_STEPS; i++) await opt.step();
    return { stepMs: (performance.now() - t0) / ADAM_STEPS };
  } finally {
    opt.dispose();
  }
}

const round = (x) => Math.round(x * 10) / 10;
for (const workers of counts) {
  const r = await hfRun(workers);
  console.log(JSON.stringify({ bench: 'sequence-step', optimizer: 'hf', task, cell, T: length, workers, cgCap: CG, stepMs: round(r.stepMs), cgIterations: r.cgIterations, phases: Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, round(v)])) }));
}
for (const workers of counts) {
  const r = await adamRun(workers);
  console.log(JSON.stringify({ bench: 'sequence-step', optimizer: 'adam', task, cell, T: length, workers, stepMs: round(r.stepMs) }));
}
