/** Public names read back to (server, item) from the configuration alone. */
import { describe, expect, it } from 'vitest';

import { lookupPublicName } from '../../../src/operation/policy/index.js';
import { GatehouseConfigSchema } from '../../../src/shared/config/schema.js';

const stdio = { transport: 'stdio', command: 'x' };

function config(servers: Record<string, unknown>) {
  return GatehouseConfigSchema.parse({ servers });
}

describe('lookupPublicName', () => {
  it('refuses names no enabled server can give in the plain form', () => {
    const c = config({ fs: stdio, off: { ...stdio, enabled: false } });
    expect(lookupPublicName(c, 'gh__search')).toMatchObject({
      ok: false,
      problem: /--server and --item/,
    });
    expect(lookupPublicName(c, 'off__x')).toMatchObject({ ok: false });
    expect(lookupPublicName(c, 'fs__')).toMatchObject({ ok: false });
    expect(lookupPublicName(c, 'fs__read file')).toMatchObject({ ok: false });
  });

  it('reports a name several servers could own instead of guessing', () => {
    const c = config({ fs: stdio, search: { ...stdio, prefix: '' } });
    const result = lookupPublicName(c, 'fs__read_file');
    expect(result).toMatchObject({
      ok: false,
      candidates: [
        { server: 'fs', item: 'read_file' },
        { server: 'search', item: 'fs__read_file' },
      ],
    });
  });

  it('splits at the prefix of the server, after normalisation and explicit prefixes', () => {
    const c = config({
      'my server': stdio,
      a_b: stdio,
      a: stdio,
      gh: { ...stdio, prefix: 'github' },
    });
    expect(lookupPublicName(c, 'my-server__read_file')).toEqual({
      ok: true,
      server: 'my server',
      item: 'read_file',
    });
    expect(lookupPublicName(c, 'a_b__c')).toEqual({ ok: true, server: 'a_b', item: 'c' });
    expect(lookupPublicName(c, 'a__b_c')).toEqual({ ok: true, server: 'a', item: 'b_c' });
    expect(lookupPublicName(c, 'github__search')).toEqual({
      ok: true,
      server: 'gh',
      item: 'search',
    });
  });
});
