/**
 * Public surface of operation/gateway/cluster: several gateway processes on one port.
 */
export type { PoolOptions, WorkerInit } from './worker-pool.js';
export {
  awaitWorkerInit,
  isPoolWorker,
  runWorkerPool,
  stopWithPrimary,
  WORKER_ENV,
  workerId,
} from './worker-pool.js';
