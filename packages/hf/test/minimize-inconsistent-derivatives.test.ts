import { minimize } from '@hessian-free/hf';
import type { MinimizeCallbacks, MinimizeMethod } from '@hessian-free/hf';
import { describe, expect, it } from 'vitest';

const METHODS: MinimizeMethod[] = ['line-search', 'trust-region'];

/** f(x) = c + sum_i (x_i - a_i)^2, with its true derivatives. */
function shiftedSquares(a: number[], c = 0): MinimizeCallbacks {
  return {
    value: (x) => x.reduce((s, xi, i) => s + (xi - a[i]) ** 2, c),
    gradient: (x, g) => {
      for (let i = 0; i < x.length; i++) g[i] = 2 * (x[i] - a[i]);
    },
    hessianVector: (_x, v, out) => {
      for (let i = 0; i < v.length; i++) out[i] = 2 * v[i];
    },
  };
}

/** The same f with a gradient that does not belong to it: `wrong(g)` edits the true one in place. */
function withWrongGradient(f: MinimizeCallbacks, wrong: (g: Float64Array) => void): MinimizeCallbacks & { values: number } {
  const w = {
    values: 0,
    value: (x: Float64Array) => (w.values++, f.value(x)),
    gradient: (x: Float64Array, g: Float64Array) => {
      f.gradient(x, g);
      wrong(g);
    },
    hessianVector: f.hessianVector,
  };
  return w;
}

const flipSign = (g: Float64Array) => {
  for (let i = 0; i < g.length; i++) g[i] = -g[i];
};

// The model m(s) = g's + s'Hs/2 built from a wrong gradient predicts a
// decrease along a direction where f rises. Shortening the step (line
// search) or the radius (trust region) makes the predicted decrease as
// small as one likes; once it sank below f's rounding error (10 u |f|) the
// old code let the step through as "noise" and took it, raising f by that
// much, again and again (issue 10, item 3: 1,000 steps, 51,001 values,
// max_iterations at f = 18.00000000002953 > f(x0) = 18). The values of f at
// the rejected tries, extrapolated to a step of 0, show f's own slope along
// the step; when it disagrees with the gradient's, the run stops.
describe('a gradient that does not match f ends line_search_failed, quickly, at f <= f(x0)', () => {
  for (const method of METHODS) {
    it(`${method}: f = x'x from (3, 3), the gradient's sign flipped`, () => {
      const f = withWrongGradient(shiftedSquares([0, 0]), flipSign);
      const x0 = Float64Array.of(3, 3);
      const r = minimize(f, x0, { method });
      expect(r.status).toBe('line_search_failed');
      expect(r.message).toMatch(/derivatives do not match f/);
      expect(r.value).toBeLessThanOrEqual(18);
      expect(r.value).toBe(f.value(r.x));
      // Three tries of one search (line search) or of the radius along -g
      // (trust region) show f's slope along the step, +36 where the gradient
      // says -36; a bound of 70 would allow one search from a predicted
      // decrease of 36 down to f's rounding error 4e-14 (log2 ~ 50 halvings).
      // Before: 1,000 steps and 51,001 values (line search).
      expect(r.evaluations.value).toBeLessThanOrEqual(70);
    });

    it(`${method}: f = 18 + |x - a|^2 (a minimum value far from 0), the gradient's sign flipped`, () => {
      const f = withWrongGradient(shiftedSquares([1, -2, 0.5], 18), flipSign);
      const x0 = Float64Array.of(0.5, 0.5, 0.5);
      const f0 = f.value(x0);
      const r = minimize(f, x0, { method });
      expect(r.status).toBe('line_search_failed');
      expect(r.value).toBeLessThanOrEqual(f0);
      expect(r.evaluations.value).toBeLessThanOrEqual(80);
    });

    it(`${method}: a gradient rotated by 90 degrees (no descent direction for f)`, () => {
      // g -> (g2, -g1): perpendicular to the true gradient, so the predicted
      // decrease g'd is not there to first order; f only rises along d.
      const f = withWrongGradient(shiftedSquares([1, 2]), (g) => {
        const g0 = g[0];
        g[0] = g[1];
        g[1] = -g0;
      });
      const x0 = Float64Array.of(-1, 0.5);
      const f0 = f.value(x0);
      const r = minimize(f, x0, { method });
      expect(r.status).toBe('line_search_failed');
      expect(r.message).toMatch(/derivatives do not match f/);
      expect(r.value).toBeLessThanOrEqual(f0);
      expect(r.evaluations.value).toBeLessThanOrEqual(80);
    });
  }
});

describe('a gradient that is wrong but still points downhill is not an error', () => {
  for (const method of METHODS) {
    it(`${method}: a gradient scaled by 3 still reaches the minimum of f`, () => {
      // 3 g is a descent direction for f whose model overstates the
      // decrease: Armijo (c = 1e-4) and rho > 0.1 still accept real
      // decreases, and 3 g = 0 exactly where g = 0.
      const f = withWrongGradient(shiftedSquares([1, 2]), (g) => g.forEach((gi, i) => (g[i] = 3 * gi)));
      const r = minimize(f, Float64Array.of(-1, 0.5), { method });
      expect(r.status).toBe('converged');
      expect(Math.abs(r.x[0] - 1) + Math.abs(r.x[1] - 2)).toBeLessThanOrEqual(1e-8);
    });
  }
});

describe('noise-sized uphill steps taken before the mismatch shows are undone', () => {
  for (const method of METHODS) {
    it(`${method}: from within f's rounding error of the minimum of 18 + |x - a|^2, the sign flipped`, () => {
      // x0 = a + 1e-8 (1, 1, 1): f(x0) - 18 = 3e-16, below the rounding
      // error of f (10 u 18 = 4e-14), so the first steps' predicted decreases
      // are noise-sized and the steps are taken although f rises (each one
      // moves away from a, as the flipped gradient says). The line search
      // goes on until the predicted decreases are large enough for the slope
      // check; the trust region's noise-sized steps may not raise f above
      // the lowest f so far plus its rounding error, so its radius collapses
      // instead. Either way x is then the point of lowest f seen, not the last.
      const a = [1, -2, 0.5];
      const f = withWrongGradient(shiftedSquares(a, 18), flipSign);
      const x0 = Float64Array.from(a, (ai) => ai + 1e-8);
      const f0 = f.value(x0);
      const seen: number[] = [];
      const r = minimize(f, x0, { method, onIteration: (info) => seen.push(info.value) });
      expect(r.status).toBe('line_search_failed');
      expect(Math.max(...seen)).toBeGreaterThan(f0); // f did rise on the way
      expect(r.iterations).toBeLessThanOrEqual(100);
      expect(r.value).toBeLessThanOrEqual(f0);
      expect(r.value).toBe(f.value(r.x));
      const g = new Float64Array(3);
      f.gradient(r.x, g);
      expect(r.gradient).toEqual(g); // the gradient belongs to the returned x
    });
  }
});
