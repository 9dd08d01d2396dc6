/**
 * @module operation/gateway/relay/upstream-log-levels
 * The logging level each session-era upstream is set to. Upstreams are shared, so a level is only
 * ever raised to the most verbose one some caller needs (session-era hosts choose theirs with
 * `logging/setLevel`, 2026-07-28 hosts name one per request); every message is then filtered per
 * caller on the way down. 2026-07-28 upstreams take the level per request instead.
 */
import type { LoggingLevel } from '@modelcontextprotocol/server';

import type { Logger } from '../../../shared/logging/index.js';
import type { UpstreamConnection } from '../upstream/index.js';
import { LOG_LEVELS } from './log-levels.js';

const rank = (level: string): number => LOG_LEVELS.indexOf(level as LoggingLevel);

/** Levels applied to session-era upstreams. */
export class UpstreamLogLevels {
  private readonly applied = new Map<string, LoggingLevel>();
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  /** Sets `upstream` to `level` unless it is already at least as verbose. */
  async raise(upstream: UpstreamConnection, level: string): Promise<void> {
    if (rank(level) < 0) return;
    const current = this.applied.get(upstream.key);
    if (current !== undefined && rank(current) <= rank(level)) return;
    await this.apply(upstream, level as LoggingLevel);
  }

  /** Applies the level again after a reconnect. */
  async restore(upstream: UpstreamConnection): Promise<void> {
    const level = this.applied.get(upstream.key);
    if (level !== undefined) await this.apply(upstream, level);
  }

  private async apply(upstream: UpstreamConnection, level: LoggingLevel): Promise<void> {
    if (
      upstream.state !== 'ready' ||
      upstream.era !== 'legacy' ||
      !upstream.capabilities?.logging
    ) {
      return;
    }
    this.applied.set(upstream.key, level);
    await upstream
      .request('logging/setLevel', { level })
      .catch((error: unknown) =>
        this.logger.debug({ err: error, server: upstream.key }, 'setLevel failed'),
      );
  }
}
