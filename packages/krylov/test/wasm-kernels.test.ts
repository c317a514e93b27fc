import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmKernels } from '@hessian-free/linop';
import type { Vector, WasmKernels } from '@hessian-free/linop';
// @ts-expect-error: plain .mjs scripts without types
import { compileWasm, generatedModule } from '../../linop/scripts/build-wasm.mjs';
// @ts-expect-error: plain .mjs scripts without types
import { cgWasm as cgWasmBuild } from '../scripts/build-wasm.mjs';
import { curvatureAndNorms, stepAndMeasure, updateDirection } from '../src/cg/kernels.js';
import { cgWasm } from '../src/wasm/cg.generated.js';

/**
 * krylov's WebAssembly kernels (assembly/cg.ts) against the JavaScript loops
 * of src/cg/kernels.ts: the same bits (Object.is, so the signs of zeros too)
 * for every length from 0 to 41 (all the tails of the 2- and 4-wide loops)
 * in both precisions.
 */

// (Also when the suite runs with HESSIAN_FREE_KERNELS=js: these tests are about the kernels themselves.)
const switchedOff = process.env.HESSIAN_FREE_KERNELS;
delete process.env.HESSIAN_FREE_KERNELS;
const kernelsOrNull = wasmKernels();
if (switchedOff !== undefined) process.env.HESSIAN_FREE_KERNELS = switchedOff;
if (kernelsOrNull === null) throw new Error('WebAssembly SIMD kernels are unavailable in this Node');
const kernels: WasmKernels = kernelsOrNull;
interface CgExports {
  step_f64(n: number, a: number, p: number, q: number, x: number, r: number, out: number): void;
  step_f32(n: number, a: number, p: number, q: number, x: number, r: number, out: number): void;
  direction_f64(n: number, z: number, beta: number, p: number): void;
  direction_f32(n: number, z: number, beta: number, p: number): void;
  curvature_f64(n: number, p: number, q: number, x: number, out: number): number;
  curvature_f32(n: number, p: number, q: number, x: number, out: number): number;
}
const k = kernels.instantiate(cgWasm) as unknown as CgExports;

/** Entries in [-1, 1) from a small LCG, with some -0 and +0 (test-only). */
function fill(v: Vector, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < v.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 4294967296;
    v[i] = u < 0.04 ? -0 : u < 0.08 ? 0 : 2 * u - 1;
  }
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const types = [
  ['float64', Float64Array, false],
  ['float32', Float32Array, true],
] as const;

describe.each(types)('%s vectors', (_, type, f32) => {
  it('step is stepAndMeasure (c = 1): x, r and both sums (also when x overflows)', () => {
    for (let n = 0; n <= 41; n++) {
      for (const overflow of [false, true]) {
        const lease = kernels.vectors(type, n, 4)!;
        const [p, q, x, r] = lease.vectors;
        [p, q, x, r].forEach((v, i) => fill(v, 10 * n + i));
        if (overflow && n > 0) p[n - 1] = f32 ? 3e38 : 1e308;
        const [pj, qj, xj, rj] = [p, q, x, r].map((v) => v.slice());
        const sums = new Float64Array(2);
        const a = overflow ? 1e10 : 0.37;
        stepAndMeasure(a, pj, qj, xj, rj, sums);
        (f32 ? k.step_f32 : k.step_f64)(n, a, p.byteOffset, q.byteOffset, x.byteOffset, r.byteOffset, kernels.scratchAddress);
        expect(sameBits(x, xj) && sameBits(r, rj), `n = ${n}`).toBe(true);
        expect([kernels.scratch()[0], kernels.scratch()[1]], `n = ${n}`).toEqual([sums[0], sums[1]]);
        expect(Object.is(sums[1], 0) || (overflow && Number.isNaN(sums[1])), `n = ${n}`).toBe(true);
        lease.release();
      }
    }
  });

  it('direction is updateDirection', () => {
    for (let n = 0; n <= 41; n++) {
      const lease = kernels.vectors(type, n, 2)!;
      const [z, p] = lease.vectors;
      fill(z, n);
      fill(p, n + 50);
      const [zj, pj] = [z.slice(), p.slice()];
      updateDirection(zj, -1.3, pj);
      (f32 ? k.direction_f32 : k.direction_f64)(n, z.byteOffset, -1.3, p.byteOffset);
      expect(sameBits(p, pj), `n = ${n}`).toBe(true);
      lease.release();
    }
  });

  it("curvature is curvatureAndNorms (c = 1): p'q and the three norms", () => {
    for (let n = 0; n <= 41; n++) {
      const lease = kernels.vectors(type, n, 3)!;
      const [p, q, x] = lease.vectors;
      fill(p, n);
      fill(q, n + 7);
      fill(x, n + 9);
      const sums = new Float64Array(4);
      const pq = curvatureAndNorms(p.slice(), q.slice(), x.slice(), sums);
      const got = (f32 ? k.curvature_f32 : k.curvature_f64)(n, p.byteOffset, q.byteOffset, x.byteOffset, kernels.scratchAddress);
      expect(Object.is(got, pq), `n = ${n}`).toBe(true);
      expect(sameBits(kernels.scratch().subarray(0, 4), sums), `n = ${n}`).toBe(true);
      lease.release();
    }
  });
});

it('src/wasm/cg.generated.ts is the compiled assembly/cg.ts, importing only the memory', { timeout: 60_000 }, async () => {
  const bytes: Uint8Array = await compileWasm(join(cgWasmBuild.packageDir, cgWasmBuild.source));
  const committed = readFileSync(join(cgWasmBuild.packageDir, cgWasmBuild.output), 'utf8');
  expect(committed === generatedModule(bytes, cgWasmBuild), 'run `pnpm build` in packages/krylov and commit the generated module').toBe(true);
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
});
