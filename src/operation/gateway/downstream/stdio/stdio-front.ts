/**
 * @module operation/gateway/downstream/stdio/stdio-front
 * The stdio side of `gatehouse run --stdio`: one session for the host that spawned Gatehouse, on
 * this process's stdin and stdout. Stdout carries only protocol bytes; logs go to stderr.
 */
import type { Readable, Writable } from 'node:stream';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { logErrorAnswers } from '../error-answers.js';
import { LineStdioServerTransport } from './stdio-server-transport.js';

export interface StdioFrontOptions {
  readonly gateway: Gateway;
  readonly logger: Logger;
  readonly maxLineBytes: number;
  readonly input?: Readable;
  readonly output?: Writable;
}

/** Serves one host on stdio; resolves when the host closes stdin. */
export async function runStdioFront(options: StdioFrontOptions): Promise<void> {
  const session = options.gateway.openSession('stdio', 'local-user');
  const transport = new LineStdioServerTransport({
    input: options.input ?? process.stdin,
    output: options.output ?? process.stdout,
    maxLineBytes: options.maxLineBytes,
    logger: options.logger,
  });
  logErrorAnswers(transport, options.logger, { front: 'stdio', session: session.id });
  const closed = new Promise<void>((resolve) => {
    const previous = session.server.onclose;
    session.server.onclose = () => {
      previous?.();
      resolve();
    };
  });
  await session.server.connect(transport);
  await closed;
}
