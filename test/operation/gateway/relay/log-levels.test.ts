import { describe, expect, it } from 'vitest';

import {
  isLogLevel,
  LOG_LEVELS,
  LogLevels,
} from '../../../../src/operation/gateway/relay/log-levels.js';

describe('isLogLevel', () => {
  it.each(['', 'warn', 'INFO', 'trace', 'fatal', 42, null, undefined, {}])(
    'refuses %j',
    (value) => {
      expect(isLogLevel(value)).toBe(false);
    },
  );

  it('accepts the eight RFC 5424 levels MCP uses', () => {
    expect(LOG_LEVELS).toEqual([
      'debug',
      'info',
      'notice',
      'warning',
      'error',
      'critical',
      'alert',
      'emergency',
    ]);
    for (const level of LOG_LEVELS) expect(isLogLevel(level)).toBe(true);
  });
});

describe('LogLevels', () => {
  it('filters each session at its own level', () => {
    const levels = new LogLevels();
    levels.set('ann', 'warning');
    levels.set('bob', 'debug');
    expect(levels.admits('ann', 'info')).toBe(false);
    expect(levels.admits('ann', 'warning')).toBe(true);
    expect(levels.admits('ann', 'emergency')).toBe(true);
    expect(levels.admits('bob', 'debug')).toBe(true);
  });

  it('lets a message with an unknown level through to a filtering session rather than drop it', () => {
    const levels = new LogLevels();
    levels.set('ann', 'emergency');
    expect(levels.admits('ann', 'verbose')).toBe(true);
    expect(levels.admits('ann', undefined)).toBe(true);
  });

  it('admits everything for a session that chose no level', () => {
    const levels = new LogLevels();
    expect(levels.has('ann')).toBe(false);
    expect(levels.admits('ann', 'debug')).toBe(true);
  });

  it('sets upstreams to the most verbose level any session chose, and forgets closed sessions', () => {
    const levels = new LogLevels();
    expect(levels.mostVerbose()).toBeUndefined();
    levels.set('ann', 'error');
    levels.set('bob', 'info');
    expect(levels.mostVerbose()).toBe('info');
    levels.set('bob', 'critical');
    expect(levels.mostVerbose()).toBe('error');
    levels.delete('ann');
    expect(levels.mostVerbose()).toBe('critical');
    expect(levels.sessions()).toEqual(['bob']);
  });
});
