/**
 * @module scripts/bench/stdio-channel
 * MCP over a child process's pipes: newline-delimited JSON-RPC on stdin/stdout, any number of
 * requests in flight, answers matched by id.
 */
import type { JsonRpcOutgoing } from './json-rpc.js';
import { parseMessages } from './json-rpc.js';
import { LineSplitter } from './line-splitter.js';
import type { StartedProcess } from './processes.js';
import { startProcess, stopProcess } from './processes.js';
import type { Channel, MessageSink } from './rpc-connection.js';

export class StdioChannel implements Channel {
  private closing = false;

  private constructor(readonly started: StartedProcess) {}

  /** Spawns `command args` and reads its stdout into `sink`. */
  static start(
    command: string,
    args: readonly string[],
    sink: MessageSink,
    options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
  ): StdioChannel {
    const started = startProcess(command, args, { stdin: 'pipe', ...options });
    const channel = new StdioChannel(started);
    const splitter = new LineSplitter();
    const stdout = started.child.stdout;
    stdout?.setEncoding('utf8');
    stdout?.on('data', (chunk: string) => {
      for (const line of splitter.push(chunk)) {
        for (const incoming of parseMessages(line)) sink.receive(incoming);
      }
    });
    started.child.stdin?.on('error', (error) => {
      if (!channel.closing) sink.failAll(new Error(`stdin of ${command}: ${error.message}`));
    });
    void started.exited.then((why) => {
      if (!channel.closing)
        sink.failAll(new Error(`${command} ${why}\n${started.stderr.toString()}`));
    });
    return channel;
  }

  get pid(): number {
    return this.started.pid;
  }

  send(message: JsonRpcOutgoing): Promise<void> {
    const stdin = this.started.child.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error('stdin is closed'));
    stdin.write(`${JSON.stringify(message)}\n`);
    return Promise.resolve();
  }

  /** Closes stdin (the MCP stdio shutdown), then escalates to signals if the process lingers. */
  async close(): Promise<void> {
    this.closing = true;
    this.started.child.stdin?.end();
    const lingering = await Promise.race([
      this.started.exited.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 1_000).unref()),
    ]);
    if (lingering) await stopProcess(this.started);
  }
}
