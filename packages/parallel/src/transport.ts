import type { ShardReply, ShardRequest } from './protocol.js';

/**
 * How the coordinator reaches one shard worker: post a request, hear replies
 * and faults, end it. The first transport is threads in this process
 * (worker_threads in Node, Web Workers in browsers); another transport (a
 * process on another machine, say) carries the same messages.
 */
export interface ShardTransport {
  /** Sends a request to the worker (its vectors travel through shared memory, not in the message). */
  post(request: ShardRequest): void;
  /** Called with each reply message. */
  onReply(listener: (reply: ShardReply) => void): void;
  /** Called once if the worker dies (uncaught error, out of memory, terminated). */
  onFault(listener: (error: Error) => void): void;
  /** Lets the process exit while this worker idles (Node); no-op elsewhere. */
  unref(): void;
  /** Keeps the process alive while a reply is awaited (Node); no-op elsewhere. */
  ref(): void;
  /** Ends the worker (an exit asked for is no fault). */
  terminate(): Promise<void>;
}

/** Starts worker number `index`. */
export type TransportFactory = (index: number) => Promise<ShardTransport>;

/**
 * The shard worker script. Under a test runner that runs this package's
 * TypeScript sources, the worker (a separate thread the runner does not
 * transform) runs the built file instead.
 *
 * @example
 * ```ts
 * import { shardWorkerUrl } from '@hessian-free/parallel';
 * console.log(shardWorkerUrl().href); // .../dist/shard-worker-entry.js
 * ```
 */
export function shardWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/shard-worker-entry.js', here) : new URL('./shard-worker-entry.js', here);
}

/**
 * Threads in this process running `script` (default: the package's shard
 * worker, which imports models by URL): worker_threads in Node, module Web
 * Workers elsewhere. A bundled app passes the URL of its own worker script
 * (one that calls serveShardWorker).
 *
 * @example
 * ```ts
 * import { threads } from '@hessian-free/parallel';
 * // A bundled app's own worker script (Vite: import url from './shard-worker.ts?worker&url').
 * const transport = threads(new URL('./my-shard-worker.js', import.meta.url));
 * // startEngine({ ..., transport, module: { url: 'models', model: 'linear' } })
 * ```
 */
export function threads(script: string | URL = shardWorkerUrl()): TransportFactory {
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  return async () => (isNode ? nodeThread(new URL(script)) : webWorker(script));
}

async function nodeThread(url: URL): Promise<ShardTransport> {
  const { Worker } = await import('node:worker_threads');
  // A worker inherits the process's Node flags; --input-type (a script given
  // on the command line or stdin) would stop it from loading its module file.
  const worker = new Worker(url, { execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')) });
  let faulted = false;
  const faults: ((error: Error) => void)[] = [];
  const fault = (error: Error): void => {
    if (faulted) return;
    faulted = true;
    for (const f of faults) f(error);
  };
  worker.on('error', (error) => fault(error instanceof Error ? error : new Error(String(error))));
  worker.on('exit', (code) => fault(new Error(`the shard worker exited (code ${code})`)));
  return {
    post: (request) => worker.postMessage(request),
    onReply: (listener) => void worker.on('message', listener),
    onFault: (listener) => void faults.push(listener),
    unref: () => worker.unref(),
    ref: () => worker.ref(),
    terminate: async () => {
      faulted = true; // an exit we asked for is no fault
      await worker.terminate();
    },
  };
}

function webWorker(url: string | URL): ShardTransport {
  const worker = new Worker(url, { type: 'module' });
  const faults: ((error: Error) => void)[] = [];
  worker.addEventListener('error', (event) => {
    for (const f of faults) f(new Error(`a shard worker failed: ${event.message}`));
  });
  return {
    post: (request) => worker.postMessage(request),
    onReply: (listener) => worker.addEventListener('message', (event: MessageEvent) => listener(event.data as ShardReply)),
    onFault: (listener) => void faults.push(listener),
    unref: () => {},
    ref: () => {},
    terminate: async () => worker.terminate(),
  };
}
