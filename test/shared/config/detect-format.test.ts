import { describe, expect, it } from 'vitest';

import { detectFormat } from '../../../src/shared/config/detect-format.js';

describe('detectFormat', () => {
  it.each([[null], [[]], ['text'], [{}], [{ server: {} }]])('refuses %j', (value) => {
    expect(detectFormat(value).ok).toBe(false);
  });

  it('sees mcpServers files', () => {
    expect(detectFormat({ mcpServers: {} })).toEqual({ ok: true, format: 'mcpServers' });
  });

  it('sees VS Code files by their inputs or by typed entries', () => {
    expect(detectFormat({ servers: {}, inputs: [] })).toEqual({ ok: true, format: 'vscode' });
    expect(detectFormat({ servers: { a: { type: 'stdio', command: 'x' } } })).toEqual({
      ok: true,
      format: 'vscode',
    });
  });

  it('sees gatehouse.yaml otherwise, or whenever version or gateway is present', () => {
    expect(detectFormat({ servers: { a: { transport: 'stdio' } } })).toEqual({
      ok: true,
      format: 'gatehouse',
    });
    expect(detectFormat({ version: 1, servers: { a: { type: 'stdio' } } })).toEqual({
      ok: true,
      format: 'gatehouse',
    });
    expect(detectFormat({ gateway: {}, servers: {} })).toEqual({ ok: true, format: 'gatehouse' });
  });
});
