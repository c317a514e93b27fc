export { startEngine } from './engine.js';
export type { EngineData, EngineOptions, ParallelEngine } from './engine.js';
export type { ModelModule, ProductKind, ShardRequest, ShardReply, SharedBuffers, SharedData } from './protocol.js';
export { threads, shardWorkerUrl } from './transport.js';
export type { ShardTransport, TransportFactory } from './transport.js';
export { splitEvenly } from './split.js';
