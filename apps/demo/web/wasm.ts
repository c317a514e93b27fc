// The TensorFlow.js WASM backend, loaded from binaries that the app serves
// itself (Vite copies them into the build: no CDN, the page works offline).
import * as tf from '@tensorflow/tfjs-core';
import { useWasmBackend } from '@hessian-free/hf';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Where the app serves each WASM binary (the training worker and the shard workers use the same). */
export const SERVED_WASM_PATHS: Readonly<Record<string, string>> = {
  'tfjs-backend-wasm.wasm': plainWasm,
  'tfjs-backend-wasm-simd.wasm': simdWasm,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm,
};

/** Sets up the WASM backend in this worker; resolves to a description of it. */
export async function useServedWasmBackend(): Promise<string> {
  // One thread per engine (each optimizer has its own training worker, and
  // with the parallel engine its own shard workers): useWasmBackend keeps
  // tfjs off the threaded build, whose pthread pool does not start from a
  // Vite bundle (see DESIGN.md).
  await useWasmBackend({ wasmPaths: { ...SERVED_WASM_PATHS } });
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `TensorFlow.js ${tf.version_core} on WASM (${simd ? 'SIMD' : 'no SIMD'}, one thread per engine)`;
}
