import { serveShardWorker } from './serve-shard-worker.js';

// The package's default shard worker script: models come by dynamic import of their module URL.
void serveShardWorker();
