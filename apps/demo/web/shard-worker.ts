// A shard worker of the parallel engine (hf's `workers` option), bundled by
// Vite as its own worker script (`?worker&url` in worker.ts): the engine's
// default worker imports the model's module by URL, which a bundle cannot
// follow, so this script imports the demo's models itself and serves them
// under the key 'models' (the training worker passes
// modelModule: { url: 'models', model: 'taskNetwork', args }). The WASM
// binaries come from the app, as on the page.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { serveShardWorker } from '@hessian-free/hf';
import * as models from '../src/trainers/models.js';
import { MODELS_KEY } from './protocol.js';
import { SERVED_WASM_PATHS } from './wasm.js';

setWasmPaths(SERVED_WASM_PATHS);
void serveShardWorker({
  importModule: async (url) => {
    if (url !== MODELS_KEY) throw new Error(`this shard worker serves the module "${MODELS_KEY}", not ${JSON.stringify(url)}`);
    return models;
  },
});
