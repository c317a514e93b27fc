import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@hessian-free/linop';
import { checkOptions } from '../checks.js';

/** Options of `useWasmBackend`. */
export interface WasmBackendOptions {
  /**
   * Where the .wasm files are served, for browsers: a folder URL ending in
   * '/', or a map from file name (tfjs-backend-wasm.wasm,
   * tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm) to
   * URL, e.g. a bundler's asset URLs. Node finds them next to the package.
   */
  readonly wasmPaths?: string | Record<string, string>;
}

let ready: Promise<void> | null = null;

/**
 * Makes TensorFlow.js's WASM backend the active backend, in Node and
 * browsers, and waits until it is ready. It uses the SIMD build where the
 * runtime supports WASM SIMD (all current ones). Idempotent: later calls
 * (also concurrent ones) wait for the first. The backend package is imported
 * here, on demand, so that merely importing @hessian-free/hf registers no
 * backend.
 *
 * Threads are turned off: tfjs-backend-wasm 4.22 runs single-threaded in
 * Node anyway, and its threaded build does not start from bundles in
 * browsers; for parallelism use one Web Worker (or worker thread) per job.
 *
 * @example
 * ```ts
 * import { useWasmBackend } from '@hessian-free/hf';
 * await useWasmBackend(); // Node: the .wasm files are found next to the package
 * // In a browser, say where they are served:
 * await useWasmBackend({ wasmPaths: '/wasm/' });
 * ```
 */
export async function useWasmBackend(options: WasmBackendOptions = {}): Promise<void> {
  checkOptions('useWasmBackend: options', options);
  const { wasmPaths } = options;
  if (wasmPaths !== undefined && typeof wasmPaths !== 'string' && (wasmPaths === null || typeof wasmPaths !== 'object')) {
    throw new TypeError(`useWasmBackend: options.wasmPaths must be a string or a record of file names to URLs, got ${describe(wasmPaths)}`);
  }
  ready ??= start(wasmPaths).catch((error: unknown) => {
    ready = null; // let a later call try again
    throw error;
  });
  await ready;
  // Someone may have switched backends since: switch back.
  if (tf.getBackend() !== 'wasm') await start(undefined);
}

async function start(wasmPaths: WasmBackendOptions['wasmPaths']): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths as never);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (tf.getBackend() !== 'wasm' && !(await tf.setBackend('wasm'))) {
    throw new Error('useWasmBackend: the TensorFlow.js WASM backend failed to initialize');
  }
  await tf.ready();
}
