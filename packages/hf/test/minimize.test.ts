import '@tensorflow/tfjs-backend-cpu';
import { minimize } from '@hessian-free/hf';
import type { MinimizeCallbacks, MinimizeIteration, MinimizeMethod, MinimizeOptions } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  choleskySolve,
  extendedRosenbrock,
  fdGradient,
  fdHessianVector,
  logisticData,
  logisticRegression,
  maxAbs,
  maxAbsDiff,
  rosenbrockStart,
} from './helpers/problems.js';

const METHODS: MinimizeMethod[] = ['line-search', 'trust-region'];

describe('the hand-written derivatives of the test problems', () => {
  // Central differences with step h have truncation error ~ h^2 |f'''| / 6 and
  // rounding error ~ eps |f| / h. With h = 1e-5 and |f'''| up to ~1e4 on
  // Rosenbrock near (-1.2, 1) that is ~2e-7 and ~1e-10 (relative to values
  // of |g| ~ 200, |Hv| ~ 1e3), so 1e-6 relative error separates a correct
  // derivative from a wrong term (which is O(1) relative).
  const h = 1e-5;
  const cases: [string, MinimizeCallbacks, Float64Array][] = [
    ['Rosenbrock at (-1.2, 1)', extendedRosenbrock(), rosenbrockStart(2)],
    ['Rosenbrock at (0.3, -0.7)', extendedRosenbrock(), Float64Array.of(0.3, -0.7)],
    ['extended Rosenbrock, n = 6', extendedRosenbrock(), Float64Array.of(-1.2, 1, 0.5, 0.2, 2, -1)],
    ['logistic regression', logisticRegression(logisticData(200, 5, 7), 0.1), Float64Array.of(0.3, -0.2, 0.5, 1, -1)],
  ];
  for (const [name, f, x] of cases) {
    it(`gradient and Hessian-vector product agree with central differences: ${name}`, () => {
      const g = new Float64Array(x.length);
      f.gradient(x, g);
      expect(maxAbsDiff(g, fdGradient(f, x, h))).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(g)));
      const v = x.map((_, i) => Math.cos(i + 1));
      const hv = new Float64Array(x.length);
      f.hessianVector(x, v, hv);
      expect(maxAbsDiff(hv, fdHessianVector(f, x, v, h))).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(hv)));
    });
  }
});

describe('minimize with float64 callbacks', () => {
  for (const method of METHODS) {
    it(`${method}: 2-D Rosenbrock from (-1.2, 1) reaches (1, 1) to 1e-8`, () => {
      // At (1, 1) the Hessian's smallest eigenvalue is ~0.4, so
      // |x - x*| <= ||g||_2 / 0.4; gtol = 1e-10 bounds the error by ~4e-10,
      // well inside 1e-8, and far above the ~1e-13 rounding floor of g.
      const r = minimize(extendedRosenbrock(), rosenbrockStart(2), { method, gtol: 1e-10 });
      expect(r.status).toBe('converged');
      expect(maxAbsDiff(r.x, [1, 1])).toBeLessThanOrEqual(1e-8);
      expect(r.gradientNorm).toBeLessThanOrEqual(1e-10);
      expect(r.value).toBeLessThanOrEqual(1e-18);
      console.log(`rosenbrock-2 ${method}: ${r.iterations} iterations, evaluations ${JSON.stringify(r.evaluations)}`);
    });

    it(`${method}: extended Rosenbrock n = 100 reaches all ones to 1e-6`, () => {
      // The Hessian is block diagonal with the 2-D blocks, so with the default
      // gtol = 1e-8 (inf-norm), |x - x*| <= sqrt(100) * 1e-8 / 0.4 = 2.5e-7 < 1e-6.
      const r = minimize(extendedRosenbrock(), rosenbrockStart(100), { method, history: true });
      expect(r.status).toBe('converged');
      expect(maxAbsDiff(r.x, new Float64Array(100).fill(1))).toBeLessThanOrEqual(1e-6);
      expect(r.history).toHaveLength(r.iterations);
      // Every Hessian-vector product is a CG iteration, or the one product that
      // revealed negative curvature.
      const cgIterations = r.history!.reduce((s, h) => s + h.cgIterations, 0);
      expect(r.evaluations.hessianVector).toBeGreaterThanOrEqual(cgIterations);
      console.log(`extended-rosenbrock-100 ${method}: ${r.iterations} iterations, evaluations ${JSON.stringify(r.evaluations)}`);
    });

    it(`${method}: L2-regularized logistic regression matches a dense Newton reference`, () => {
      const data = logisticData(200, 5, 2024);
      const lambda = 0.1;
      const f = logisticRegression(data, lambda);
      // Reference: plain Newton with a dense Hessian and a hand-written
      // Cholesky solve, from 0, run to the float64 floor. For this strictly
      // convex f it converges quadratically; ||g|| < 1e-14 checks it did.
      const ref = new Float64Array(5);
      const g = new Float64Array(5);
      for (let k = 0; k < 30; k++) {
        f.gradient(ref, g);
        const step = choleskySolve(f.hessian(ref), g);
        for (let j = 0; j < 5; j++) ref[j] -= step[j];
      }
      f.gradient(ref, g);
      expect(maxAbs(g)).toBeLessThan(1e-14);

      // H >= lambda I = 0.1 I, so |w - w*| <= ||g||_2 / 0.1 <= sqrt(5) * 1e-10 / 0.1
      // ~ 2.2e-9 with gtol = 1e-10; 1e-8 allows for it.
      const r = minimize(f, new Float64Array(5), { method, gtol: 1e-10 });
      expect(r.status).toBe('converged');
      expect(r.gradientNorm).toBeLessThanOrEqual(1e-10);
      expect(maxAbsDiff(r.x, ref)).toBeLessThanOrEqual(1e-8);
      expect(Math.abs(r.value - f.value(ref))).toBeLessThanOrEqual(1e-14);
    });
  }
});

describe('minimize with a TensorFlow.js function (float32, cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  // f(x) = (1/2) x'Ax - b'x + 3 with A SPD (eigenvalues >= ~1.2), minimizer A^{-1} b.
  const A = [
    [4, 1, 0, 0.5],
    [1, 3, 0.5, 0],
    [0, 0.5, 2, 0.3],
    [0.5, 0, 0.3, 1.5],
  ];
  const b = [1, -2, 0.5, 3];

  for (const method of METHODS) {
    it(`${method}: a small quadratic`, () => {
      const At = tf.tensor2d(A);
      const bt = tf.tensor1d(b);
      const quadratic = (x: tf.Tensor1D): tf.Scalar =>
        tf.tidy(() => tf.add(tf.sub(tf.mul(0.5, tf.sum(tf.mul(x, tf.squeeze(tf.matMul(At, tf.reshape(x, [4, 1])))))), tf.sum(tf.mul(bt, x))), 3));
      const before = tf.memory().numTensors;
      const r = minimize(quadratic, new Float64Array(4), { method });
      expect(tf.memory().numTensors).toBe(before);
      const exact = choleskySolve(Float64Array.from(A.flat()), Float64Array.from(b));
      // Default gtol for tfjs is 1e-4; with lambda_min(A) > 1 that bounds the
      // error by 2e-4, and float32 products add ~1e-6. 1e-3 holds both.
      expect(r.status).toBe('converged');
      expect(maxAbsDiff(r.x, exact)).toBeLessThanOrEqual(1e-3);
      At.dispose();
      bt.dispose();
    });

    it(`${method}: 2-D Rosenbrock from (-1.2, 1)`, () => {
      const rosenbrock = (x: tf.Tensor1D): tf.Scalar =>
        tf.tidy(() => {
          const [a, c] = tf.unstack(x) as tf.Scalar[];
          return tf.add(tf.mul(100, tf.square(tf.sub(c, tf.square(a)))), tf.square(tf.sub(1, a)));
        });
      const before = tf.memory().numTensors;
      const r = minimize(rosenbrock, rosenbrockStart(2), { method });
      expect(tf.memory().numTensors).toBe(before);
      // With the default gtol = 1e-4, |x - x*| <= sqrt(2) * 1e-4 / 0.4 ~ 3.5e-4;
      // the float32 gradient near (1, 1) is itself uncertain by ~1e-5 (400 x
      // times the rounding of y - x^2). 1e-3 covers both.
      expect(r.status).toBe('converged');
      expect(r.gradientNorm).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(r.x, [1, 1])).toBeLessThanOrEqual(1e-3);
    });
  }
});

/** Wraps callbacks so the test can count calls of its own and interfere with them. */
function counted(f: MinimizeCallbacks): MinimizeCallbacks & { calls: number } {
  const w = {
    calls: 0,
    value: (x: Float64Array) => (w.calls++, f.value(x)),
    gradient: (x: Float64Array, g: Float64Array) => (w.calls++, f.gradient(x, g)),
    hessianVector: (x: Float64Array, v: Float64Array, out: Float64Array) => (w.calls++, f.hessianVector(x, v, out)),
  };
  return w;
}

/** f(x) = sum_i (x_i - log x_i): minimizer all ones, NaN for x_i < 0 and +Infinity at 0. */
function logBarrier(): MinimizeCallbacks & { nonFinite: number } {
  const f = {
    nonFinite: 0,
    value(x: Float64Array) {
      let s = 0;
      for (const xi of x) s += xi - Math.log(xi);
      if (!Number.isFinite(s)) f.nonFinite++;
      return s;
    },
    gradient(x: Float64Array, g: Float64Array) {
      for (let i = 0; i < x.length; i++) g[i] = 1 - 1 / x[i];
    },
    hessianVector(x: Float64Array, v: Float64Array, out: Float64Array) {
      for (let i = 0; i < x.length; i++) out[i] = v[i] / (x[i] * x[i]);
    },
  };
  return f;
}

describe('options and outcomes', () => {
  it('forcingMax: solving each Newton system more tightly takes fewer outer iterations on Rosenbrock', () => {
    // The 2-D Rosenbrock valley is the bad case for eta = 0.5: one CG step
    // (a Cauchy step) meets it, and the method crawls along the valley.
    const loose = minimize(extendedRosenbrock(), rosenbrockStart(2));
    const tight = minimize(extendedRosenbrock(), rosenbrockStart(2), { forcingMax: 0.01 });
    expect(loose.status).toBe('converged');
    expect(tight.status).toBe('converged');
    expect(tight.iterations).toBeLessThan(loose.iterations);
  });

  for (const method of METHODS) {
    it(`${method}: maxIter, history and onIteration agree`, () => {
      const f = extendedRosenbrock();
      const seen: MinimizeIteration[] = [];
      const r = minimize(f, rosenbrockStart(2), { method, maxIter: 3, history: true, onIteration: (info) => seen.push({ ...info, x: info.x.slice() }) });
      expect(r.status).toBe('max_iterations');
      expect(r.iterations).toBe(3);
      expect(seen.map((s) => s.iteration)).toEqual([1, 2, 3]);
      expect(r.history!.map((h) => h.value)).toEqual(seen.map((s) => s.value));
      expect(seen[2].x).toEqual(r.x);
      expect(r.value).toBe(f.value(r.x)); // the reported value belongs to the reported x
      for (const h of r.history!) expect(Number.isNaN(method === 'line-search' ? h.radius : h.stepLength)).toBe(true);
    });
  }

  it('xtol and ftol end the run as converged and say which test fired', () => {
    const byX = minimize(extendedRosenbrock(), rosenbrockStart(2), { gtol: 0, xtol: 1e-3 });
    expect(byX.status).toBe('converged');
    expect(byX.message).toMatch(/xtol/);
    const byF = minimize(extendedRosenbrock(), rosenbrockStart(2), { gtol: 0, ftol: 1e-6 });
    expect(byF.status).toBe('converged');
    expect(byF.message).toMatch(/ftol/);
  });

  for (const method of METHODS) {
    it(`${method}: line_search_failed when the gradient contradicts f, never leaving a point worse than x0`, () => {
      const f = extendedRosenbrock();
      const wrong: MinimizeCallbacks = {
        value: f.value,
        gradient: (x, g) => {
          f.gradient(x, g);
          for (let i = 0; i < g.length; i++) g[i] = -g[i];
        },
        hessianVector: f.hessianVector,
      };
      const x0 = rosenbrockStart(2);
      const f0 = f.value(x0);
      const r = minimize(wrong, x0, { method });
      expect(r.status).toBe('line_search_failed');
      // A step may raise f by at most its rounding error, 10 u |f| with
      // u = 2^-52 (the relaxed Armijo test / the trust-region noise guard),
      // but a failed run returns the point of lowest f seen.
      expect(r.value).toBeLessThanOrEqual(f0 * (1 + 10 * 2 ** -52) ** Math.max(1, r.iterations));
      expect(r.value).toBeLessThanOrEqual(f0);
      expect(r.value).toBe(f.value(r.x));
    });
  }
});

describe('the TensorFlow.js function path', () => {
  it('a function that does not return a scalar gets a clear error and leaks nothing', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const vector = (x: tf.Tensor1D) => tf.mul(x, 2) as unknown as tf.Scalar;
    expect(() => minimize(vector, Float64Array.of(1, 2))).toThrow(/f must return a scalar tf\.Tensor \(rank 0\), got a tensor of shape \[2\]/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('abort', () => {
  for (const method of METHODS) {
    it(`${method}: aborting from onIteration stops before the next iteration`, () => {
      const controller = new AbortController();
      let atAbort: Float64Array | null = null;
      const r = minimize(extendedRosenbrock(), rosenbrockStart(2), {
        method,
        signal: controller.signal,
        onIteration: (info) => {
          if (info.iteration === 2) {
            atAbort = info.x.slice();
            controller.abort();
          }
        },
      });
      expect(r.status).toBe('aborted');
      expect(r.iterations).toBe(2);
      expect(r.x).toEqual(atAbort);
    });
  }

  it('an aborted signal stops before any Newton step', () => {
    const r = minimize(extendedRosenbrock(), rosenbrockStart(2), { signal: AbortSignal.abort() });
    expect(r.status).toBe('aborted');
    expect(r.iterations).toBe(0);
    expect(r.evaluations).toEqual({ value: 1, gradient: 1, hessianVector: 0 });
  });

  for (const method of METHODS) {
    it(`${method}: aborting inside CG keeps the last accepted point`, () => {
      const controller = new AbortController();
      const f = extendedRosenbrock();
      const inner: MinimizeCallbacks = {
        ...f,
        hessianVector: (x, v, out) => {
          f.hessianVector(x, v, out);
          controller.abort(); // after the first product: CG checks before its next iteration
        },
      };
      const x0 = Float64Array.of(0.3, -0.7); // CG needs 2 iterations here
      const r = minimize(inner, x0, { method, signal: controller.signal, forcingMax: 1e-3 });
      expect(r.status).toBe('aborted');
      expect(r.iterations).toBe(0);
      expect(r.x).toEqual(x0);
    });
  }
});

describe('non-finite values', () => {
  it('f = NaN at x0: status non_finite after one evaluation', () => {
    const f = extendedRosenbrock();
    const r = minimize({ ...f, value: () => NaN }, rosenbrockStart(2));
    expect(r.status).toBe('non_finite');
    expect(r.iterations).toBe(0);
    expect(r.evaluations).toEqual({ value: 1, gradient: 0, hessianVector: 0 });
    expect(r.gradientNorm).toBeNaN();
  });

  it('a non-finite gradient at x0: status non_finite', () => {
    const f = extendedRosenbrock();
    const r = minimize({ ...f, gradient: (_x, g) => g.fill(Infinity) }, rosenbrockStart(2), { method: 'trust-region' });
    expect(r.status).toBe('non_finite');
    expect(r.message).toMatch(/gradient/);
    expect(r.evaluations).toEqual({ value: 1, gradient: 1, hessianVector: 0 });
  });

  for (const method of METHODS) {
    it(`${method}: a trial point outside the domain of f (NaN) is backed away from`, () => {
      // From x = 3 the Newton step of x - log x is -6, landing at -3 where f is NaN.
      const f = logBarrier();
      const options: MinimizeOptions = method === 'trust-region' ? { method, initialRadius: 10 } : { method };
      const r = minimize(f, Float64Array.of(3, 0.2), options);
      expect(f.nonFinite).toBeGreaterThan(0);
      expect(r.status).toBe('converged');
      // H = diag(1/x^2) = I at the minimizer, so |x - 1| <= ||g|| <= gtol = 1e-8.
      expect(maxAbsDiff(r.x, [1, 1])).toBeLessThanOrEqual(1e-8);
    });

    it(`${method}: a trial point where only the gradient is not finite is not taken`, () => {
      const f = extendedRosenbrock();
      let gradientCalls = 0;
      const flaky: MinimizeCallbacks = {
        ...f,
        gradient: (x, g) => {
          f.gradient(x, g);
          if (++gradientCalls === 2) g[0] = NaN; // the first trial point
        },
      };
      const seen: number[] = [];
      const r = minimize(flaky, rosenbrockStart(2), { method, gtol: 1e-10, onIteration: (info) => seen.push(info.gradientNorm) });
      expect(seen.every(Number.isFinite)).toBe(true);
      expect(r.status).toBe('converged');
      expect(maxAbsDiff(r.x, [1, 1])).toBeLessThanOrEqual(1e-8);
    });
  }
});

describe('a non-finite Hessian-vector product', () => {
  for (const method of METHODS) {
    it(`${method}: CG breaks down on it and the step falls back to steepest descent`, () => {
      const f = extendedRosenbrock();
      let products = 0;
      const once: MinimizeCallbacks = {
        ...f,
        hessianVector: (x, v, out) => {
          f.hessianVector(x, v, out);
          if (++products === 1) out.fill(NaN);
        },
      };
      const r = minimize(once, rosenbrockStart(2), { method, gtol: 1e-10, history: true });
      expect(r.history![0].cgStatus).toBe('breakdown');
      expect(r.history![0].cgIterations).toBe(0);
      if (method === 'line-search') expect(r.history![0].value).toBeLessThan(f.value(rosenbrockStart(2)));
      else expect(r.history![0].stepNorm).toBeCloseTo(1, 12); // -g scaled to the initial radius
      expect(r.status).toBe('converged');
      expect(maxAbsDiff(r.x, [1, 1])).toBeLessThanOrEqual(1e-8);
    });
  }
});

describe('bad input is rejected before f is evaluated', () => {
  const f = counted(extendedRosenbrock());
  const x0 = rosenbrockStart(2);
  const bad = (options: unknown) => () => minimize(f, x0, options as MinimizeOptions);
  const cases: [string, () => unknown, RegExp][] = [
    ['x0 a plain array', () => minimize(f, [-1.2, 1] as unknown as Float64Array), /x0 must be a Float64Array or Float32Array, got Array/],
    ['x0 empty', () => minimize(f, new Float64Array(0)), /x0 must have length >= 1/],
    ['x0 with NaN', () => minimize(f, Float64Array.of(1, NaN)), /x0 must be finite, but x0\[1\] is NaN/],
    ['f null', () => minimize(null as unknown as MinimizeCallbacks, x0), /f must be an object with value, gradient and hessianVector/],
    ['f without hessianVector', () => minimize({ value: f.value, gradient: f.gradient } as MinimizeCallbacks, x0), /f\.hessianVector must be a function, got undefined/],
    ['f.valueAndGradient not a function', () => minimize({ ...f, valueAndGradient: 3 } as unknown as MinimizeCallbacks, x0), /f\.valueAndGradient must be a function/],
    ['options not an object', bad(5), /options must be an object/],
    ['negative gtol', bad({ gtol: -1 }), /options\.gtol must be a finite number >= 0, got -1/],
    ['NaN xtol', bad({ xtol: NaN }), /options\.xtol/],
    ['negative ftol', bad({ ftol: -1e-3 }), /options\.ftol/],
    ['fractional maxIter', bad({ maxIter: 1.5 }), /options\.maxIter must be an integer >= 0/],
    ['maxCgIter 0', bad({ maxCgIter: 0 }), /options\.maxCgIter must be an integer >= 1/],
    ['unknown method', bad({ method: 'newton' }), /options\.method must be 'line-search' or 'trust-region', got newton/],
    ['initialRadius 0', bad({ initialRadius: 0 }), /options\.initialRadius must be a finite number > 0/],
    ['forcingMax 1', bad({ forcingMax: 1 }), /options\.forcingMax must be a number in \(0, 1\)/],
    ['history not boolean', bad({ history: 'yes' }), /options\.history must be a boolean/],
    ['onIteration not a function', bad({ onIteration: 3 }), /options\.onIteration must be a function/],
    ['signal not an AbortSignal', bad({ signal: {} }), /options\.signal must be an AbortSignal/],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
      expect(f.calls).toBe(0);
    });
  }
});
