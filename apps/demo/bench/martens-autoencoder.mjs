// Issue 13: Martens' (2010) MNIST autoencoder 784-1000-500-250-30-250-500-1000-784
// trained with HF as his code does, recorded per iteration, to compare with
// the curves he published.
//
// As in Martens' nnet_train_2 setup for this net: the gradient on the whole
// training set, the curvature products on a fraction of it (his numchunks = 4:
// a quarter; --curvature-batch), CG up to 250 iterations, initial lambda 45,
// CG warm start decay 0.95, L2 weight cost 2e-5 (hf's l2: objective
// + (l2/2)||theta||^2, as his weightcost), sparse initialization (15
// nonzero incoming weights), logistic units except the linear code layer,
// cross-entropy on logistic outputs as the objective. Differences: hf takes a
// fresh random curvature batch each iteration (Martens cycles through fixed
// chunks), uses the exact Gauss-Newton diagonal as preconditioner (his: the
// empirical Fisher diagonal to the power 0.75) and puts the weight cost on the
// biases too (his mask leaves them out).
//
// Error, as Martens reports it: the squared error summed over the 784 pixels,
// averaged over the digits, on the WHOLE training and test sets after every
// iteration (measured outside the clock). Each JSON line: iteration, train
// and test error, lambda, CG iterations, the iteration's training time, and
// the examples processed so far (each objective value, gradient and curvature
// product counted at its batch's size; one gradient counts its forward and
// backward pass as one example each, as a product does). The end: a table
// against Martens' published curves.
//
// Usage (imports the BUILT demo: pnpm build first):
//   node bench/martens-autoencoder.mjs [--iterations=300] [--budget=3600]
//     [--train=8000] [--test=2000] [--curvature-batch=2000] [--cg=250]
//     [--workers=2] [--seed=1] [--out=bench-output/martens-autoencoder]
// --budget stops after the iteration that passes that many seconds of training.
//   node bench/martens-autoencoder.mjs --render=<out>/results.jsonl
// prints the table of a finished or running run again from its lines.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { hessianFree, useWasmBackend } from '@hessian-free/hf';
import { loadMnist } from '../dist/data/mnist.js';
import { measureInChunks } from '../dist/trainers/loop.js';
import { disposeDataset, MARTENS_AUTOENCODER, taskModel } from '../dist/trainers/models.js';

const args = new Map(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const number = (key, fallback) => {
  const value = Number(args.get(key) ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${key} must be a positive number, got ${args.get(key)}`);
  return value;
};
const iterations = number('iterations', 300);
const budgetS = number('budget', 3600);
const train = number('train', 8000);
const test = number('test', 2000);
const curvatureBatchSize = number('curvature-batch', Math.round(train / 4));
const maxCgIterations = number('cg', 250);
const workers = number('workers', 2);
const seed = number('seed', 1);
const out = args.get('out') ?? 'bench-output/martens-autoencoder';

// What Martens published for this net (squared error per digit, 60,000 training digits):
// the expected-output log of his K-FAC code (HF's successor, per iteration) and
// Table 1 of Martens (2010), HF from a random start, at the end of training.
const KFAC_LOG = [[50, 49.1], [100, 23.6], [150, 8.2], [200, 4.4], [300, 2.0]];
const MARTENS_2010_TABLE_1 = { train: 'about 1.6', test: 'about 2.8' }; // as issue 13 cites it

if (args.has('render')) {
  const [header, ...lines] = readFileSync(args.get('render'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  console.log(table(header.run, lines));
  process.exit(0);
}

await useWasmBackend();
mkdirSync(out, { recursive: true });
const jsonl = join(out, 'results.jsonl');
const run = { train, test, seed, curvatureBatchSize, maxCgIterations, workers, backend: `${tf.getBackend()} (tfjs ${tf.version_core}), Node ${process.version}` };
writeFileSync(jsonl, `${JSON.stringify({ run })}\n`);

const problem = taskModel('autoencoder', { autoencoder: MARTENS_AUTOENCODER });
const sets = problem.datasets({ kind: 'mnist', ...loadMnist({ train, test, seed }) });
const settings = {
  gradientBatchSize: train,
  curvatureBatchSize,
  maxCgIterations,
  initialLambda: 45,
  warmStartDecay: 0.95,
  l2: 2e-5,
  seed,
  workers,
  ...(workers > 1
    ? { modelModule: { url: new URL('../dist/trainers/models.js', import.meta.url).href, model: 'taskNetwork', args: ['autoencoder', { autoencoder: [...MARTENS_AUTOENCODER] }] } }
    : {}),
};
const optimizer = hessianFree(problem.model, problem.loss, sets.train, problem.init(seed), settings);
const error = (set) => measureInChunks(problem.metric, optimizer.parameters, set, problem.model.shapes);

const rows = [];
try {
  await optimizer.ready();
  let trainedMs = 0;
  let examples = 0;
  const record = (row) => {
    rows.push(row);
    appendFileSync(jsonl, `${JSON.stringify(row)}\n`);
    console.log(JSON.stringify(row));
  };
  record({ iteration: 0, trainError: +error(sets.train).toFixed(3), testError: +error(sets.test).toFixed(3), trainedS: 0, examples: 0 });
  for (let k = 1; k <= iterations && trainedMs < budgetS * 1000; k++) {
    const started = performance.now();
    const report = await optimizer.step();
    trainedMs += performance.now() - started;
    const { value, gradient, curvatureProducts } = report.evaluations;
    examples += (value + 2 * gradient) * train + 2 * curvatureProducts * curvatureBatchSize;
    record({
      iteration: k,
      trainError: +error(sets.train).toFixed(3),
      testError: +error(sets.test).toFixed(3),
      objective: +report.lossAfter.toFixed(4),
      lambda: +report.lambda.toPrecision(3),
      cg: report.cg.iterations,
      cgStatus: report.cg.status,
      stepMs: Math.round(report.timings.totalMs),
      trainedS: +(trainedMs / 1000).toFixed(1),
      examples,
    });
  }
} finally {
  optimizer.dispose();
  disposeDataset(sets.train);
  disposeDataset(sets.test);
}
writeFileSync(join(out, 'results.md'), table(run, rows));
console.log(table(run, rows));

/** Martens' curves next to ours: per K-FAC log point, the first iteration at which we were as low, and our error at that iteration. */
function table({ train, test, seed, curvatureBatchSize, maxCgIterations, workers, backend }, rows) {
  const last = rows.at(-1);
  const first = (level) => rows.find((r) => r.trainError <= level);
  const at = (k) => rows.find((r) => r.iteration === k);
  const lines = KFAC_LOG.map(([k, theirs]) => {
    const reached = first(theirs);
    const ours = at(k);
    const cells = reached ? [reached.iteration, reached.trainedS, (reached.examples / 1e6).toFixed(1)] : [`not within ${last.iteration}`, '-', '-'];
    return `| ${k} | ${theirs} | ${cells.join(' | ')} | ${ours ? `${ours.trainError} / ${ours.testError}` : '-'} |`;
  });
  return `# Martens' MNIST autoencoder, HF per iteration

${MARTENS_AUTOENCODER.join('-')}, ${train} training / ${test} test digits of the mnist package (seed ${seed}); gradient on all ${train}, curvature on ${curvatureBatchSize}, CG up to ${maxCgIterations}, ${workers} worker(s), ${backend}.
Error: squared error summed over the pixels, averaged over the digits, on the whole sets.

| Martens' K-FAC log: iteration | its train error (60,000 digits) | our first iteration as low | our training time then (s) | examples processed then (millions) | our train / test error at its iteration |
| --- | --- | --- | --- | --- | --- |
${lines.join('\n')}

Last: iteration ${last.iteration}, train ${last.trainError}, test ${last.testError}, ${last.trainedS} s of training, ${(last.examples / 1e6).toFixed(1)} million examples processed. Martens (2010) Table 1, HF from a random start, at the end of training: train ${MARTENS_2010_TABLE_1.train}, test ${MARTENS_2010_TABLE_1.test}.
`;
}
