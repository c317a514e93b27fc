import { csrArrays } from '../csr-kernel.js';
import type { LinearOperator, Vector } from '../types.js';
import { layOutCsr } from './csr-layout.js';
import { Heap, SCRATCH } from './heap.js';
import { kernelsWasm } from './kernels.generated.js';

/**
 * The WebAssembly SIMD kernels: where they come from, and the objects through
 * which linop's CSR product and a solver's vector loops run on them.
 *
 * The binaries are base64 strings inside the JavaScript (generated modules),
 * compiled on first use: synchronously where the engine allows it (Node;
 * browsers for small modules or off the main thread), else asynchronously
 * in the background (`loadWasmKernels` waits for that), with the JavaScript
 * kernels serving until then. Where WebAssembly or its SIMD proposal is
 * missing, or the environment variable HESSIAN_FREE_KERNELS is `js`, there
 * are no kernels (`wasmKernels()` is null) and everything runs in
 * JavaScript, with the same results.
 */

/** The vectors of one solve in the kernels' memory, and how to give them back. */
export interface WasmVectors<V extends Vector> {
  /** `count` vectors of the length asked for, views of `WasmKernels.memory` (contents unspecified). */
  readonly vectors: V[];
  /** Returns the memory; the views must not be used afterwards. */
  release(): void;
}

/**
 * A CSR operator's product on vectors in the kernels' memory, from a copy of
 * its arrays made there once (at the first `WasmKernels.product(A)`).
 */
export interface WasmProduct {
  /** y <- A x, summed as `A.apply` sums it (the same bits); x and y from `WasmKernels.vectors`, of one precision. */
  apply(x: Vector, y: Vector): void;
  /** y <- A x and returns x'y, summed as `A.apply` and then linop's `dot` (the same bits), in one pass; A square. */
  applyDot(x: Vector, y: Vector): number;
}

/**
 * The WebAssembly SIMD kernels and the memory they share: for solvers that
 * keep their vectors in that memory for a whole solve (copied in and out
 * once), so that a CSR product and fused vector loops run there without
 * copies. Every kernel sums in the order of its JavaScript counterpart, so
 * both paths give the same bits.
 */
export interface WasmKernels {
  /** The memory of every kernel module (linop's, and those instantiated by `instantiate`). */
  readonly memory: WebAssembly.Memory;
  /**
   * `count` vectors of n entries of the given type in the memory, or null
   * when they do not fit: the memory grows only while no other vectors are
   * out (growing would detach their views), so a solve started while another
   * holds its vectors may get null and should run in JavaScript.
   */
  vectors(type: Float64ArrayConstructor, n: number, count: number): WasmVectors<Float64Array> | null;
  /** `count` float32 vectors of n entries (see above). */
  vectors(type: Float32ArrayConstructor, n: number, count: number): WasmVectors<Float32Array> | null;
  /** `count` vectors of n entries of either type (see above). */
  vectors(type: Float64ArrayConstructor | Float32ArrayConstructor, n: number, count: number): WasmVectors<Vector> | null;
  /** Whether v is a view of the kernels' memory. */
  owns(v: Vector): boolean;
  /**
   * The product of a `csr` operator on vectors in the memory (its arrays are
   * copied there at the first call, then kept until A is garbage collected;
   * later changes to A's arrays are not seen), or null for other operators
   * or when the copy does not fit.
   */
  product(A: LinearOperator): WasmProduct | null;
  /** x'y for vectors from `vectors` of one precision: linop's `dot`, the same bits. */
  dot(x: Vector, y: Vector): number;
  /** The 8 float64 slots where kernels write results beyond their return value (a fresh view after growth). */
  scratch(): Float64Array;
  /** Byte address of `scratch()` in the memory. */
  readonly scratchAddress: number;
  /**
   * The exports of another kernel module (base64, as generated), instantiated
   * on this memory (imported as env.memory), once; null where it cannot be
   * compiled (or not synchronously: then it compiles in the background and a
   * later call, or `loadWasmKernels(base64)`, has it).
   */
  instantiate(base64: string): WebAssembly.Exports | null;
}

interface LinopExports {
  readonly [name: string]: (...args: number[]) => number;
}

/** Environments without process (browsers) have no switch. */
function kernelsDisabled(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.HESSIAN_FREE_KERNELS === 'js';
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64); // ignores the line breaks of the generated modules
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Compiled modules and their instances on the one memory. A module that the
 * engine rejects (no SIMD) is remembered as null; one it refuses to compile
 * synchronously (a browser's main thread allows that only for small
 * modules) compiles asynchronously, and later calls get it.
 */
class Instances {
  private readonly done = new Map<string, WebAssembly.Exports | null>();
  private readonly pending = new Map<string, Promise<WebAssembly.Exports | null>>();

  constructor(private readonly memory: WebAssembly.Memory) {}

  sync(base64: string): WebAssembly.Exports | null {
    const known = this.done.get(base64);
    if (known !== undefined) return known;
    if (this.pending.has(base64)) return null;
    try {
      const module = new WebAssembly.Module(decodeBase64(base64));
      const exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports;
      this.done.set(base64, exports);
      return exports;
    } catch (error) {
      if (error instanceof RangeError) void this.async(base64); // too large to compile here synchronously
      else this.done.set(base64, null); // CompileError (no SIMD) or LinkError: never here
      return null;
    }
  }

  async(base64: string): Promise<WebAssembly.Exports | null> {
    const known = this.done.get(base64);
    if (known !== undefined) return Promise.resolve(known);
    let promise = this.pending.get(base64);
    if (promise === undefined) {
      promise = WebAssembly.instantiate(decodeBase64(base64), { env: { memory: this.memory } }).then(
        (source) => source.instance.exports,
        () => null,
      );
      promise = promise.then((exports) => {
        this.done.set(base64, exports);
        this.pending.delete(base64);
        return exports;
      });
      this.pending.set(base64, promise);
    }
    return promise;
  }
}

class Kernels implements WasmKernels {
  readonly heap: Heap;
  readonly scratchAddress = SCRATCH;
  private scratchView: Float64Array;
  private readonly products = new WeakMap<object, WasmProduct>();
  private readonly collected = new FinalizationRegistry<number>((start) => this.heap.release(start));

  constructor(
    readonly memory: WebAssembly.Memory,
    private readonly k: LinopExports,
    private readonly instances: Instances,
  ) {
    this.heap = new Heap(memory);
    this.scratchView = new Float64Array(memory.buffer, SCRATCH, 8);
  }

  vectors(type: Float64ArrayConstructor, n: number, count: number): WasmVectors<Float64Array> | null;
  vectors(type: Float32ArrayConstructor, n: number, count: number): WasmVectors<Float32Array> | null;
  vectors(type: Float64ArrayConstructor | Float32ArrayConstructor, n: number, count: number): WasmVectors<Vector> | null;
  vectors(type: Float64ArrayConstructor | Float32ArrayConstructor, n: number, count: number): WasmVectors<Vector> | null {
    const bytesPer = type === Float32Array ? 4 : 8;
    // Vectors of a few pages start 4 KiB + 64 bytes apart modulo 4 KiB
    // multiples: at a power-of-two distance (n = 2^16 float64 vectors are
    // 512 KiB) the entries i of every vector fall into the same cache sets,
    // and a pass over four or five vectors runs 1.5 to 2 times slower.
    const bytes = n * bytesPer;
    const stride = bytes < 4096 ? Math.max(64, Math.ceil(bytes / 64) * 64) : Math.ceil(bytes / 4096) * 4096 + 4160;
    const start = this.heap.allocate(stride * count, true);
    if (start === 0) return null;
    const vectors: Vector[] = [];
    for (let i = 0; i < count; i++) {
      const offset = start + i * stride;
      vectors.push(bytesPer === 4 ? new Float32Array(this.memory.buffer, offset, n) : new Float64Array(this.memory.buffer, offset, n));
    }
    let released = false;
    return {
      vectors,
      release: () => {
        if (released) return;
        released = true;
        this.heap.release(start);
      },
    };
  }

  owns(v: Vector): boolean {
    return v.buffer === this.memory.buffer;
  }

  product(A: LinearOperator): WasmProduct | null {
    if (this.products.has(A)) return this.products.get(A) ?? null;
    const parts = csrArrays.get(A);
    if (parts === undefined) return null;
    const copy = layOutCsr(this.heap, this.k, parts.rows, parts.indptr, parts.indices, parts.values);
    if (copy === null) return null; // no room now: try again at the next solve
    this.collected.register(A, copy.start);
    this.products.set(A, copy.product);
    return copy.product;
  }

  dot(x: Vector, y: Vector): number {
    return x instanceof Float32Array ? this.k.dot_f32(x.length, x.byteOffset, y.byteOffset) : this.k.dot_f64(x.length, x.byteOffset, y.byteOffset);
  }

  scratch(): Float64Array {
    if (this.scratchView.buffer !== this.memory.buffer) this.scratchView = new Float64Array(this.memory.buffer, SCRATCH, 8);
    return this.scratchView;
  }

  instantiate(base64: string): WebAssembly.Exports | null {
    return this.instances.sync(base64);
  }

  load(base64: string): Promise<WebAssembly.Exports | null> {
    return this.instances.async(base64);
  }
}

/** The memory and compiled modules of this realm: made on first need, never replaced. */
let runtime: { memory: WebAssembly.Memory; instances: Instances } | null | undefined;
let kernels: Kernels | null = null;

function theRuntime(): { memory: WebAssembly.Memory; instances: Instances } | null {
  if (runtime === undefined) {
    try {
      const memory = new WebAssembly.Memory({ initial: 1 });
      runtime = { memory, instances: new Instances(memory) };
    } catch {
      runtime = null; // no WebAssembly here
    }
  }
  return runtime;
}

function kernelsFrom(exports: WebAssembly.Exports | null): Kernels | null {
  const r = theRuntime();
  if (exports === null || r === null) return null;
  kernels ??= new Kernels(r.memory, exports as unknown as LinopExports, r.instances);
  return kernels;
}

/**
 * The WebAssembly SIMD kernels, or null where they cannot run (no
 * WebAssembly or no SIMD support; a browser that compiles them in the
 * background until `loadWasmKernels()` resolves) or are switched off with
 * the environment variable `HESSIAN_FREE_KERNELS=js`. For solver authors:
 * `@hessian-free/krylov`'s `cg` keeps its vectors in their memory; plain
 * `apply` calls do not need them.
 *
 * @example
 * ```ts
 * import { csr, wasmKernels } from '@hessian-free/linop';
 * const A = csr(2, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 1), Float64Array.of(2, 3));
 * const kernels = wasmKernels();
 * const product = kernels?.product(A); // A's arrays copied into the kernels' memory, once
 * const lease = kernels?.vectors(Float64Array, 2, 2);
 * if (product && lease) {
 *   const [x, y] = lease.vectors;
 *   x.set([1, 1]);
 *   const xy = product.applyDot(x, y); // y = [2, 3], x'y = 5
 *   lease.release();
 * }
 * ```
 */
export function wasmKernels(): WasmKernels | null {
  if (kernelsDisabled()) return null;
  if (kernels !== null) return kernels;
  const r = theRuntime();
  if (r === null) return null;
  return kernelsFrom(r.instances.sync(kernelsWasm));
}

/**
 * Compiles the WebAssembly kernels asynchronously (and, given a module's
 * base64, that module too, on the kernels' memory) and resolves to
 * `wasmKernels()`: for browsers, whose main thread compiles only small
 * modules synchronously; in Node the kernels are there at once anyway.
 *
 * @example
 * ```ts
 * import { loadWasmKernels } from '@hessian-free/linop';
 * const kernels = await loadWasmKernels(); // null: the JavaScript kernels serve
 * ```
 */
export async function loadWasmKernels(base64?: string): Promise<WasmKernels | null> {
  if (kernelsDisabled()) return null;
  const r = theRuntime();
  if (r === null) return null;
  const k = kernels ?? kernelsFrom(await r.instances.async(kernelsWasm));
  if (k !== null && base64 !== undefined) await r.instances.async(base64);
  return kernelsDisabled() ? null : k;
}
