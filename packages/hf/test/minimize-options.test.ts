import { readFileSync } from 'node:fs';
import { minimize } from '@hessian-free/hf';
import type { MinimizeCallbacks, MinimizeOptions } from '@hessian-free/hf';
import { describe, expect, it } from 'vitest';

/** f(x) = (1/2) sum_i d_i x_i^2: one Newton step from anywhere lands on 0. */
function diagonalQuadratic(d: number[]): MinimizeCallbacks & { calls: number } {
  const f = {
    calls: 0,
    value: (x: Float64Array) => (f.calls++, x.reduce((s, xi, i) => s + 0.5 * d[i] * xi * xi, 0)),
    gradient: (x: Float64Array, g: Float64Array) => {
      f.calls++;
      for (let i = 0; i < x.length; i++) g[i] = d[i] * x[i];
    },
    hessianVector: (_x: Float64Array, v: Float64Array, out: Float64Array) => {
      f.calls++;
      for (let i = 0; i < v.length; i++) out[i] = d[i] * v[i];
    },
  };
  return f;
}

describe('xtol is a test on the 2-norm, as the code, the README and the doc comment say', () => {
  it('the doc comment of MinimizeOptions.xtol speaks of the 2-norm', () => {
    const source = readFileSync(new URL('../src/minimize/types.ts', import.meta.url), 'utf8');
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*xtol\?:/.exec(source)?.[1] ?? '';
    expect(doc).toMatch(/\|\|dx\|\|_2 <= xtol \* max\(1, \|\|x\|\|_2\)/);
    expect(doc).not.toMatch(/_inf/);
  });

  it('a step that passes in the infinity norm but not in the 2-norm does not stop the run', () => {
    // f = (1/2) sum d_i x_i^2 with d = (1, 2, 1, 2, ...), n = 100, from all
    // ones; maxCgIter 1 makes the step the Cauchy step s = -(g'g / g'Hg) g
    // = -(5/9) g, g = d: entries -5/9 and -10/9 (by hand), taken whole (f
    // falls from 75 to 5.6). Then ||s||_2 = sqrt(50 (25 + 100)) / 9 = 8.78
    // and ||s||_inf = 10/9; x = (4/9, -1/9, ...) has ||x||_2 = 3.24 and
    // ||x||_inf = 4/9. xtol = 2: 8.78 > 2 * 3.24 in the 2-norm (go on), but
    // 10/9 <= 2 * max(1, 4/9) in the infinity norm (stop).
    const n = 100;
    const d = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 2));
    const r = minimize(diagonalQuadratic(d), new Float64Array(n).fill(1), { xtol: 2, maxCgIter: 1, maxIter: 1, history: true });
    expect(r.history![0].stepNorm).toBeCloseTo(Math.sqrt(50 * 125) / 9, 12);
    expect(r.status).toBe('max_iterations');
    // ... and with xtol = 3: 8.78 <= 3 * 3.24 = 9.72, the 2-norm test fires.
    const byX = minimize(diagonalQuadratic(d), new Float64Array(n).fill(1), { xtol: 3, maxCgIter: 1, maxIter: 1 });
    expect(byX.status).toBe('converged');
    expect(byX.message).toMatch(/xtol/);
  });
});

describe('unknown option names are rejected before f is evaluated, with the nearest known one suggested', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ gtoll: 1e-6 }, "minimize: unknown option 'gtoll' (did you mean 'gtol'?)"],
    [{ maxiter: 10 }, "minimize: unknown option 'maxiter' (did you mean 'maxIter'?)"],
    [{ maxCGIter: 10 }, "minimize: unknown option 'maxCGIter' (did you mean 'maxCgIter'?)"],
    [{ methd: 'trust-region' }, "minimize: unknown option 'methd' (did you mean 'method'?)"],
    [{ radius: 2 }, "minimize: unknown option 'radius' (did you mean 'initialRadius'?)"],
    [{ onIter: () => {} }, "minimize: unknown option 'onIter' (did you mean 'onIteration'?)"],
    [{ gtol: 1e-6, zzzzzzzz: 1 }, "minimize: unknown option 'zzzzzzzz' (known options: method, gtol"],
  ];
  for (const [options, message] of cases) {
    it(Object.keys(options).join(', '), () => {
      const f = diagonalQuadratic([1, 2]);
      const call = () => minimize(f, Float64Array.of(1, 1), options as MinimizeOptions);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
      expect(f.calls).toBe(0);
    });
  }

  it('every documented option is known', () => {
    const f = diagonalQuadratic([1, 2]);
    const r = minimize(f, Float64Array.of(1, 1), {
      method: 'trust-region',
      gtol: 1e-10,
      xtol: 0,
      ftol: 0,
      maxIter: 50,
      maxCgIter: 4,
      forcingMax: 0.5,
      initialRadius: 1,
      history: false,
      onIteration: () => {},
      signal: new AbortController().signal,
    });
    expect(r.status).toBe('converged');
  });
});

it('a name inside several known ones lists them all', () => {
  expect(() => minimize({ value: () => 0, gradient: () => {}, hessianVector: () => {} }, Float64Array.of(1), { tol: 1e-6 } as MinimizeOptions)).toThrow(
    "minimize: unknown option 'tol' (did you mean 'gtol', 'xtol' or 'ftol'?)",
  );
});
