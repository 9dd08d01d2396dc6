/**
 * @module scripts/bench/sandboxed-floor
 * The floor row with its server in the stdio sandbox: server-everything started through
 * `SandboxLauncher.prepare()` (default policy) exactly as the gateway starts an upstream, and the
 * lean client on its pipes. Set against the plain floor it shows what the sandbox costs per call
 * with nothing else in the path (no gateway, no audit log).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { SandboxLauncher } from '../../src/operation/sandbox/index.js';
import { StdioServerSchema } from '../../src/shared/config/index.js';
import { createLogger } from '../../src/shared/logging/index.js';
import { rssBytes } from './processes.js';
import { RpcConnection } from './rpc-connection.js';
import { StdioChannel } from './stdio-channel.js';
import type { BenchEnv, RunningRow } from './targets.js';

/** Starts server-everything in its sandbox and connects the stdio client to it. */
export async function startSandboxedFloor(env: BenchEnv, rowId: string): Promise<RunningRow> {
  const stateDir = path.join(env.workDir, `state-${rowId}`);
  mkdirSync(stateDir, { recursive: true });
  const launcher = new SandboxLauncher({
    stateDir,
    logger: createLogger({ level: 'error', name: 'gatehouse-bench' }),
  });
  try {
    const config = StdioServerSchema.parse({
      transport: 'stdio',
      command: env.node,
      args: [env.everything, 'stdio'],
    });
    const launch = await launcher.prepare(rowId, config);
    let channel: StdioChannel | undefined;
    const connection = await RpcConnection.open((sink) => {
      channel = StdioChannel.start(launch.command, launch.args, sink, { env: { ...launch.env } });
      return Promise.resolve(channel);
    });
    const started = channel?.started;
    launch.started(started?.pid);
    started?.child.once('exit', (code, signal) => launch.ended(code, signal));
    return {
      connection,
      frontPid: started?.pid ?? 0,
      // The server inside the sandbox, not the wrapper and bwrap processes above it.
      cpuMarker: env.everything,
      rss: () => (started === undefined ? null : largestInTree(started.pid)),
      async stop() {
        await connection.close();
        launcher.close();
      },
    };
  } catch (error) {
    launcher.close();
    throw error;
  }
}

/**
 * The largest RSS in a process tree: the server, not the wrapper and bwrap processes above it
 * (Linux `/proc/<pid>/task/<tid>/children`); null when the tree cannot be read.
 */
export function largestInTree(pid: number): number | null {
  let best: number | null = null;
  const seen = new Set<number>();
  const visit = (p: number): void => {
    if (seen.has(p)) return;
    seen.add(p);
    const rss = rssBytes(p);
    if (rss !== null && (best === null || rss > best)) best = rss;
    for (const child of childrenOf(p)) visit(child);
  };
  visit(pid);
  return best;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text !== '') children.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // The process ended, or the kernel does not offer the children file.
  }
  return children;
}
