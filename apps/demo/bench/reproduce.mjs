// The reproductions of issue 4, on the WASM backend (one thread in Node):
//  1. Martens' (2010) MNIST deep autoencoder 784-1000-500-250-30-...-784, HF
//     against Adam (best of a learning-rate grid) and SGD with momentum, each
//     for the same training-time budget;
//  2. Martens & Sutskever's (2011) addition problem with a 100-unit tanh RNN
//     at T = 100 and 200: bench/long-range.mjs (HF with structural damping
//     against Adam and SGD with momentum on learning-rate grids, time to
//     success), run here with its defaults and BENCH_BUDGET_S as its budget;
//  3. Martens' autoencoder per iteration, as his code trains it (gradient on
//     the whole training set): bench/martens-autoencoder.mjs, with
//     BENCH_BUDGET_S as its budget (default 3600 s).
// One JSON line per run. Budgets: BENCH_BUDGET_S seconds per run (default 120
// for the autoencoder, 600 for the long-range problems, 3600 for the per-iteration
// run), or pass part names to run a part: `node bench/reproduce.mjs autoencoder`
// (also `addition`, `martens-autoencoder`).
import { useWasmBackend } from '@hessian-free/hf';
import { loadMnist } from '../dist/data/mnist.js';
import { adamOptimizer, hfOptimizer, sgdOptimizer } from '../dist/trainers/index.js';
import { trainLoop } from '../dist/trainers/loop.js';
import { MARTENS_AUTOENCODER, taskModel } from '../dist/trainers/models.js';

const budgetMs = 1000 * Number(process.env.BENCH_BUDGET_S ?? 120);
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);
const seed = 1;

await useWasmBackend();

async function run(label, problem, data, factory, extra = {}) {
  const steps = [];
  const started = performance.now();
  const outcome = await trainLoop(problem, data, { budgetMs, seed, previewCount: 0 }, (s) => steps.push(s), factory);
  return {
    label,
    steps,
    outcome,
    wallMs: performance.now() - started,
    ...extra,
  };
}

/** Training time of the first record at or below `level` of `key`, or null. */
function timeTo(steps, key, level) {
  const hit = steps.find((s) => s[key] !== undefined && s[key] <= level);
  return hit ? Math.round(hit.timeMs) : null;
}

/** A few points of the curve, for the JSON line. */
function curve(steps, key) {
  const every = Math.max(1, Math.ceil(steps.length / 12));
  return steps.filter((_, i) => i % every === 0 || i === steps.length - 1).map((s) => [Math.round(s.timeMs), +s[key].toFixed(4)]);
}

if (wanted('autoencoder')) {
  const data = { kind: 'mnist', ...loadMnist({ train: 8000, test: 2000, seed }) };
  const problem = taskModel('autoencoder', { autoencoder: MARTENS_AUTOENCODER });
  const levels = [40, 30, 20, 15, 10];
  const report = (r, settings) => {
    const line = {
      bench: 'mnist-autoencoder',
      layers: MARTENS_AUTOENCODER.join('-'),
      split: '8000 train / 2000 test of the mnist package, seeded shuffle (seed 1)',
      optimizer: r.label,
      settings,
      budgetS: budgetMs / 1000,
      steps: r.steps.at(-1)?.step ?? 0,
      finalTrainError: +r.outcome.trainLoss.toFixed(3),
      finalTestError: +r.outcome.testLoss.toFixed(3),
      msToTrainError: Object.fromEntries(levels.map((l) => [l, timeTo(r.steps, 'trainLoss', l)])),
      trainCurve: curve(r.steps, 'trainLoss'),
      testCurve: curve(r.steps, 'testLoss'),
    };
    console.log(JSON.stringify(line));
    return line;
  };
  const hfSettings = { gradientBatchSize: 1000, curvatureBatchSize: 250, maxCgIterations: 250 };
  report(await run('hf', problem, data, hfOptimizer(hfSettings)), hfSettings);
  let best = null;
  for (const learningRate of [3e-4, 1e-3, 3e-3]) {
    const settings = { learningRate, batchSize: 100 };
    const line = report(await run(`adam lr=${learningRate}`, problem, data, adamOptimizer(settings)), settings);
    if (best === null || line.finalTrainError < best.finalTrainError) best = line;
  }
  console.log(JSON.stringify({ bench: 'mnist-autoencoder', bestAdam: best.optimizer, finalTrainError: best.finalTrainError }));
  const sgd = { learningRate: 0.01, momentum: 0.9, batchSize: 100 };
  report(await run('sgd-momentum', problem, data, sgdOptimizer(sgd)), sgd);
}

if (wanted('addition')) {
  // Its own flags (see the file); the budget per run from BENCH_BUDGET_S when set.
  if (process.env.BENCH_BUDGET_S !== undefined) process.argv.push(`--budget=${process.env.BENCH_BUDGET_S}`);
  await import('./long-range.mjs');
}

if (wanted('martens-autoencoder')) {
  // Its own flags (see the file); the budget from BENCH_BUDGET_S when set.
  if (process.env.BENCH_BUDGET_S !== undefined) process.argv.push(`--budget=${process.env.BENCH_BUDGET_S}`);
  await import('./martens-autoencoder.mjs');
}
