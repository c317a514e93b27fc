/**
 * Benchmark of @hessian-free/curvature on the WASM backend (Node, one thread),
 * batch 1000, on two models with random data of the right shapes (the timings
 * do not depend on the values; inputs uniform in [0, 1), weights
 * N(0, 1/fan-in) from a seeded generator):
 *
 *  - Martens' (2010) MNIST autoencoder 784-1000-500-250-30-250-500-1000-784:
 *    logistic hidden units, a linear 30-unit code layer, logistic outputs
 *    (linear logits + sigmoid cross-entropy), targets = inputs;
 *  - a classifier MLP 784-256-256-10, tanh, softmax cross-entropy, random labels.
 *
 * One JSON line per model:
 *  lossMs            forward pass + loss (plain tf ops, nothing recorded; the
 *                    parameters uploaded from theta's subarrays and
 *                    model.traceParams, as curvatureAt runs the model);
 *  lossGradientMs    curvatureAt(): validation, the recorded forward pass,
 *                    loss, and the gradient by one reverse sweep;
 *  setupMs           building the point for products: curvatureAt() plus
 *                    making the GN, Hessian (its kept adjoints) and Fisher
 *                    operators;
 *  gaussNewtonMs, hessianMs, fisherMs  one product (Fisher: empirical),
 *                    amortized over 20 products at one point (the first
 *                    product's point caches are included);
 *  ratios            each product / lossGradientMs;
 *  exactDiagonalMs, rademacher4DiagonalMs  the empirical Fisher's diagonal at
 *                    the same point: exact (method 'exact', the default;
 *                    exactDiagonalPlan says which method it took) and
 *                    estimated by 4 Rademacher probes (what hf ran per step
 *                    before), medians of --rounds interleaved rounds;
 *                    diagonal: their ratios to lossGradientMs, and
 *                    exactVsRademacher4 = exact / 4 probes;
 *  lossGradientGflops  FLOPs of the matMuls a gradient needs (forward, dW of
 *                    every layer, dX of every layer but the first) / time;
 *  matMulGflops      a plain untransposed [1000,784] x [784,1000] matMul,
 *                    timed in the same rounds as loss and loss+gradient
 *                    (medians of --rounds=7 interleaved rounds);
 *                    lossGradientVsMatMul the ratio of the GFLOP/s;
 *  stockTfGradsMs    loss+gradient by tf.grads (with respect to the parameter
 *                    tensors, uploaded from theta's subarrays) of the same loss with tfjs
 *                    4.22's OWN gradient table (tfjs-core's
 *                    register_all_gradients, loaded through the resolve hook
 *                    in tfjs-esm-resolve.mjs), whose MatMul gradient uses
 *                    transposeA/transposeB matMuls;
 *  tfGradsOwnTableMs the same tf.grads with this package's gradient table
 *                    (explicit transposes, but a tape and no per-point caches).
 *
 * Usage: node bench/curvature.mjs [--profile] [--products=20] [--rounds=7] [--only=autoencoder|mlp]
 * (imports the BUILT package: run `tsc -b` first). --profile adds, per
 * measured computation, the milliseconds spent in each kernel.
 */
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';

register('./tfjs-esm-resolve.mjs', import.meta.url);

const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');
const curvature = await import('../dist/index.js');
const { curvatureAt, functionalModel, sigmoidCrossEntropy, softmaxCrossEntropy, supportedKernels, ensureGradients } =
  curvature;

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const PRODUCTS = Number(args.get('products') ?? 20);
const PROFILE = args.has('profile');
const ROUNDS = Number(args.get('rounds') ?? 7);
const BATCH = 1000;

if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
await tf.ready();

// tfjs's own gradients, captured once, then the package's table is put back.
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
const stockGradients = new Map(supportedKernels().map((k) => [k, tf.getGradient(k)]).filter(([, g]) => g));
ensureGradients();

function useStockGradients() {
  for (const [k, config] of stockGradients) {
    tf.unregisterGradient(k);
    tf.registerGradient(config);
  }
}

/** mulberry32 */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u) {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A dense network over `sizes`; `activation(l)` of layer l's pre-activation (null = linear). */
function denseModel(sizes, activation) {
  const shapes = sizes.slice(1).flatMap((out, l) => [[sizes[l], out], [out]]);
  const model = functionalModel({
    shapes,
    forward: (params, x) => {
      let h = x;
      for (let l = 0; l < sizes.length - 1; l++) {
        const z = tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]);
        const f = activation(l);
        h = f === null ? z : f(z);
      }
      return h;
    },
  });
  const g = normal(rng(1));
  const theta = new Float32Array(model.numParams);
  let offset = 0;
  for (let l = 0; l < sizes.length - 1; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const scale = 1 / Math.sqrt(fanIn);
    for (let i = 0; i < fanIn * fanOut; i++) theta[offset + i] = scale * g();
    offset += fanIn * fanOut + fanOut; // biases stay 0
  }
  // FLOPs of a gradient's matMuls: forward (sum of in*out) + dW (same) + dX (all but the first layer).
  const macs = sizes.slice(1).reduce((acc, out, l) => acc + sizes[l] * out, 0);
  const gradientFlops = 2 * BATCH * (3 * macs - sizes[0] * sizes[1]);
  return { model, theta, gradientFlops };
}

function autoencoder() {
  const sizes = [784, 1000, 500, 250, 30, 250, 500, 1000, 784];
  const { model, theta, gradientFlops } = denseModel(sizes, (l) => (l === 3 || l === sizes.length - 2 ? null : tf.sigmoid));
  const u = rng(2);
  const x = Float32Array.from({ length: BATCH * 784 }, () => u());
  const inputs = tf.tensor2d(x, [BATCH, 784]);
  return { name: 'autoencoder 784-1000-500-250-30-250-500-1000-784', model, theta, gradientFlops, loss: sigmoidCrossEntropy, inputs, targets: x };
}

function mlp() {
  const sizes = [784, 256, 256, 10];
  const { model, theta, gradientFlops } = denseModel(sizes, (l) => (l === sizes.length - 2 ? null : tf.tanh));
  const u = rng(3);
  const inputs = tf.tensor2d(Float32Array.from({ length: BATCH * 784 }, () => u()), [BATCH, 784]);
  const targets = Int32Array.from({ length: BATCH }, () => Math.floor(10 * u()));
  return { name: 'mlp 784-256-256-10 tanh', model, theta, gradientFlops, loss: softmaxCrossEntropy, inputs, targets };
}

/** Wall time of f in ms (WASM kernels run synchronously; results are read back inside f). */
function time(f) {
  const t0 = performance.now();
  const out = f();
  return { ms: performance.now() - t0, out };
}

/** The tensor's data (read synchronously), then the tensor disposed. */
function readAndDispose(t) {
  try {
    return t.dataSync();
  } finally {
    t.dispose();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds per top-level kernel while f runs (a wrapper on the engine's runKernel, like the recorder's). */
function profileKernels(f) {
  const engine = tf.engine();
  const previous = engine.runKernel;
  const totals = new Map();
  let depth = 0;
  engine.runKernel = function (name, inputs, attrs) {
    if (depth > 0) return previous.call(this, name, inputs, attrs);
    depth++;
    const t0 = performance.now();
    try {
      return previous.call(this, name, inputs, attrs);
    } finally {
      depth--;
      const key = name === 'BatchMatMul' && (attrs?.transposeA || attrs?.transposeB) ? 'BatchMatMul(transposed)' : name;
      const e = totals.get(key) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls += 1;
      totals.set(key, e);
    }
  };
  try {
    f();
  } finally {
    delete engine.runKernel;
  }
  return Object.fromEntries(
    [...totals].sort((a, b) => b[1].ms - a[1].ms).map(([k, e]) => [k, { ms: Math.round(e.ms), calls: e.calls }]),
  );
}

/** A plain untransposed [1000,784] x [784,1000] matMul (result read back), timed on demand. */
function matMulTimer() {
  const a = tf.randomUniform([1000, 784]);
  const b = tf.randomUniform([784, 1000]);
  // Never return a typed array from tf.tidy: tfjs walks it element by element looking for tensors.
  const run = () => readAndDispose(tf.matMul(a, b));
  run();
  return { ms: () => time(run).ms, dispose: () => tf.dispose([a, b]) };
}
const MATMUL_FLOPS = 2 * 1000 * 784 * 1000;

function benchModel(spec) {
  const { model, theta, loss, inputs, targets } = spec;
  const batch = { inputs, targets };
  const outputs = model.shapes[model.shapes.length - 1][0]; // the last bias
  const targetsT = loss.prepareTargets(targets, [BATCH, outputs]);
  // The forward pass as curvatureAt runs it: parameters uploaded from theta's subarrays
  // (model.trace would split a flat tensor, which on WASM copies all of it once per piece).
  const lossValue = () =>
    readAndDispose(
      tf.tidy(() => {
        let offset = 0;
        const params = model.shapes.map((shape) => {
          const size = shape.reduce((a, b) => a * b, 1);
          return tf.tensor(theta.subarray(offset, (offset += size)), shape);
        });
        return loss.value(model.traceParams(params, inputs)[0], targetsT);
      }),
    )[0];
  // tf.grads with respect to the parameter tensors (uploaded from theta's subarrays, as above).
  const gradWith = () => {
    const grads = tf.tidy(() => {
      let offset = 0;
      const params = model.shapes.map((shape) => {
        const size = shape.reduce((a, b) => a * b, 1);
        return tf.tensor(theta.subarray(offset, (offset += size)), shape);
      });
      return tf.grads((...ps) => loss.value(model.traceParams(ps, inputs)[0], targetsT))(params);
    });
    const flat = new Float32Array(model.numParams);
    let offset = 0;
    for (const g of grads) {
      flat.set(readAndDispose(g), offset);
      offset += g.size;
    }
    return flat;
  };

  // Warm-up: one of everything (WASM memory growth, JIT).
  lossValue();
  {
    const at = curvatureAt(model, loss, theta, batch);
    const y = new Float32Array(model.numParams);
    for (const op of [at.gaussNewton(), at.hessian(), at.fisher({ kind: 'empirical' })]) op.apply(theta, y);
    at.dispose();
  }

  // Loss, loss+gradient and the reference matMul in interleaved rounds (medians), so that
  // their ratio is not skewed by the machine's load changing between measurements.
  const matMul = matMulTimer();
  const rounds = Array.from({ length: ROUNDS }, () => {
    const lossRound = time(lossValue).ms;
    const { ms, out } = time(() => curvatureAt(model, loss, theta, batch));
    out.dispose();
    return { loss: lossRound, lossGradient: ms, matMul: matMul.ms() };
  });
  matMul.dispose();
  const lossMs = median(rounds.map((r) => r.loss));
  const lossGradientMs = median(rounds.map((r) => r.lossGradient));
  const matMulMs = median(rounds.map((r) => r.matMul));

  // One point: setup, then PRODUCTS products of each operator.
  const u = rng(4);
  const v = Float32Array.from({ length: model.numParams }, () => u() - 0.5);
  const y = new Float32Array(model.numParams);
  const setup = time(() => {
    const at = curvatureAt(model, loss, theta, batch);
    return { at, G: at.gaussNewton(), H: at.hessian(), F: at.fisher({ kind: 'empirical' }) };
  });
  const { at, G, H, F } = setup.out;
  const perProduct = (op) => time(() => {
    for (let k = 0; k < PRODUCTS; k++) op.apply(v, y);
  }).ms / PRODUCTS;
  const gaussNewtonMs = perProduct(G);
  const hessianMs = perProduct(H);
  const fisherMs = perProduct(F);
  // The diagonal: exact against 4 Rademacher probes, interleaved.
  at.empiricalFisherDiagonal({ method: 'exact' });
  at.empiricalFisherDiagonal({ method: 'rademacher', samples: 4 });
  const diagonalRounds = Array.from({ length: ROUNDS }, () => ({
    exact: time(() => at.empiricalFisherDiagonal({ method: 'exact' })).ms,
    rademacher4: time(() => at.empiricalFisherDiagonal({ method: 'rademacher', samples: 4 })).ms,
  }));
  const exactDiagonalMs = median(diagonalRounds.map((d) => d.exact));
  const rademacher4DiagonalMs = median(diagonalRounds.map((d) => d.rademacher4));
  const exactDiagonalPlan = at.exactDiagonalPlan();
  const profile = PROFILE
    ? {
        lossGradient: profileKernels(() => curvatureAt(model, loss, theta, batch).dispose()),
        gaussNewton: profileKernels(() => G.apply(v, y)),
        hessian: profileKernels(() => H.apply(v, y)),
        fisher: profileKernels(() => F.apply(v, y)),
        exactDiagonal: profileKernels(() => at.empiricalFisherDiagonal({ method: 'exact' })),
      }
    : undefined;
  at.dispose();

  const tfGradsOwnTableMs = median(Array.from({ length: 3 }, () => time(gradWith).ms));
  useStockGradients();
  let stockTfGradsMs;
  let stockProfile;
  try {
    gradWith();
    stockTfGradsMs = median(Array.from({ length: 3 }, () => time(gradWith).ms));
    if (PROFILE) stockProfile = profileKernels(gradWith);
  } finally {
    ensureGradients();
  }
  targetsT.dispose();

  const mm = MATMUL_FLOPS / (matMulMs * 1e6);
  const gflops = spec.gradientFlops / (lossGradientMs * 1e6);
  const r = (x) => Math.round(x * 100) / 100;
  return {
    model: spec.name,
    backend: tf.getBackend(),
    batch: BATCH,
    params: model.numParams,
    data: 'random (uniform inputs, N(0, 1/fan-in) weights)',
    lossMs: r(lossMs),
    lossGradientMs: r(lossGradientMs),
    setupMs: r(setup.ms),
    productsPerPoint: PRODUCTS,
    gaussNewtonMs: r(gaussNewtonMs),
    hessianMs: r(hessianMs),
    fisherMs: r(fisherMs),
    ratios: { gaussNewton: r(gaussNewtonMs / lossGradientMs), hessian: r(hessianMs / lossGradientMs), fisher: r(fisherMs / lossGradientMs) },
    exactDiagonalMs: r(exactDiagonalMs),
    rademacher4DiagonalMs: r(rademacher4DiagonalMs),
    exactDiagonalMethod: exactDiagonalPlan.method,
    diagonal: {
      exact: r(exactDiagonalMs / lossGradientMs),
      rademacher4: r(rademacher4DiagonalMs / lossGradientMs),
      exactVsRademacher4: r(exactDiagonalMs / rademacher4DiagonalMs),
    },
    lossGradientGflops: r(gflops),
    matMulGflops: r(mm),
    lossGradientVsMatMul: r(gflops / mm),
    stockTfGradsMs: r(stockTfGradsMs),
    stockTfGradsGflops: r(spec.gradientFlops / (stockTfGradsMs * 1e6)),
    tfGradsOwnTableMs: r(tfGradsOwnTableMs),
    ...(profile ? { profile: { ...profile, stockTfGrads: stockProfile } } : {}),
  };
}

const only = args.get('only');
for (const make of [autoencoder, mlp]) {
  if (only !== undefined && !make.name.startsWith(only)) continue;
  const spec = make();
  const result = benchModel(spec);
  spec.inputs.dispose();
  console.log(JSON.stringify(result));
}
