export { startEngine } from './engine.js';
export type { EngineData, EngineOptions, ParallelEngine } from './engine.js';
export type { ModelModule, ProductKind, ShardRequest, ShardReply, SharedBuffers, SharedData } from './protocol.js';
export { threads, shardWorkerUrl } from './transport.js';
export type { ShardTransport, TransportFactory } from './transport.js';
export { splitEvenly } from './split.js';
export { serveShardWorker } from './serve-shard-worker.js';
export type { ShardWorkerOptions } from './serve-shard-worker.js';
export type { ModuleImporter } from './shard-worker.js';
