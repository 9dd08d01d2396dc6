/**
 * @module shared/logging/logger
 * pino loggers that write to stderr only: in stdio mode stdout carries the MCP protocol, so a
 * single stray byte there would corrupt the host's connection.
 */
import { pino } from 'pino';

import { redactEmbedded, redactForLog } from '../redaction/index.js';

export type Logger = pino.Logger;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Paths whose values never reach a log line (tokens, keys, secrets in headers and env). */
const REDACT_PATHS = [
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'env',
  '*.env',
  'key',
  'token',
];

/** Creates the process logger; JSON lines on stderr (fd 2) unless a destination is given. */
export function createLogger(
  options: { level?: LogLevel; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'gatehouse',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      // Threat: credentials inside error messages and fields (see redactForLog); the fixed paths
      // above stay as the first line of defence.
      formatters: { log: (object) => redactForLog(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg: unknown) =>
            typeof arg === 'string' ? redactEmbedded(arg) : arg,
          ) as Parameters<typeof method>;
          method.apply(this, redacted);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

/** A logger that drops everything; for library use where no logger is given. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
