import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export interface WasmBackendOptions {
  /**
   * Where the .wasm files are served (browsers; a bundler's asset URLs or a
   * folder URL ending in '/'). Node finds them next to the package.
   */
  readonly wasmPaths?: string | Record<string, string>;
}

/**
 * Makes TensorFlow.js's WASM backend (the SIMD build where supported) the
 * active backend and waits until it is ready. Idempotent. In Node the backend
 * runs one thread (tfjs-backend-wasm 4.22 turns threads off there); in
 * browsers this keeps it single-threaded too, as the threaded build does not
 * start from bundles (see DESIGN.md): use one Web Worker per job instead.
 */
export async function useWasmBackend(options: WasmBackendOptions = {}): Promise<void> {
  if (tf.engine().backendName === 'wasm') return;
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths as never);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('useWasmBackend: the TensorFlow.js WASM backend failed to initialize');
  await tf.ready();
}
