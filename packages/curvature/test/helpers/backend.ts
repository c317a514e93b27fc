/**
 * The one backend helper of the tests: select a TensorFlow.js backend, once
 * per test file (in `beforeAll`). No gradients are registered here: the code
 * under test registers its own table (ensureGradients), as it must for users.
 *
 * The backend packages are imported on demand, so a file that only uses `cpu`
 * never loads the WASM binary. In Node, tfjs-backend-wasm finds its .wasm files
 * next to its own dist entry, which also works under vitest.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'cpu' | 'wasm';

const loaded = new Map<BackendName, Promise<unknown>>();

function load(name: BackendName): Promise<unknown> {
  let pending = loaded.get(name);
  if (pending === undefined) {
    pending = name === 'cpu' ? import('@tensorflow/tfjs-backend-cpu') : import('@tensorflow/tfjs-backend-wasm');
    loaded.set(name, pending);
  }
  return pending;
}

/** Imports the backend package, makes it the active backend and waits until it is ready. Idempotent. */
export async function useBackend(name: BackendName = 'cpu'): Promise<void> {
  await load(name);
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`useBackend: the '${name}' backend failed to initialize`);
  }
  await tf.ready();
}
