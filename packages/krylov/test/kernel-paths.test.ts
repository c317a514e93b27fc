import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csr, diagonal, wasmKernels } from '@hessian-free/linop';
import type { LinearOperator, Vector } from '@hessian-free/linop';
import { cg, ic0, jacobi, martensStop } from '@hessian-free/krylov';
import type { CgOptions, CgResult } from '@hessian-free/krylov';
import { csrMatvec, csrOp, denseOp, geometricSpectrum, mulberry32, poisson2d, randomVector, symmetricWithEigenvalues } from './problems.js';
import type { Csr } from './problems.js';

/**
 * cg on its two engines: the WebAssembly kernels (the default) and the
 * JavaScript loops (`kernels: 'js'`). Every kernel sums in the order of its
 * JavaScript twin, so a whole solve must give the same bits on both: the
 * solution, every statistic and history, the saved iterates, and what the
 * callbacks saw at each iteration. The cases cover what the iteration can
 * meet: CSR operators (the product in WebAssembly) in both precisions,
 * operators of any other kind (the product in JavaScript on the kernels'
 * vectors), preconditioners, warm starts, right-hand sides beyond 2^+-100
 * (sums at a power-of-two scale), restarts from the true residual and
 * attainable accuracy, the trust region, negative curvature, breakdown,
 * stopping rules and saved iterates.
 */

// These tests choose the engine themselves: a run of the whole suite with
// HESSIAN_FREE_KERNELS=js (the other tests on the JavaScript loops) leaves
// them on both.
const switchedOff = process.env.HESSIAN_FREE_KERNELS;
beforeAll(() => {
  delete process.env.HESSIAN_FREE_KERNELS;
});
afterAll(() => {
  if (switchedOff !== undefined) process.env.HESSIAN_FREE_KERNELS = switchedOff;
});

const linopCsr = (c: Csr, type: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): LinearOperator =>
  csr(c.n, c.n, c.indptr, c.indices, type.from(c.values), { symmetric: true, positiveSemidefinite: true });

/** A banded SPD matrix with `half` entries on each side of the diagonal (rows of up to 2 half + 1 entries). */
function banded(n: number, half: number, seed: number): Csr {
  const rand = mulberry32(seed);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const off = Array.from({ length: half }, () => -rand());
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
      indices.push(j);
      values.push(i === j ? 2 * half + 1 : off[Math.abs(i - j) - 1]);
    }
    indptr[i + 1] = indices.length;
  }
  return { n, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

interface Seen {
  iteration: number;
  residualNorm: number;
  quadraticValue: number;
  x: number[];
  r: number[];
}

/** Runs cg with the given engine, recording what onIteration sees. */
function solve<V extends Vector>(A: LinearOperator, b: V, options: CgOptions<V>, kernels: 'wasm' | 'js'): { result: CgResult<V>; seen: Seen[] } {
  const seen: Seen[] = [];
  const result = cg(A, b, {
    ...options,
    kernels,
    onIteration: (info) => {
      seen.push({ iteration: info.iteration, residualNorm: info.residualNorm, quadraticValue: info.quadraticValue, x: Array.from(info.x), r: Array.from(info.r) });
    },
  });
  return { result, seen };
}

function expectSameBits(a: ArrayLike<number> | null, b: ArrayLike<number> | null, what: string): void {
  if (a === null || b === null) {
    expect(a, what).toBe(b);
    return;
  }
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) expect({ what, index: i, value: a[i] }).toEqual({ what, index: i, value: b[i] });
  }
}

/** Both engines, the same bits; returns the WebAssembly run's result. */
function bothEngines<V extends Vector>(A: LinearOperator, b: V, options: CgOptions<V> = {}): CgResult<V> {
  const wasm = solve(A, b, options, 'wasm');
  const js = solve(A, b, options, 'js');
  const [s, t] = [wasm.result.stats, js.result.stats];
  expect(s.kernels).toBe('wasm');
  expect(t.kernels).toBe('js');
  expect(wasm.result.x).toBeInstanceOf(b.constructor);
  expect(wasm.result.x.buffer).not.toBe(wasmKernels()!.memory.buffer);
  expectSameBits(wasm.result.x, js.result.x, 'x');
  expect({ ...s, kernels: 'js' }).toEqual(t); // numbers by Object.is, arrays entry by entry
  expectSameBits(s.residualHistory, t.residualHistory, 'residualHistory');
  expectSameBits(s.quadraticValues, t.quadraticValues, 'quadraticValues');
  for (const [i, saved] of s.savedIterates.entries()) expectSameBits(saved.x, t.savedIterates[i].x, `savedIterates[${i}]`);
  expectSameBits(s.negativeCurvatureDirection, t.negativeCurvatureDirection, 'negativeCurvatureDirection');
  expect(Object.is(s.negativeCurvatureValue, t.negativeCurvatureValue)).toBe(true);
  expect(Object.is(s.trueResidualNorm, t.trueResidualNorm)).toBe(true);
  expect(wasm.seen.length).toBe(js.seen.length);
  for (const [i, w] of wasm.seen.entries()) {
    const j = js.seen[i];
    expect([w.iteration, Object.is(w.residualNorm, j.residualNorm), Object.is(w.quadraticValue, j.quadraticValue)]).toEqual([j.iteration, true, true]);
    expectSameBits(w.x, j.x, `info.x at ${i}`);
    expectSameBits(w.r, j.r, `info.r at ${i}`);
  }
  return wasm.result;
}

const P = poisson2d(12);
const bP = randomVector(P.n, mulberry32(11));

describe('cg gives the same bits on the WebAssembly kernels and on the JavaScript loops', () => {
  it('Poisson 144 x 144 in CSR (the product in WebAssembly), float64, converged', () => {
    const { stats } = bothEngines(linopCsr(P), bP, { rtol: 1e-10 });
    expect(stats.status).toBe('converged');
  });

  it.each([
    ['float64 values', Float64Array],
    ['float32 values', Float32Array],
  ] as const)('float32 vectors, %s, CSR', (_, type) => {
    const { stats } = bothEngines(linopCsr(P, type), Float32Array.from(bP), { rtol: 1e-5 });
    expect(stats.status).toBe('converged');
  });

  it('float32 vectors, the default float32 tolerance, a test operator (the product in JavaScript on the kernels\' vectors)', () => {
    bothEngines(csrOp(P), Float32Array.from(bP));
  });

  it('a banded matrix with rows of up to 13 entries (beyond the unrolled row lengths)', () => {
    const B = banded(101, 6, 4);
    const { stats } = bothEngines(linopCsr(B), randomVector(101, mulberry32(5)), { rtol: 1e-12 });
    expect(stats.status).toBe('converged');
  });

  it.each([1, 2, 3, 5, 7])('n = %d (every tail of the loops)', (n) => {
    const B = banded(n, 2, n);
    bothEngines(linopCsr(B), randomVector(n, mulberry32(n)), { rtol: 1e-12 });
    bothEngines(linopCsr(B, Float32Array), Float32Array.from(randomVector(n, mulberry32(n))), { rtol: 1e-6 });
  });

  it('preconditioned by jacobi and by ic0', () => {
    const A = linopCsr(P);
    expect(bothEngines(A, bP, { M: jacobi(A as never), rtol: 1e-10 }).stats.status).toBe('converged');
    expect(bothEngines(A, bP, { M: ic0(A as never), rtol: 1e-10 }).stats.status).toBe('converged');
    expect(bothEngines(A, Float32Array.from(bP), { M: ic0(A as never), rtol: 1e-5 }).stats.status).toBe('converged');
  });

  it('a warm start (x0 of the other precision), and out the same array as x0', () => {
    const x0 = Float32Array.from(randomVector(P.n, mulberry32(2)));
    bothEngines(linopCsr(P), bP, { x0, rtol: 1e-10 });
    const inPlace = Float64Array.from(x0);
    const wasm = cg(linopCsr(P), bP, { x0: inPlace, out: inPlace, rtol: 1e-10 });
    const js = cg(linopCsr(P), bP, { x0: Float64Array.from(x0), rtol: 1e-10, kernels: 'js' });
    expect(wasm.x).toBe(inPlace);
    expectSameBits(wasm.x, js.x, 'x in place');
  });

  it.each([515, 1000, -531, -980])('b scaled by 2^%d (sums at a power-of-two scale, with and without x0 and M)', (e) => {
    const b = bP.map((v) => v * 2 ** e);
    const A = linopCsr(P);
    expect(bothEngines(A, b, { rtol: 1e-10 }).stats.status).toBe('converged');
    bothEngines(A, b, { rtol: 1e-10, M: jacobi(A as never), x0: b.map((v) => v / 8) });
  });

  it('ill-conditioned systems: restarts from the true residual and attainable_accuracy', () => {
    const statuses = new Set<string>();
    // The Hilbert matrix of order 10 (cond ~ 1.6e13) and graded spectra.
    const hilbert = Float64Array.from({ length: 100 }, (_, k) => 1 / (Math.floor(k / 10) + (k % 10) + 1));
    for (const rtol of [1e-6, 1e-8, 1e-10]) {
      const { stats } = bothEngines(denseOp(hilbert, 10), randomVector(10, mulberry32(3)), { rtol, maxIter: 500 });
      statuses.add(stats.status);
      if (stats.restarts > 0) statuses.add('restarted');
    }
    for (const [seed, rtol] of [[1, 1e-10], [2, 1e-12]] as const) {
      const a = symmetricWithEigenvalues(geometricSpectrum(40, 1e12), mulberry32(seed));
      bothEngines(denseOp(a, 40), randomVector(40, mulberry32(seed + 10)), { rtol, maxIter: 2000 });
    }
    expect(statuses.has('attainable_accuracy')).toBe(true);
    expect(statuses.has('restarted')).toBe(true);
  });

  it('the trust region: a boundary that is met, and one that is not (then the same bits as without a radius)', () => {
    const A = linopCsr(P);
    expect(bothEngines(A, bP, { radius: 1, rtol: 1e-10 }).stats.status).toBe('trust_region_boundary');
    expect(bothEngines(A, Float32Array.from(bP), { radius: 1, rtol: 1e-5 }).stats.status).toBe('trust_region_boundary');
    const far = bothEngines(A, bP, { radius: 1e6, rtol: 1e-10 });
    const plain = cg(A, bP, { rtol: 1e-10 });
    expectSameBits(far.x, plain.x, 'x with an unreached radius');
  });

  it('negative curvature, with and without a radius', () => {
    const d = Float64Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? -1 - i : 1 + i));
    const D = csr(30, 30, Int32Array.from({ length: 31 }, (_, i) => i), Int32Array.from({ length: 30 }, (_, i) => i), d);
    const b = randomVector(30, mulberry32(8));
    expect(bothEngines(D, b).stats.status).toBe('negative_curvature');
    expect(bothEngines(D, b, { radius: 10 }).stats.status).toBe('negative_curvature');
    expect(bothEngines(diagonal(d), b, { radius: 10 }).stats.status).toBe('negative_curvature');
  });

  it('breakdown: an operator that returns NaN', () => {
    let calls = 0;
    const A = csrOp(P);
    const bad = {
      rows: P.n,
      cols: P.n,
      apply(x: Vector, y: Vector) {
        A.apply(x, y);
        if (++calls % 20 === 7) y[3] = NaN;
      },
    };
    const first = solve(bad, bP, {}, 'wasm').result.stats;
    calls = 0;
    const second = solve(bad, bP, {}, 'js').result.stats;
    expect(first.status).toBe('breakdown');
    expect({ ...first, kernels: 'js' }).toEqual(second);
  });

  it("Martens' stopping rule, saved iterates, the iteration cap and trueResidual: false (the Hessian-free path)", () => {
    const A = linopCsr(P);
    const b32 = Float32Array.from(bP);
    bothEngines(A, b32, { stop: martensStop({ minK: 3, eps: 1e-2 }), saveIterates: true, trueResidual: false, maxIter: 30 });
    bothEngines(A, bP, { saveIterates: [0, 1, 2, 10], maxIter: 12 });
    expect(bothEngines(A, bP, { maxIter: 5 }).stats.status).toBe('max_iterations');
  });
});

describe('choosing the engine', () => {
  afterEach(() => {
    delete process.env.HESSIAN_FREE_KERNELS;
  });

  it("the WebAssembly kernels by default, the JavaScript loops with kernels: 'js' or HESSIAN_FREE_KERNELS=js", () => {
    expect(cg(linopCsr(P), bP).stats.kernels).toBe('wasm');
    expect(cg(csrOp(P), bP).stats.kernels).toBe('wasm');
    expect(cg(linopCsr(P), bP, { kernels: 'js' }).stats.kernels).toBe('js');
    process.env.HESSIAN_FREE_KERNELS = 'js';
    expect(cg(linopCsr(P), bP).stats.kernels).toBe('js');
    expect(cg(linopCsr(P), bP, { kernels: 'wasm' }).stats.kernels).toBe('js');
  });

  it('rejects an unknown engine, naming the option', () => {
    expect(() => cg(linopCsr(P), bP, { kernels: 'gpu' as never })).toThrow(new RangeError(`cg: kernels must be 'wasm' or 'js', got the string "gpu"`));
    expect(() => cg(linopCsr(P), bP, { kernels: 1 as never })).toThrow(new TypeError(`cg: kernels must be 'wasm' or 'js', got 1`));
  });
});

describe('the kernels memory during and after solves', () => {
  /** Whether the memory may grow now, i.e. no solve holds vectors (it grows only then). */
  function noVectorsOut(): boolean {
    const kernels = wasmKernels()!;
    const lease = kernels.vectors(Float64Array, kernels.memory.buffer.byteLength / 8 + 1, 1);
    lease?.release();
    return lease !== null;
  }

  it('a solve started from another solve\'s callback runs, and the outer solve gives the bits it gives alone', () => {
    const A = linopCsr(P);
    const alone = cg(A, bP, { rtol: 1e-10 });
    // Room for the small inner solve: the memory keeps its size after these are returned.
    wasmKernels()!.vectors(Float64Array, 1 << 16, 1)?.release();
    const inner: string[] = [];
    const nested = cg(A, bP, {
      rtol: 1e-10,
      onIteration: (info) => {
        if (info.iteration % 10 !== 0) return;
        // A large inner system: the memory must grow, which it may not while the outer solve holds vectors.
        const big = poisson2d(150);
        const { x, stats } = cg(linopCsr(big), randomVector(big.n, mulberry32(info.iteration)), { rtol: 1e-4 });
        inner.push(`large: ${stats.kernels}`);
        expect(stats.status).toBe('converged');
        expect(x.length).toBe(big.n);
        // A small one fits into what is free.
        inner.push(`small: ${cg(linopCsr(poisson2d(3)), randomVector(9, mulberry32(1))).stats.kernels}`);
      },
    });
    expectSameBits(nested.x, alone.x, 'x of the outer solve');
    expect(nested.stats.iterations).toBe(alone.stats.iterations);
    // The large one needs more memory than is free: the JavaScript loops; the small one fits.
    expect(new Set(inner)).toEqual(new Set(['large: js', 'small: wasm']));
    expect(noVectorsOut()).toBe(true);
  });

  it('an operator whose product is itself a cg solve (an inverse operator), on the kernels', () => {
    const inner = linopCsr(poisson2d(4));
    const inverse: LinearOperator = { rows: 16, cols: 16, apply: (x, y) => y.set(cg(inner, x, { rtol: 1e-13 }).x) };
    const b = randomVector(16, mulberry32(4));
    const { x, stats } = cg(inverse, b, { rtol: 1e-8 });
    expect(stats.status).toBe('converged');
    // A^-1 x = b  =>  x = A b.
    const expected = csrMatvec(poisson2d(4), b);
    for (let i = 0; i < 16; i++) expect(Math.abs(x[i] - expected[i])).toBeLessThan(1e-6);
    expect(noVectorsOut()).toBe(true);
  });

  it('a callback that throws: the error reaches the caller and the vectors are returned', () => {
    expect(() =>
      cg(linopCsr(P), bP, {
        onIteration: (info) => {
          if (info.iteration === 3) throw new Error('stop here');
        },
      }),
    ).toThrow('stop here');
    expect(noVectorsOut()).toBe(true);
  });
});
