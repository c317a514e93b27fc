import '@tensorflow/tfjs-backend-cpu';
import { minimize } from '@hessian-free/hf';
import type { MinimizeCallbacks, MinimizeMethod, MinimizeOptions } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

const METHODS: MinimizeMethod[] = ['line-search', 'trust-region'];

/** f(x) = sum_i c_i x_i^2 / 2: a minimum, a saddle or a maximum at 0 depending on the signs of c. */
function diagonalQuadratic(c: number[]): MinimizeCallbacks {
  return {
    value: (x) => x.reduce((s, xi, i) => s + (c[i] * xi * xi) / 2, 0),
    gradient: (x, g) => {
      for (let i = 0; i < x.length; i++) g[i] = c[i] * x[i];
    },
    hessianVector: (_x, v, out) => {
      for (let i = 0; i < v.length; i++) out[i] = c[i] * v[i];
    },
  };
}

describe('an objective unbounded below', () => {
  for (const method of METHODS) {
    it(`${method}: f = -x'x from (1, 1) ends 'unbounded' once f overflows to -Infinity`, () => {
      // Before: 'line_search_failed' at f = -1.1e308, "the step shrank below
      // the resolution of x". Every step multiplies x (negative curvature
      // everywhere), so f falls until a trial value overflows to -Infinity.
      const f = diagonalQuadratic([-2, -2]);
      const r = minimize(f, Float64Array.of(1, 1), { method });
      expect(r.status).toBe('unbounded');
      expect(r.message).toMatch(/without bound/);
      expect(Number.isFinite(r.value)).toBe(true); // the last point where f was finite
      expect(r.value).toBe(f.value(r.x));
      expect(r.value).toBeLessThan(-1e300);
    });
  }

  it('a tfjs f = -sum(x^2) overflows float32 at -3.4e38: unbounded too', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const r = minimize((x: tf.Tensor1D) => tf.neg(tf.sum(tf.square(x))), Float64Array.of(1, 1));
    expect(r.status).toBe('unbounded');
    expect(r.value).toBeLessThan(-1e37);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("a stationary point that is not a minimum is not 'converged'", () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const method of METHODS) {
    it(`${method}: f = -x'x from x0 = 0 (a maximum, zero gradient) is a saddle_point`, () => {
      // Before: 'converged' at the maximum. Lanczos on H = -2 I finds the
      // eigenvalue -2 in one step (the Krylov space is invariant).
      const r = minimize(diagonalQuadratic([-2, -2, -2]), new Float64Array(3), { method });
      expect(r.status).toBe('saddle_point');
      expect(r.iterations).toBe(0);
      expect(r.message).toMatch(/negative curvature/);
      expect(r.message).toMatch(/-2\.00e\+0/);
      expect(r.evaluations.hessianVector).toBeGreaterThanOrEqual(1);
    });

    it(`${method}: f = (x^2 - y^2) / 2 from (1, 0): the Newton step lands on the saddle`, () => {
      // g = (1, 0) has no component along y, so every iterate stays on y = 0
      // and the first Newton step reaches (0, 0) exactly, where g = 0; the
      // random start of Lanczos finds the eigenvalue -1.
      const r = minimize(diagonalQuadratic([1, -1]), Float64Array.of(1, 0), { method });
      expect(r.x).toEqual(Float64Array.of(0, 0));
      expect(r.status).toBe('saddle_point');
      expect(r.message).toMatch(/-1\.00e\+0/);
    });

    it(`${method}: curvatureCheck: 0 turns the check off (converged, no Hessian-vector product spent on it)`, () => {
      const r = minimize(diagonalQuadratic([-2, -2]), new Float64Array(2), { method, curvatureCheck: 0 });
      expect(r.status).toBe('converged');
      expect(r.evaluations.hessianVector).toBe(0);
    });

    it(`${method}: at a true minimum the check costs at most curvatureCheck products and says converged`, () => {
      const f = diagonalQuadratic([1, 2, 3, 4, 5, 6]);
      const off = minimize(f, new Float64Array(6).fill(1), { method, curvatureCheck: 0 });
      const on = minimize(f, new Float64Array(6).fill(1), { method, curvatureCheck: 4 });
      expect(on.status).toBe('converged');
      expect(on.x).toEqual(off.x);
      expect(on.evaluations.hessianVector - off.evaluations.hessianVector).toBeGreaterThan(0);
      expect(on.evaluations.hessianVector - off.evaluations.hessianVector).toBeLessThanOrEqual(4);
    });

    it(`${method}: a saddle of a tfjs f (float32): (x0^2 + x1^2 - x2^2) at 0`, () => {
      const before = tf.memory().numTensors;
      const f = (x: tf.Tensor1D): tf.Scalar => tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 1, -1]), tf.square(x))));
      const r = minimize(f, new Float64Array(3), { method });
      expect(r.status).toBe('saddle_point');
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a positive definite Hessian with a tiny negative rounding is still a minimum', () => {
    // H = diag(1, 1e-20): Ritz values within rounding of the spectrum, all >= 0.
    const r = minimize(diagonalQuadratic([1, 1e-20]), Float64Array.of(1, 0));
    expect(r.status).toBe('converged');
  });

  it('options.curvatureCheck is checked', () => {
    const f = diagonalQuadratic([1]);
    expect(() => minimize(f, Float64Array.of(1), { curvatureCheck: -1 } as MinimizeOptions)).toThrow(/options\.curvatureCheck must be an integer >= 0, got -1/);
    expect(() => minimize(f, Float64Array.of(1), { curvatureCheck: 2.5 } as MinimizeOptions)).toThrow(/options\.curvatureCheck must be an integer >= 0/);
  });
});
