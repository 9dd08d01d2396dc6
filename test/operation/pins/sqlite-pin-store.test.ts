/** The SQLite pin store: establish, quarantine, approve, version counter, across reopenings. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Definition } from '../../../src/operation/pins/index.js';
import { pinKey, SqlitePinStore } from '../../../src/operation/pins/index.js';
import { jcsHash } from '../../../src/shared/canonical/index.js';
import { openDatabase } from '../../../src/shared/store/index.js';

const def = (name: string, description: string): Definition => {
  const definition = { name, description };
  return { kind: 'tool', name, definition, hash: jcsHash(definition) };
};

describe('SqlitePinStore', () => {
  it('keeps pins and quarantines across reopenings, and approval moves a quarantine into the pin', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pinstore-'));
    const first = new SqlitePinStore(openDatabase(dir));
    first.establish('id1', 'node server.js', [def('read', 'v1')]);
    first.quarantine('id1', {
      kind: 'tool',
      name: 'read',
      change: 'changed',
      observed: def('read', 'v2'),
      pinnedHash: def('read', 'v1').hash,
      firstSeen: 't',
      serverKey: 'docs',
    });
    const versionBefore = first.version();

    const reopened = new SqlitePinStore(openDatabase(dir));
    const state = reopened.load('id1');
    expect(state.established).toBe(true);
    expect(state.quarantine.get(pinKey('tool', 'read'))?.observed.hash).toBe(
      def('read', 'v2').hash,
    );

    const pin = reopened.approve('id1', 'tool', 'read', 'local:alice');
    expect(pin).toMatchObject({ hash: def('read', 'v2').hash, approvedBy: 'local:alice' });
    expect(reopened.version()).toBe(versionBefore + 1);
    const after = reopened.load('id1');
    expect(after.quarantine.size).toBe(0);
    expect(after.pins.get(pinKey('tool', 'read'))?.definition).toEqual({
      name: 'read',
      description: 'v2',
    });
    expect(reopened.approve('id1', 'tool', 'read', 'x')).toBeUndefined();
  });
});
