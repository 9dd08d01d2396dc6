/**
 * @module shared/config/terminal-prompter
 * Asks for `${input:id}` values on the controlling terminal. It reads and writes `/dev/tty`
 * directly, never stdin/stdout: in `--stdio` mode those carry the MCP protocol, and a prompt
 * written there would corrupt the host's connection.
 */
import { closeSync, openSync } from 'node:fs';
import { isatty, ReadStream, WriteStream } from 'node:tty';

import type { InputPrompter } from './input-prompter.js';
import { createStreamPrompter } from './input-prompter.js';

const TERMINAL = '/dev/tty';

function openTerminal(path: string, flags: string): number | undefined {
  try {
    const fd = openSync(path, flags);
    if (isatty(fd)) return fd;
    closeSync(fd);
  } catch {
    // No controlling terminal (a service, CI, a client that spawned us): nothing to ask on.
  }
  return undefined;
}

/**
 * A prompter on the terminal, or `undefined` when the process has none (or on Windows, which has
 * no `/dev/tty`). The terminal is opened for each question and closed after it, so an idle
 * prompter holds no file descriptor and does not keep the process alive.
 */
export function createTerminalPrompter(options: { path?: string } = {}): InputPrompter | undefined {
  const path = options.path ?? TERMINAL;
  const probe = openTerminal(path, 'r');
  if (probe === undefined) return undefined;
  closeSync(probe);
  return {
    async ask(question) {
      const readFd = openTerminal(path, 'r');
      const writeFd = readFd === undefined ? undefined : openTerminal(path, 'w');
      if (readFd === undefined || writeFd === undefined) {
        if (readFd !== undefined) closeSync(readFd);
        throw new Error(`cannot open ${path}`);
      }
      const input = new ReadStream(readFd);
      const output = new WriteStream(writeFd);
      try {
        return await createStreamPrompter(input, output).ask(question);
      } finally {
        input.destroy();
        output.destroy();
      }
    },
  };
}
