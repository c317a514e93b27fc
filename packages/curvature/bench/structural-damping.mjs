/**
 * Structural damping on the WASM backend (Node, one thread): the product
 * (G + w S) v fused into one forward-mode and one reverse sweep
 * (`at.dampedGaussNewton(w)`) against the two operators hf used to add
 * (`add(at.gaussNewton(), scale(w, at.structuralDamping()))`: two sweeps of
 * each kind), on the tanh RNN of the demo's addition task (issue 13):
 * h_t = tanh(x_t Wx + h_{t-1} Wh + b) from h_0 = 0, z = h_T Wo + c, 2 input
 * channels, 100 hidden units, T = 30, batch 250, squared error, every hidden
 * state h_1..h_T damped, on random data of the right shapes
 * (bench/addition-rnn.mjs).
 *
 * One JSON line:
 *  lossGradientMs     curvatureAt() (the recorded forward pass, loss and gradient);
 *  gaussNewtonMs      one G v;
 *  structuralDampingMs one S v;
 *  separateMs         one (G + w S) v by linop's add and scale over the two
 *                     operators (what hf ran before);
 *  fusedMs            one at.dampedGaussNewton(w) v;
 *  ratios             fused / G v, fused / separate, separate / G v.
 * Medians over --rounds=7 interleaved rounds of --products=5 products of each
 * (after one warm-up product of each, which fills the point caches).
 *
 * Usage: node bench/structural-damping.mjs [--rounds=7] [--products=5] [--batch=250] [--steps=30] [--hidden=100]
 * (imports the BUILT packages: run `npx tsc -b packages/curvature` first).
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { add, scale } from '@hessian-free/linop';
import { curvatureAt, squaredError } from '../dist/index.js';
import { additionProblem, additionRnn } from './addition-rnn.mjs';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const ROUNDS = Number(args.get('rounds') ?? 7);
const PRODUCTS = Number(args.get('products') ?? 5);
const N = Number(args.get('batch') ?? 250);
const T = Number(args.get('steps') ?? 30);
const H = Number(args.get('hidden') ?? 100);
const WEIGHT = 0.3; // lambda mu: any positive number costs the same

if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
await tf.ready();

const model = additionRnn(H);
const { theta, batch, v } = additionProblem(model, N, T);
const { inputs } = batch;
const y = new Float32Array(model.numParams);

function time(f) {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

curvatureAt(model, squaredError, theta, batch).dispose(); // warm-up
const lossGradientMs = median(Array.from({ length: 3 }, () => time(() => curvatureAt(model, squaredError, theta, batch).dispose())));

const at = curvatureAt(model, squaredError, theta, batch);
const G = at.gaussNewton();
const S = at.structuralDamping();
const operators = { gaussNewton: G, structuralDamping: S, separate: add(G, scale(WEIGHT, S)), fused: at.dampedGaussNewton(WEIGHT) };
for (const op of Object.values(operators)) op.apply(v, y); // warm-up, point caches
const rounds = Array.from({ length: ROUNDS }, () =>
  Object.fromEntries(
    Object.entries(operators).map(([name, op]) => [name, time(() => { for (let k = 0; k < PRODUCTS; k++) op.apply(v, y); }) / PRODUCTS]),
  ),
);
// The fused product against the separate sum, once: float32 roundoff apart.
const separate = new Float32Array(model.numParams);
const fused = new Float32Array(model.numParams);
operators.separate.apply(v, separate);
operators.fused.apply(v, fused);
let diff = 0;
let size = 0;
for (let i = 0; i < fused.length; i++) {
  diff = Math.max(diff, Math.abs(fused[i] - separate[i]));
  size = Math.max(size, Math.abs(separate[i]));
}
at.dispose();
inputs.dispose();

const ms = Object.fromEntries(Object.keys(operators).map((name) => [name, median(rounds.map((r) => r[name]))]));
const r = (value) => Math.round(value * 100) / 100;
console.log(
  JSON.stringify({
    model: `tanh RNN 2-${H}-1, T = ${T}, every hidden state damped, squared error`,
    backend: tf.getBackend(),
    batch: N,
    params: model.numParams,
    weight: WEIGHT,
    productsPerRound: PRODUCTS,
    rounds: ROUNDS,
    lossGradientMs: r(lossGradientMs),
    gaussNewtonMs: r(ms.gaussNewton),
    structuralDampingMs: r(ms.structuralDamping),
    separateMs: r(ms.separate),
    fusedMs: r(ms.fused),
    ratios: {
      fusedVsGaussNewton: r(ms.fused / ms.gaussNewton),
      fusedVsSeparate: r(ms.fused / ms.separate),
      separateVsGaussNewton: r(ms.separate / ms.gaussNewton),
    },
    fusedVsSeparateMaxRelativeDifference: diff / size,
  }),
);
