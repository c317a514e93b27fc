/**
 * Benchmark of the data-parallel engine on the WASM backend (Node): Martens'
 * (2010) autoencoder 784-1000-500-250-30-... (bench/autoencoder.mjs), batch
 * 1000 of random data, sigmoid cross-entropy against the inputs.
 *
 * Per worker count k = 1..cores, in one run (rounds interleaved, medians):
 *  gradientMs   loss + gradient on the batch (engine.lossAndGradient);
 *  productMs    one Gauss-Newton product at a point (amortized over --products);
 *  speedup      the 1-worker time over the k-worker time;
 * and the fixed cost per product (the same product on 2 examples per worker:
 * v's way in and the part's way out, the wake-ups, the reduction), against
 * the same in this thread without the engine (curvature's curvatureAt): the
 * difference is the engine's overhead, also as a share of the batch's product.
 *
 * Usage: node bench/parallel.mjs [--workers=2] [--products=10] [--rounds=3] [--batch=1000]
 * (imports the BUILT packages: run `pnpm build` first). Nothing else should
 * run on the machine: with two cores, a second job halves a 2-worker speedup.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { curvatureAt, seededRng, sigmoidCrossEntropy } from '@hessian-free/curvature';
import { startEngine } from '../dist/index.js';
import { model } from './autoencoder.mjs';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const MAX_WORKERS = Number(args.get('workers') ?? availableParallelism());
const PRODUCTS = Number(args.get('products') ?? 10);
const ROUNDS = Number(args.get('rounds') ?? 3);
const BATCH = Number(args.get('batch') ?? 1000);

tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
const rng = seededRng(1);
const inputSize = model.shapes[0][0];
const inputs = tf.tensor(Float32Array.from({ length: BATCH * inputSize }, () => rng.uniform()), [BATCH, inputSize]);
const targets = inputs.dataSync().slice();
const theta = Float32Array.from({ length: model.numParams }, () => 0.05 * rng.normal());
const v = Float32Array.from({ length: model.numParams }, () => rng.normal());
const y = new Float32Array(model.numParams);
const moduleUrl = new URL('./autoencoder.mjs', import.meta.url).href;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

/** Products at one point: the first fills caches; all are counted, as CG would. */
function productMs(point) {
  const op = point.gaussNewton();
  return time(() => {
    for (let i = 0; i < PRODUCTS; i++) op.apply(v, y);
  }) / PRODUCTS;
}

const engines = [];
for (let k = 1; k <= MAX_WORKERS; k++) {
  const engine = await startEngine({ workers: k, model, loss: sigmoidCrossEntropy, module: { url: moduleUrl } });
  engine.setData({ inputs, targets });
  engines.push(engine);
}
const rows = engines.map(() => ({ gradient: [], product: [] }));
const local = { gradient: [], product: [] };
for (let r = 0; r < ROUNDS; r++) {
  local.gradient.push(time(() => curvatureAt(model, sigmoidCrossEntropy, theta, { inputs, targets }).dispose()));
  const at = curvatureAt(model, sigmoidCrossEntropy, theta, { inputs, targets });
  local.product.push(productMs(at));
  at.dispose();
  engines.forEach((engine, i) => {
    rows[i].gradient.push(time(() => engine.lossAndGradient(theta, null)));
    const point = engine.curvatureAt(theta, null);
    rows[i].product.push(productMs(point));
    point.dispose();
  });
}
// The fixed cost of a product: the same product on a batch of 2 examples per
// worker, where the compute is negligible and what is left is the vector's
// way (into shared memory, into the worker's tensors, back), the wake-ups and
// the reduction: in this thread (no engine) and on each engine.
const tiny = (point) => median(Array.from({ length: ROUNDS }, () => productMs(point)));
const tinyLocal = (() => {
  const idx = tf.tensor1d([0, 1], 'int32');
  const x = tf.gather(inputs, idx);
  const at = curvatureAt(model, sigmoidCrossEntropy, theta, { inputs: x, targets: x.dataSync().slice() });
  const ms = tiny(at);
  at.dispose();
  tf.dispose([idx, x]);
  return ms;
})();
const tinyEngine = engines.map((engine, i) => {
  const point = engine.curvatureAt(theta, Int32Array.from({ length: 2 * (i + 1) }, (_, j) => j));
  const ms = tiny(point);
  point.dispose();
  return ms;
});
const base = { gradient: median(rows[0].gradient), product: median(rows[0].product) };
const localMs = { gradient: median(local.gradient), product: median(local.product) };
console.log(JSON.stringify({ case: 'in-thread (no engine)', batch: BATCH, params: model.numParams, gradientMs: +localMs.gradient.toFixed(1), productMs: +localMs.product.toFixed(1), fixedMsPerProduct: +tinyLocal.toFixed(1) }));
rows.forEach((row, i) => {
  const gradientMs = median(row.gradient);
  const productMsK = median(row.product);
  console.log(JSON.stringify({
    case: `engine, ${i + 1} worker${i ? 's' : ''}`,
    gradientMs: +gradientMs.toFixed(1),
    productMs: +productMsK.toFixed(1),
    gradientSpeedup: +(base.gradient / gradientMs).toFixed(2),
    productSpeedup: +(base.product / productMsK).toFixed(2),
    fixedMsPerProduct: +tinyEngine[i].toFixed(1),
    fixedVsInThreadMs: +(tinyEngine[i] - tinyLocal).toFixed(1),
    fixedShareOfProduct: +((tinyEngine[i] - tinyLocal) / productMsK).toFixed(3),
  }));
});
// The cost model: one worker's product time against its share of the batch
// (the fixed cost per product is the intercept of a least-squares line).
const shares = [BATCH / 8, BATCH / 4, BATCH / 2, BATCH].map(Math.round);
const single = engines[0];
const points = shares.map((m) => {
  const indices = Int32Array.from({ length: m }, (_, i) => i);
  const point = single.curvatureAt(theta, indices);
  const ms = median(Array.from({ length: ROUNDS }, () => productMs(point)));
  point.dispose();
  return { examples: m, productMs: +ms.toFixed(2) };
});
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const mx = mean(points.map((p) => p.examples));
const my = mean(points.map((p) => p.productMs));
const slope = points.reduce((s, p) => s + (p.examples - mx) * (p.productMs - my), 0) / points.reduce((s, p) => s + (p.examples - mx) ** 2, 0);
console.log(JSON.stringify({
  case: 'cost model (1 worker): productMs = fixedMs + msPerExample * examples',
  points,
  fixedMs: +(my - slope * mx).toFixed(2),
  msPerExample: +slope.toFixed(4),
  bytesPerProductPerWorker: 2 * 4 * model.numParams,
}));
for (const engine of engines) await engine.dispose();
