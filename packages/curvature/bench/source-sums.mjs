/**
 * The reverse sweep's sums of the sources' cotangents (src/trace/reverse-mode/
 * source-sums.ts) on the WASM backend (Node, one thread): the reverse sweep
 * of a structurally damped Gauss-Newton product (J' w seeded at the output
 * and at every hidden state) of the addition RNN (bench/addition-rnn.mjs,
 * 100 tanh units, T = 100: it reads Wx, Wh and b once per step), with each
 * source's contributions summed once when the sweep ends (the default)
 * against the same sweep adding each as it comes (`sumSources: false`).
 *
 * One JSON line per batch size: the median sweep time of each over
 * --rounds=15 interleaved rounds (after a warm-up sweep of each, which fills
 * the point caches), their ratio, the kernels each runs (caches filled), and the largest
 * difference of the two results relative to the largest entry (float32
 * rounding: they add the same terms in another order).
 *
 * Usage: node bench/source-sums.mjs [--batches=50,100] [--steps=100] [--hidden=100] [--rounds=15]
 * (imports the BUILT package: run `npx tsc -b packages/curvature` first).
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { ensureGradients, parameterTensors, seededRng } from '../dist/index.js';
import { linearizeTrace } from '../dist/linearization.js';
import { recordTrace } from '../dist/trace/tape/record.js';
import { additionProblem, additionRnn } from './addition-rnn.mjs';
import { compareSweeps } from './compare-sweeps.mjs';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const BATCHES = (args.get('batches') ?? '50,100').split(',').map(Number);
const T = Number(args.get('steps') ?? 100);
const H = Number(args.get('hidden') ?? 100);
const ROUNDS = Number(args.get('rounds') ?? 15);

if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
await tf.ready();
ensureGradients();

/** J' w by `lin`, read back, with its time and the kernels it ran. */
function sweep(lin, cotangents) {
  const engine = tf.engine();
  const runKernel = engine.runKernel;
  let kernels = 0;
  engine.runKernel = function (...a) {
    kernels++;
    return runKernel.apply(this, a);
  };
  try {
    const t0 = performance.now();
    const parts = tf.tidy(() => lin.vjp(cotangents).map((p) => p.dataSync()));
    return { parts, ms: performance.now() - t0, kernels };
  } finally {
    delete engine.runKernel; // back to the prototype's method
  }
}

const model = additionRnn(H);
for (const N of BATCHES) {
  const { theta, batch } = additionProblem(model, N, T);
  const sources = parameterTensors(model.shapes, theta);
  const trace = recordTrace(sources, () => model.traceParams(sources, batch.inputs));
  const rng = seededRng(2);
  const cotangents = trace.results.map((r) => tf.tensor(Float32Array.from({ length: r.size }, () => rng.normal()), r.shape));
  const variants = { summed: linearizeTrace(trace), nodeByNode: linearizeTrace(trace, { sumSources: false }) };
  const { first, ms, relativeDifference } = compareSweeps(sweep, variants, cotangents, ROUNDS);
  const r = (value) => Math.round(value * 100) / 100;
  console.log(JSON.stringify({
    model: `tanh RNN 2-${H}-1, T = ${T}, J' w seeded at the output and every hidden state`,
    backend: tf.getBackend(),
    batch: N,
    rounds: ROUNDS,
    summedMs: r(ms.summed),
    nodeByNodeMs: r(ms.nodeByNode),
    ratio: r(ms.summed / ms.nodeByNode),
    kernels: { summed: first.summed.kernels, nodeByNode: first.nodeByNode.kernels },
    relativeDifference: Number(relativeDifference.toExponential(2)),
  }));
  trace.dispose();
  tf.dispose([...sources, batch.inputs, ...cotangents]);
}
