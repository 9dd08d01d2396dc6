/**
 * The log key pinned per registry URL: trusted on first use, then required; a configured key
 * always wins; a pins file others can write is refused.
 */
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { pinLogKey } from '../../../src/creation/installer/index.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir('gatehouse-pins-');
const first = generateSigningKey().publicKey;
const other = generateSigningKey().publicKey;

describe('pinLogKey', () => {
  it('pins on first use (owner-only file), then refuses another key for that URL', async () => {
    const file = path.join(dir, 'a.json');
    expect(await pinLogKey(file, 'http://r.example/', first)).toEqual({
      publicKey: first,
      source: 'first-use',
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await pinLogKey(file, 'http://r.example', first)).toEqual({
      publicKey: first,
      source: 'pinned',
    });
    await expect(pinLogKey(file, 'http://r.example', other)).rejects.toMatchObject({
      code: 'INSTALL_LOG_KEY_MISMATCH',
      message: expect.stringContaining('another server answers at this address (spoofed)'),
    });
    // Another URL is another registry.
    expect((await pinLogKey(file, 'http://s.example', other)).source).toBe('first-use');
  });

  it('a configured key wins over the pin, and must be what the registry serves', async () => {
    const file = path.join(dir, 'b.json');
    expect(await pinLogKey(file, 'http://r.example', first, first)).toEqual({
      publicKey: first,
      source: 'config',
    });
    await expect(pinLogKey(file, 'http://r.example', other, first)).rejects.toThrow(
      /not the configured key/,
    );
  });

  it('refuses a pins file that other users can write', async () => {
    const file = path.join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ version: 1, registries: {} }));
    chmodSync(file, 0o666);
    await expect(pinLogKey(file, 'http://r.example', first)).rejects.toThrow(
      /readable by its owner only/,
    );
  });
});
