/**
 * Subnormal cotangents on the WASM backend (Node, one thread), and the
 * reverse sweep's flush of them (src/gradients/subnormals.ts).
 *
 * 1. A [N, H] x [H, H] matMul whose left operand is normal against one whose
 *    left operand is subnormal (N(0, 1) entries times 1e-40): WebAssembly has
 *    no flush-to-zero mode.
 * 2. The reverse sweep of a gradient of the addition RNN (bench/addition-rnn.mjs,
 *    H tanh units): J' w seeded at the output only, as a loss gradient is,
 *    with the flush (the default) against without it (`flushSubnormals:
 *    false`), in interleaved rounds. Two cases: T = 100 at the bench's
 *    weights (the cotangents stay normal: the flush's cost), and T = 200
 *    with the recurrent weights scaled by 0.5, so that the cotangent shrinks
 *    geometrically going back in time and passes through the subnormal range
 *    (the flush's gain). Each line gives the median sweep times, their
 *    ratio, how many of the unflushed sweep's matMuls had a subnormal
 *    operand, and the largest difference of the two results relative to the
 *    largest entry.
 *
 * Usage: node bench/subnormals.mjs [--batch=50] [--hidden=100] [--rounds=9]
 * (imports the BUILT package: run `npx tsc -b packages/curvature` first).
 */
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { ensureGradients, parameterTensors } from '../dist/index.js';
import { linearizeTrace } from '../dist/linearization.js';
import { recordTrace } from '../dist/trace/tape/record.js';
import { additionProblem, additionRnn } from './addition-rnn.mjs';
import { compareSweeps, median } from './compare-sweeps.mjs';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const N = Number(args.get('batch') ?? 50);
const H = Number(args.get('hidden') ?? 100);
const ROUNDS = Number(args.get('rounds') ?? 9);
const SMALLEST_NORMAL = 2 ** -126;

if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
await tf.ready();
ensureGradients();

const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const hasSubnormal = (t) => t.dataSync().some((x) => x !== 0 && Math.abs(x) < SMALLEST_NORMAL);

// 1. One matMul, normal against subnormal left operand.
{
  const b = tf.randomNormal([H, H], 0, 1, 'float32', 3);
  const normal = tf.randomNormal([N, H], 0, 1, 'float32', 4);
  const subnormal = tf.mul(normal, 1e-40);
  if (!hasSubnormal(subnormal)) throw new Error('the scaled operand has no subnormals');
  const time = (a) => {
    const ms = [];
    for (let r = 0; r < 60; r++) {
      const t0 = performance.now();
      tf.matMul(a, b).dataSync();
      ms.push(performance.now() - t0);
    }
    return median(ms.slice(10)) * 1000;
  };
  const us = { normal: time(normal), subnormal: time(subnormal) };
  console.log(JSON.stringify({ bench: 'subnormals', case: `matMul [${N}, ${H}] x [${H}, ${H}]`, normalUs: round(us.normal, 1), subnormalUs: round(us.subnormal, 1), ratio: round(us.subnormal / us.normal, 1) }));
  tf.dispose([b, normal, subnormal]);
}

/** J' w by `lin`, read back, with its time. */
function sweep(lin, cotangents) {
  const t0 = performance.now();
  const parts = tf.tidy(() => lin.vjp(cotangents).map((p) => p.dataSync()));
  return { parts, ms: performance.now() - t0 };
}

/** How many matMuls of one sweep by `lin` have a subnormal operand (not timed). */
function subnormalMatMuls(lin, cotangents) {
  const engine = tf.engine();
  const runKernel = engine.runKernel;
  let count = 0;
  engine.runKernel = function (name, inputs, attrs) {
    if (name === tf.BatchMatMul && (hasSubnormal(inputs.a) || hasSubnormal(inputs.b))) count++;
    return runKernel.call(this, name, inputs, attrs);
  };
  try {
    tf.tidy(() => lin.vjp(cotangents).forEach((p) => p.dataSync()));
  } finally {
    delete engine.runKernel; // back to the prototype's method
  }
  return count;
}

// 2. The gradient sweep, flushed against unflushed.
const model = additionRnn(H);
const whOffset = 2 * H; // theta = [Wx (2 x H), Wh (H x H), b, Wo, c]
for (const { T, scale } of [{ T: 100, scale: 1 }, { T: 200, scale: 0.5 }]) {
  const { theta, batch } = additionProblem(model, N, T);
  for (let i = whOffset; i < whOffset + H * H; i++) theta[i] *= scale;
  const sources = parameterTensors(model.shapes, theta);
  const trace = recordTrace(sources, () => model.traceParams(sources, batch.inputs));
  // Seeded at the output only (a loss gradient), zero at the hidden states.
  const cotangents = trace.results.map((r, k) => (k === 0 ? tf.onesLike(r) : tf.zerosLike(r)));
  const variants = { flushed: linearizeTrace(trace), unflushed: linearizeTrace(trace, { flushSubnormals: false }) };
  const { ms, relativeDifference } = compareSweeps(sweep, variants, cotangents, ROUNDS);
  console.log(JSON.stringify({
    bench: 'subnormals',
    case: `gradient sweep, addition RNN, H = ${H}, N = ${N}, T = ${T}, recurrent weights x ${scale}`,
    matMulsWithSubnormalOperand: { unflushed: subnormalMatMuls(variants.unflushed, cotangents), flushed: subnormalMatMuls(variants.flushed, cotangents) },
    flushedMs: round(ms.flushed),
    unflushedMs: round(ms.unflushed),
    ratio: round(ms.flushed / ms.unflushed),
    maxRelativeDifference: relativeDifference,
  }));
  tf.dispose([...cotangents, ...sources, batch.inputs, batch.targets]);
  trace.dispose();
}
