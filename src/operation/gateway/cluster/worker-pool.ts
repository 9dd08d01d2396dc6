/**
 * @module operation/gateway/cluster/worker-pool
 * `gatehouse run --listen ADDR --workers N`: N gateway processes serving one port (Node's
 * `cluster`: the primary accepts connections and hands them to the workers in turn; Node 20's
 * `net` has no `reusePort`). Each worker is a whole gateway: its own upstream server processes
 * (in their own sandboxes), catalog and sessions. They share the state directory: pins, and one
 * audit chain (SQLite's write lock puts one writer at a time at the tail, see the audit store),
 * so `gatehouse audit verify` is unchanged.
 *
 * What the primary hands each worker (over the cluster channel, not the environment): the
 * `requestStateKey` (the config's, or one drawn once for the pool) so a 2026-07-28 retry sealed by
 * one worker is accepted by any, and the private folder of the workers' sockets, through which a
 * request for a session-era session reaches the worker that holds it (see `worker-routing.ts`).
 *
 * The primary restarts a worker that dies (with a growing delay), stops them all on SIGINT or
 * SIGTERM, and exits; a worker whose primary is gone stops too.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Logger } from '../../../shared/logging/index.js';

/** What a worker is told before it starts. */
export interface WorkerInit {
  readonly kind: 'gatehouse-worker-init';
  readonly requestStateKey: string;
  readonly socketDir: string;
}

/** Set in a worker's environment by the primary (marks the process as a pool worker). */
export const WORKER_ENV = 'GATEHOUSE_POOL_WORKER';

/** Whether this process is a worker of a pool. */
export function isPoolWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] === '1';
}

/** This worker's id (1, 2, ... ; a restarted worker gets a new one). */
export function workerId(): number {
  return cluster.worker?.id ?? 0;
}

/** A worker asks for its init once it listens for it (nothing sent earlier can be lost). */
const ASK = { kind: 'gatehouse-worker-ask' } as const;

/** In a worker: asks the primary for the init message and waits for it. */
export function awaitWorkerInit(timeoutMs = 30_000): Promise<WorkerInit> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no init message from the primary')),
      timeoutMs,
    );
    const onMessage = (message: unknown): void => {
      const init = message as Partial<WorkerInit> | null;
      if (init?.kind !== 'gatehouse-worker-init') return;
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve(init as WorkerInit);
    };
    process.on('message', onMessage);
    process.send?.(ASK);
  });
}

/** In a worker: runs `stop` when the primary goes away (its channel closes). */
export function stopWithPrimary(stop: () => void): void {
  process.once('disconnect', stop);
}

export interface PoolOptions {
  readonly workers: number;
  /** The config's `gateway.requestStateKey`; without one the pool draws its own. */
  readonly requestStateKey?: string;
  readonly logger: Logger;
  /** Called once every worker listens the first time. */
  readonly onListening?: (address: { address: string; port: number }) => void;
}

const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that lived this long is healthy again: its next restart waits the minimum. */
const HEALTHY_AFTER_MS = 30_000;
const STOP_GRACE_MS = 10_000;

/** In the primary: starts the pool and resolves once it has stopped (after a signal). */
export async function runWorkerPool(options: PoolOptions): Promise<void> {
  const { logger } = options;
  const socketDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pool-'));
  const init: WorkerInit = {
    kind: 'gatehouse-worker-init',
    // Threat: forged requestState. The key never leaves the pool (handed over the IPC channel).
    requestStateKey: options.requestStateKey ?? randomBytes(32).toString('hex'),
    socketDir,
  };
  let stopping = false;
  let delay = RESTART_MIN_MS;
  const listening = new Set<number>();
  let announced = false;
  const started = new Map<number, number>();

  const fork = (): Worker => {
    const worker = cluster.fork({ [WORKER_ENV]: '1' });
    started.set(worker.id, Date.now());
    worker.on('message', (message: unknown) => {
      if ((message as { kind?: unknown } | null)?.kind === ASK.kind) worker.send(init);
    });
    worker.on('listening', (address) => {
      listening.add(worker.id);
      if (!announced && listening.size >= options.workers) {
        announced = true;
        options.onListening?.({ address: address.address ?? '', port: address.port });
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) return;
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    delay = lived > HEALTHY_AFTER_MS ? RESTART_MIN_MS : Math.min(delay * 2, RESTART_MAX_MS);
    logger.error(
      { worker: worker.id, code, signal, restartInMs: delay },
      'a gateway worker stopped; starting another',
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay).unref();
  });

  for (let i = 0; i < options.workers; i++) fork();

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      if (workers.length === 0) {
        resolve();
        return;
      }
      let left = workers.length;
      const kill = setTimeout(() => {
        for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
      }, STOP_GRACE_MS);
      for (const w of workers) {
        w.once('exit', () => {
          left -= 1;
          if (left === 0) {
            clearTimeout(kill);
            resolve();
          }
        });
        w.process.kill('SIGTERM');
      }
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  rmSync(socketDir, { recursive: true, force: true });
}
