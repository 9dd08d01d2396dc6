/**
 * @module operation/gateway/relay/log-levels
 * Per-session logging levels (`logging/setLevel`). Upstreams are shared, so each is set to the most
 * verbose level any session asked for, and every log message is filtered per session on the way
 * down.
 */
import type { LoggingLevel } from '@modelcontextprotocol/server';

/** RFC 5424 severities in increasing order, as MCP uses them. */
export const LOG_LEVELS: readonly LoggingLevel[] = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
];

const RANK = new Map<string, number>(LOG_LEVELS.map((level, index) => [level, index]));

export function isLogLevel(value: unknown): value is LoggingLevel {
  return typeof value === 'string' && RANK.has(value);
}

/** Levels chosen by sessions. */
export class LogLevels {
  private readonly levels = new Map<string, LoggingLevel>();

  set(sessionId: string, level: LoggingLevel): void {
    this.levels.set(sessionId, level);
  }

  get(sessionId: string): LoggingLevel | undefined {
    return this.levels.get(sessionId);
  }

  /** True if a message at `level` is at least as severe as `threshold`. */
  static atLeast(level: unknown, threshold: string): boolean {
    return (RANK.get(String(level)) ?? LOG_LEVELS.length) >= (RANK.get(threshold) ?? 0);
  }

  delete(sessionId: string): void {
    this.levels.delete(sessionId);
  }

  has(sessionId: string): boolean {
    return this.levels.has(sessionId);
  }

  /** True if a message at `level` should reach the session (no level set: everything). */
  admits(sessionId: string, level: unknown): boolean {
    const chosen = this.levels.get(sessionId);
    if (chosen === undefined) return true;
    return (RANK.get(String(level)) ?? LOG_LEVELS.length) >= (RANK.get(chosen) ?? 0);
  }

  /** The most verbose level any session chose, or undefined when none chose one. */
  mostVerbose(): LoggingLevel | undefined {
    let best: LoggingLevel | undefined;
    for (const level of this.levels.values()) {
      if (best === undefined || (RANK.get(level) ?? 0) < (RANK.get(best) ?? 0)) best = level;
    }
    return best;
  }

  /** Sessions that chose a level. */
  sessions(): string[] {
    return [...this.levels.keys()];
  }
}
