// minimize with indefiniteSolver 'minres' (Newton-MR) against the default
// Newton-CG on nonconvex problems where the choice matters.
import { minimize, type MinimizeCallbacks, type MinimizeOptions, type MinimizeResult } from '@hessian-free/hf';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from './helpers/hf-backend.js';
import { extendedRosenbrock } from './helpers/problems.js';

const measured: string[] = [];
afterAll(() => console.log(`minimize-minres (steps; evaluations f / g / Hv):\n  ${measured.join('\n  ')}`));

/** f = x^2 - y^2 + y^4: a saddle point at (0, 0), minima f = -1/4 at (0, +-1/sqrt(2)). */
function saddle(): MinimizeCallbacks {
  return {
    value: ([x, y]) => x * x - y * y + y ** 4,
    gradient([x, y], g) {
      g[0] = 2 * x;
      g[1] = -2 * y + 4 * y ** 3;
    },
    hessianVector([, y], v, out) {
      out[0] = 2 * v[0];
      out[1] = (-2 + 12 * y * y) * v[1];
    },
  };
}

interface Run {
  readonly result: MinimizeResult;
  /** g'(x_{k+1} - x_k) of every step, with g from an independent copy of the callbacks. */
  readonly slopes: number[];
}

/** Runs minimize and records the slope g(x_k)'(x_{k+1} - x_k) of every step taken. */
function run(make: () => MinimizeCallbacks, x0: Float64Array, options: MinimizeOptions): Run {
  const reference = make(); // not counted by the optimizer
  const slopes: number[] = [];
  let x = Float64Array.from(x0);
  const g = new Float64Array(x0.length);
  const result = minimize(make(), x0, {
    ...options,
    history: true,
    onIteration: (info) => {
      if (!info.accepted) return;
      reference.gradient(x, g);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += g[i] * (info.x[i] - x[i]);
      slopes.push(s);
      x = Float64Array.from(info.x);
    },
  });
  return { result, slopes };
}

const describeRun = (r: MinimizeResult): string => {
  const { value, gradient, hessianVector } = r.evaluations;
  const kinds = r.history!.reduce<Record<string, number>>((m, h) => ({ ...m, [h.direction ?? '-']: (m[h.direction ?? '-'] ?? 0) + 1 }), {});
  return `${r.iterations} steps, ${value} / ${gradient} / ${hessianVector} (${Object.entries(kinds).map(([k, c]) => `${k} ${c}`).join(', ')})`;
};

describe("minimize: indefiniteSolver 'minres' (Newton-MR)", () => {
  it('Rosenbrock from several starts: both solvers reach (1, 1), every step a descent direction', () => {
    const starts: [number, number][] = [
      [-1.2, 1],
      [-1.2, 2],
      [0, 1],
      [2, -1],
      [-0.5, 3],
    ];
    for (const start of starts) {
      const line: string[] = [];
      for (const indefiniteSolver of ['cg', 'minres'] as const) {
        const { result, slopes } = run(extendedRosenbrock, Float64Array.from(start), { indefiniteSolver });
        expect(result.status).toBe('converged');
        // gtol 1e-8 on a well-conditioned minimizer (Hessian eigenvalues 0.4
        // and 1002): x within 1e-7 of (1, 1).
        expect(Math.abs(result.x[0] - 1)).toBeLessThan(1e-7);
        expect(Math.abs(result.x[1] - 1)).toBeLessThan(1e-7);
        for (const s of slopes) expect(s).toBeLessThan(0);
        line.push(`${indefiniteSolver}: ${describeRun(result)}`);
      }
      measured.push(`Rosenbrock from (${start.join(', ')}): ${line.join('; ')}`);
    }
  });

  it('near the saddle point of x^2 - y^2 + y^4: MINRES finds the negative curvature and leaves along it', () => {
    for (const start of [
      [1, 1e-3],
      [0.5, -1e-6],
      [1e-3, 1e-3],
    ]) {
      const line: string[] = [];
      const runs: Record<string, Run> = {};
      for (const indefiniteSolver of ['cg', 'minres'] as const) {
        const r = run(saddle, Float64Array.from(start), { indefiniteSolver });
        runs[indefiniteSolver] = r;
        expect(r.result.status).toBe('converged');
        // A minimizer (0, +-1/sqrt(2)), f = -1/4; gtol 1e-8 and H = diag(2, 4) there.
        expect(Math.abs(r.result.x[0])).toBeLessThan(1e-8);
        expect(Math.abs(Math.abs(r.result.x[1]) - Math.SQRT1_2)).toBeLessThan(1e-8);
        for (const s of r.slopes) expect(s).toBeLessThan(0);
        line.push(`${indefiniteSolver}: ${describeRun(r.result)}`);
      }
      const mr = runs.minres.result;
      expect(mr.history!.some((h) => h.direction === 'negative-curvature' && h.cgStatus === 'negative_curvature')).toBe(true);
      measured.push(`saddle, from (${start.join(', ')}): ${line.join('; ')}`);
    }
  });
});

describe("minimize: indefiniteSolver 'minres' with a TensorFlow.js function (float32, cpu)", () => {
  it('leaves the saddle point of x^2 - y^2 + y^4 for a minimizer, freeing every tensor', async () => {
    await useBackend('cpu');
    const f = (v: tf.Tensor1D): tf.Scalar =>
      tf.tidy(() => {
        const [x, y] = tf.unstack(v) as tf.Scalar[];
        return tf.add(tf.sub(tf.square(x), tf.square(y)), tf.square(tf.square(y)));
      });
    const before = tf.memory().numTensors;
    const r = minimize(f, Float64Array.of(1, 1e-3), { indefiniteSolver: 'minres', history: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.status).toBe('converged');
    expect(r.history!.some((h) => h.direction === 'negative-curvature')).toBe(true);
    // gtol 1e-4 (float32's default) with H = diag(2, 4) at the minimizer: within 1e-4.
    expect(Math.abs(r.x[0])).toBeLessThan(1e-4);
    expect(Math.abs(Math.abs(r.x[1]) - Math.SQRT1_2)).toBeLessThan(1e-4);
  });
});

describe("minimize: indefiniteSolver's checks", () => {
  const f = saddle();
  const x0 = Float64Array.of(1, 1);
  it('names the option and what it must be', () => {
    expect(() => minimize(f, x0, { indefiniteSolver: 'gmres' as never })).toThrow(
      new RangeError(`minimize: options.indefiniteSolver must be 'cg' or 'minres', got the string "gmres"`),
    );
    expect(() => minimize(f, x0, { indefiniteSolver: 1 as never })).toThrow(TypeError);
    expect(() => minimize(f, x0, { indefiniteSolver: 'minres', method: 'trust-region' })).toThrow(
      /minimize: options.indefiniteSolver must be 'cg' with method 'trust-region' \(Newton-MR is a line-search method.*got the string "minres"/,
    );
    expect(() => minimize(f, x0, { indefiniteSolvr: 'minres' } as never)).toThrow(/unknown option 'indefiniteSolvr' \(did you mean 'indefiniteSolver'\?\)/);
  });

  it("'cg' is the default: the same run as without the option", () => {
    const plain = minimize(saddle(), Float64Array.of(1, 1e-3), { history: true });
    const cg = minimize(saddle(), Float64Array.of(1, 1e-3), { history: true, indefiniteSolver: 'cg' });
    expect(cg.x).toEqual(plain.x);
    expect(cg.evaluations).toEqual(plain.evaluations);
    expect(cg.history).toEqual(plain.history);
  });

  it('an aborted signal stops a MINRES solve with status aborted', () => {
    const controller = new AbortController();
    let products = 0;
    const watched: MinimizeCallbacks = {
      ...extendedRosenbrock(),
      hessianVector(x, v, out) {
        if (++products === 2) controller.abort();
        extendedRosenbrock().hessianVector(x, v, out);
      },
    };
    const x0r = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const r = minimize(watched, x0r, { indefiniteSolver: 'minres', signal: controller.signal, forcingMax: 1e-6 });
    expect(r.status).toBe('aborted');
    expect(r.x).toEqual(x0r);
    expect(products).toBe(2);
  });
});
