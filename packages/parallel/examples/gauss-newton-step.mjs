// One Gauss-Newton step computed by two worker threads: the engine splits the
// batch, CG (from @hessian-free/krylov) solves (G + lambda I) p = -g (lambda = 1) with the
// engine's products, as it would in one thread.
// Run: node examples/gauss-newton-step.mjs (after pnpm build)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { softmaxCrossEntropy } from '@hessian-free/curvature';
import { cg } from '@hessian-free/krylov';
import { seededRng, shift } from '@hessian-free/linop';
import { startEngine } from '@hessian-free/parallel';
import { model } from './model.mjs';

await tf.setBackend('wasm');
const engine = await startEngine({
  workers: 2,
  model,
  loss: softmaxCrossEntropy, // a built-in loss: rebuilt in the workers by its name
  module: { url: new URL('./model.mjs', import.meta.url).href }, // its export 'model'
});
try {
  const rng = seededRng(7);
  const n = 2000;
  const inputs = tf.tensor(Float32Array.from({ length: n * 784 }, () => rng.uniform()), [n, 784]);
  const labels = Int32Array.from({ length: n }, () => Math.floor(10 * rng.uniform()));
  engine.setData({ inputs, targets: labels }); // once per data set: the workers share one copy

  const theta = Float32Array.from({ length: model.numParams }, () => 0.05 * rng.normal());
  const point = engine.curvatureAt(theta, null); // the whole set; an Int32Array of indices for a batch
  const b = point.gradient.map((g) => -g);
  const { x: p, stats } = cg(shift(point.gaussNewton(), 1), b, { maxIter: 20 });
  const after = engine.loss(theta.map((t, i) => t + p[i]), null);
  console.log(`loss ${point.loss.toFixed(4)} -> ${after.toFixed(4)} (CG: ${stats.iterations} iterations, ${stats.status})`);
  point.dispose();
  inputs.dispose();
} finally {
  await engine.dispose();
}
