// Newton-CG on the extended Rosenbrock function, n = 100, from the standard
// start (-1.2, 1, ...), with both globalizations. Needs a build first
// (`npx tsc -b packages/hf`). Prints one JSON line per method; `ms` is the
// median wall time of 5 runs after one warm-up run.
import { minimize } from '../dist/index.js';

const n = 100;

const rosenbrock = {
  value(x) {
    let f = 0;
    for (let i = 0; i < x.length; i += 2) {
      const r = x[i + 1] - x[i] * x[i];
      f += 100 * r * r + (1 - x[i]) * (1 - x[i]);
    }
    return f;
  },
  gradient(x, g) {
    for (let i = 0; i < x.length; i += 2) {
      const r = x[i + 1] - x[i] * x[i];
      g[i] = -400 * x[i] * r - 2 * (1 - x[i]);
      g[i + 1] = 200 * r;
    }
  },
  hessianVector(x, v, out) {
    for (let i = 0; i < x.length; i += 2) {
      const a = x[i];
      out[i] = (1200 * a * a - 400 * x[i + 1] + 2) * v[i] - 400 * a * v[i + 1];
      out[i + 1] = -400 * a * v[i] + 200 * v[i + 1];
    }
  },
};

const start = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));

for (const method of ['line-search', 'trust-region']) {
  let result = minimize(rosenbrock, start, { method });
  const times = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    result = minimize(rosenbrock, start, { method });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  let error = 0;
  for (const xi of result.x) error = Math.max(error, Math.abs(xi - 1));
  console.log(
    JSON.stringify({
      case: 'extended-rosenbrock-100',
      method,
      status: result.status,
      iterations: result.iterations,
      evaluations: result.evaluations,
      error,
      ms: Number(times[2].toFixed(3)),
    }),
  );
}
