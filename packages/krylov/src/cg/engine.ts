import { dot, loadWasmKernels, wasmKernels } from '@hessian-free/linop';
import type { LinearOperator, Vector, WasmKernels, WasmProduct } from '@hessian-free/linop';
import { scaledDot } from '../solver-scaling.js';
import { cgWasm } from '../wasm/cg.generated.js';
import { curvatureAndNorms, stepAndMeasure, updateDirection } from './kernels.js';

/**
 * Where the vector work of the CG iteration runs: `'wasm'`, WebAssembly SIMD
 * kernels on vectors kept in the kernels' memory for the whole solve (see
 * @hessian-free/linop's `wasmKernels`), or `'js'`, the JavaScript loops of
 * kernels.ts on ordinary typed arrays. Both sum in the same order, so a solve
 * gives the same bits on either.
 */
export type CgKernels = 'wasm' | 'js';

/**
 * The per-iteration work of CG on one engine. Every method is the
 * JavaScript kernel of the same name in kernels.ts (or linop's dot, or
 * scaledDot at c != 1), bit for bit.
 */
export interface CgEngine<V extends Vector> {
  readonly kind: CgKernels;
  /** y <- A x. */
  apply(x: V, y: V): void;
  /**
   * q <- A p; returns p'q at scale c (times c^2). With `trustRegion` also
   * sums[0..3] = p'q, x'p, p'p, x'x (curvatureAndNorms).
   */
  curvature(p: V, q: V, x: V, sums: Float64Array, c: number, trustRegion: boolean): number;
  /** x <- x + a p, r <- r - a q; sums[0] = r'r at scale c, sums[1] = 0 or NaN when x overflowed (stepAndMeasure). */
  step(a: number, p: V, q: V, x: V, r: V, sums: Float64Array, c: number): void;
  /** x'y at scale c. */
  dot(x: V, y: V, c: number): number;
  /** p <- z + beta p (updateDirection). */
  direction(z: V, beta: number, p: V): void;
}

/** The JavaScript engine: the loops of kernels.ts, and A.apply. */
export function jsEngine<V extends Vector>(A: LinearOperator): CgEngine<V> {
  return {
    kind: 'js',
    apply: (x, y) => A.apply(x, y),
    curvature(p, q, x, sums, c, trustRegion) {
      A.apply(p, q);
      if (trustRegion) return curvatureAndNorms(p, q, x, sums, c);
      return c === 1 ? dot(p, q) : scaledDot(p, q, c);
    },
    step: stepAndMeasure,
    dot: (x, y, c) => (c === 1 ? dot(x, y) : scaledDot(x, y, c)),
    direction: updateDirection,
  };
}

interface CgExports {
  step_f64(n: number, a: number, p: number, q: number, x: number, r: number, out: number): void;
  step_f32(n: number, a: number, p: number, q: number, x: number, r: number, out: number): void;
  direction_f64(n: number, z: number, beta: number, p: number): void;
  direction_f32(n: number, z: number, beta: number, p: number): void;
  curvature_f64(n: number, p: number, q: number, x: number, out: number): number;
  curvature_f32(n: number, p: number, q: number, x: number, out: number): number;
}

/**
 * The WebAssembly engine for vectors of `kernels`' memory (`float32` for
 * Float32Array vectors): krylov's kernels (assembly/cg.ts) and linop's dot
 * and CSR product. A's product runs in WebAssembly when A is a `csr`
 * operator (`product`, with p'q in the same pass), else through A.apply on
 * the vectors in place. Sums at a scale c != 1 (right-hand sides beyond
 * 2^+-100) take the JavaScript loops, on the same vectors.
 */
function wasmEngine<V extends Vector>(A: LinearOperator, product: WasmProduct | null, kernels: WasmKernels, k: CgExports, float32: boolean): CgEngine<V> {
  const out = kernels.scratchAddress;
  const step = float32 ? k.step_f32 : k.step_f64;
  const direction = float32 ? k.direction_f32 : k.direction_f64;
  const curvature = float32 ? k.curvature_f32 : k.curvature_f64;
  return {
    kind: 'wasm',
    apply: product !== null ? (x, y) => product.apply(x, y) : (x, y) => A.apply(x, y),
    curvature(p, q, x, sums, c, trustRegion) {
      if (product !== null && c === 1 && !trustRegion) return product.applyDot(p, q);
      if (product !== null) product.apply(p, q);
      else A.apply(p, q);
      if (c !== 1) return trustRegion ? curvatureAndNorms(p, q, x, sums, c) : scaledDot(p, q, c);
      if (!trustRegion) return kernels.dot(p, q);
      const pq = curvature(p.length, p.byteOffset, q.byteOffset, x.byteOffset, out);
      const s = kernels.scratch();
      sums[0] = s[0];
      sums[1] = s[1];
      sums[2] = s[2];
      sums[3] = s[3];
      return pq;
    },
    step(a, p, q, x, r, sums, c) {
      if (c !== 1) {
        stepAndMeasure(a, p, q, x, r, sums, c);
        return;
      }
      step(x.length, a, p.byteOffset, q.byteOffset, x.byteOffset, r.byteOffset, out);
      const s = kernels.scratch();
      sums[0] = s[0];
      sums[1] = s[1];
    },
    dot: (x, y, c) => (c === 1 ? kernels.dot(x, y) : scaledDot(x, y, c)),
    direction(z, beta, p) {
      direction(p.length, z.byteOffset, beta, p.byteOffset);
    },
  };
}

/**
 * The vectors of one solve in the kernels' memory and the engine that works
 * on them; `release` returns the memory (call it when the solve ends, also
 * on an exception).
 */
export interface WasmSolveVectors<V extends Vector> {
  readonly engine: CgEngine<V>;
  /** b, x, r, p, q, then z when `preconditioned`. */
  readonly vectors: V[];
  release(): void;
}

/**
 * Vectors and the engine for a solve of A x = b on the WebAssembly kernels,
 * or null where they cannot run: no WebAssembly SIMD, switched off
 * (HESSIAN_FREE_KERNELS=js), krylov's module not compiled yet (a browser's
 * main thread: see `loadKernels`), or no room for the vectors (the memory
 * grows only while no other solve holds vectors, as in a solve started from
 * another's callback). A's arrays are copied into the memory here when A is
 * a `csr` operator that has none there yet.
 */
export function wasmSolveVectors<V extends Vector>(A: LinearOperator, b: V, preconditioned: boolean): WasmSolveVectors<V> | null {
  const kernels = wasmKernels();
  if (kernels === null) return null;
  const k = kernels.instantiate(cgWasm) as unknown as CgExports | null;
  if (k === null) return null;
  // The copy first: the memory may grow for it only while no vectors are out.
  const product = kernels.product(A);
  const float32 = b instanceof Float32Array;
  const lease = kernels.vectors(float32 ? Float32Array : Float64Array, b.length, preconditioned ? 6 : 5);
  if (lease === null) return null;
  return { engine: wasmEngine<V>(A, product, kernels, k, float32), vectors: lease.vectors as V[], release: lease.release };
}

/**
 * Compiles the WebAssembly kernels of `cg` (linop's and krylov's)
 * asynchronously, and resolves to where `cg` will run its vector work:
 * `'wasm'`, or `'js'` where WebAssembly SIMD is missing or switched off
 * (HESSIAN_FREE_KERNELS=js). Only needed in browsers, whose main thread
 * compiles larger modules only asynchronously: until this resolves, `cg`
 * runs on the JavaScript loops there (with the same results). In Node the
 * kernels compile at the first solve.
 *
 * @example
 * ```ts
 * import { cg, loadKernels } from '@hessian-free/krylov';
 * import { diagonal } from '@hessian-free/linop';
 * const where = await loadKernels(); // 'wasm' in Node 20 and current browsers
 * const { stats } = cg(diagonal(Float64Array.of(1, 2)), Float64Array.of(1, 1));
 * // stats.kernels === where
 * ```
 */
export function loadKernels(): Promise<CgKernels> {
  return loadWasmKernels(cgWasm).then((kernels) => (kernels !== null && kernels.instantiate(cgWasm) !== null ? 'wasm' : 'js'));
}
