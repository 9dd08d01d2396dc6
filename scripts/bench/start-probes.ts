/**
 * @module scripts/bench/start-probes
 * One timed start each: a program spawned until its first byte on stdout (the legs of the sandbox
 * chain), and an MCP stdio server started the way the gateway starts it
 * (`SandboxLauncher.prepare()`, then spawn what it returned) until its answer to `initialize`.
 */
import type { StdioOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import type { SandboxLauncher } from '../../src/operation/sandbox/index.js';
import type { StdioServerConfig } from '../../src/shared/config/index.js';
import { parseMessages } from './json-rpc.js';
import { LineSplitter } from './line-splitter.js';
import { PROTOCOL_VERSION } from './mcp-session.js';
import { OutputTail } from './processes.js';
import type { ChainLeg } from './start-chain.js';

/** A start that has not answered (or exited) by now has failed. */
const START_TIMEOUT_MS = 20_000;

/** After its answer, a server that has not exited this long after stdin closed is killed. */
const STOP_GRACE_MS = 2_000;

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'gatehouse-bench', version: '1.0.0' },
  },
})}\n`;

/**
 * µs from `spawn()` until the leg's first byte on stdout (its start, without its exit); then waits
 * for the exit, and throws unless it wrote something and exited with 0.
 */
export async function timeToFirstByte(leg: ChainLeg): Promise<number> {
  const fd = leg.seccompFile === undefined ? undefined : openSync(leg.seccompFile, 'r');
  try {
    const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', ...(fd === undefined ? [] : [fd])];
    const t0 = performance.now();
    const child = spawn(leg.command, leg.args, { stdio });
    const stderr = new OutputTail(child.stderr);
    let firstByte: number | undefined;
    child.stdout?.on('data', () => {
      firstByte ??= performance.now();
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${leg.command} did not exit within ${START_TIMEOUT_MS} ms`));
        }, START_TIMEOUT_MS);
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        // `close`, not `exit`: stdout has been read to its end.
        child.once('close', (c, s) => {
          clearTimeout(timer);
          resolve([c, s]);
        });
      },
    );
    if (code !== 0) {
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      throw new Error(`${leg.command} ${why}: ${stderr.toString() || '(no stderr)'}`);
    }
    if (firstByte === undefined) throw new Error(`${leg.command} wrote nothing to stdout`);
    return (firstByte - t0) * 1000;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One server start: how long `prepare()` took and how long until the `initialize` answer. */
export interface ServerStart {
  /** µs inside `launcher.prepare()`. */
  readonly prepareUs: number;
  /** µs from calling `prepare()` until the first line of stdout (the answer) arrived. */
  readonly totalUs: number;
}

/**
 * Prepares and spawns `config` as the gateway's stdio transport does (the launch's command, args
 * and environment; `started`/`ended` told), writes `initialize` at once and waits for the answer;
 * then closes stdin and waits for the whole chain to exit, so starts never overlap.
 */
export async function timeServerStart(
  launcher: SandboxLauncher,
  serverKey: string,
  config: StdioServerConfig,
): Promise<ServerStart> {
  const t0 = performance.now();
  const launch = await launcher.prepare(serverKey, config);
  const prepared = performance.now();
  const child = spawn(launch.command, [...launch.args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: launch.env,
    ...(launch.cwd === undefined ? {} : { cwd: launch.cwd }),
  });
  launch.started(child.pid);
  const stderr = new OutputTail(child.stderr);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => {
      launch.ended(null, null);
      resolve(`failed to start: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      launch.ended(code, signal);
      resolve(signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  });
  try {
    child.stdin.write(INITIALIZE);
    const answered = await new Promise<number>((resolve, reject) => {
      const splitter = new LineSplitter();
      const timer = setTimeout(
        () => reject(new Error(`no initialize answer within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const at = performance.now();
        for (const line of splitter.push(chunk)) {
          const answer = parseMessages(line).find(
            (m) => m.kind === 'response' && m.message.id === 1,
          );
          if (answer === undefined) continue;
          clearTimeout(timer);
          resolve(at);
        }
      });
      void exited.then((why) => {
        clearTimeout(timer);
        reject(new Error(`${why} before answering: ${stderr.toString() || '(no stderr)'}`));
      });
    });
    return { prepareUs: (prepared - t0) * 1000, totalUs: (answered - t0) * 1000 };
  } finally {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
