import * as tf from '@tensorflow/tfjs-core';
import type { ShardReply, ShardRequest } from './protocol.js';
import { shardServer, type ModuleImporter } from './shard-worker.js';

/** Options of `serveShardWorker`. */
export interface ShardWorkerOptions {
  /**
   * How the worker gets the exports of the model's module from its URL
   * (default: dynamic import). A bundled worker script passes a function that
   * returns the modules it imported statically, keyed by a name of its choice
   * that the coordinator gives as the module's url.
   */
  readonly importModule?: ModuleImporter;
}

/**
 * Serves the shard protocol in this worker (a worker thread in Node, a
 * module Web Worker in browsers): starts its own TensorFlow.js engine on the
 * WASM backend (one thread: the parallelism is across workers) and answers
 * requests one at a time, in order. The package's default worker script
 * (`@hessian-free/parallel/shard-worker`) calls it with no options; a
 * bundler's own worker script calls it with `importModule`.
 *
 * @example
 * ```ts
 * // my-shard-worker.ts, bundled as a worker script (e.g. with Vite's ?worker&url)
 * import { functionalModel } from '@hessian-free/curvature';
 * import { serveShardWorker } from '@hessian-free/parallel';
 * import * as tf from '@tensorflow/tfjs-core';
 * const linear = functionalModel({ shapes: [[4, 1]], forward: ([w], x) => tf.matMul(x, w) });
 * // The coordinator names the module { url: 'models', model: 'linear' }.
 * void serveShardWorker({ importModule: async () => ({ linear }) });
 * ```
 */
export async function serveShardWorker(options: ShardWorkerOptions = {}): Promise<void> {
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  const port: Port = isNode ? ((await import('node:worker_threads')).parentPort as unknown as Port) : (globalThis as unknown as Port);
  const server = shardServer((reply: ShardReply) => port.postMessage(reply), startWasm, options.importModule);
  // A worker thread that exits (process.exit, an uncaught error) still answers the request in flight.
  if (isNode) process.on('exit', (code) => server.exiting(code));
  // One request at a time: each waits for the previous (init is asynchronous).
  let queue: Promise<void> = Promise.resolve();
  const receive = (message: unknown): void => {
    queue = queue
      .then(() => server.handle(message as ShardRequest))
      .catch((error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
  };
  if (port.on !== undefined) port.on('message', receive);
  else port.addEventListener?.('message', (event) => receive(event.data));
}

async function startWasm(wasmPaths?: string | Record<string, string>): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths as never);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js WASM backend failed to initialize in a shard worker');
  await tf.ready();
}

interface Port {
  postMessage(message: unknown): void;
  on?(event: 'message', listener: (message: unknown) => void): void;
  addEventListener?(event: 'message', listener: (event: { data: unknown }) => void): void;
}
