/**
 * Selects a TensorFlow.js backend once per test file (in `beforeAll`) for the
 * network-* tests. No gradients are registered here: the code under test
 * registers its own table (ensureGradients), as it must for users. The backend
 * packages are imported on demand, so a cpu-only file never loads WASM.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'cpu' | 'wasm';

/** Imports the backend package, makes it the active backend and waits until it is ready. Idempotent. */
export async function useBackend(name: BackendName = 'cpu'): Promise<void> {
  await (name === 'cpu' ? import('@tensorflow/tfjs-backend-cpu') : import('@tensorflow/tfjs-backend-wasm'));
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
    throw new Error(`useBackend: the '${name}' backend failed to initialize`);
  }
  await tf.ready();
}
