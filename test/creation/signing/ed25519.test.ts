import { chmodSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  generateSigningKey,
  readKeyFile,
  SIGNING_DOMAINS,
  signPayload,
  verifyPayload,
  writeKeyFile,
} from '../../../src/creation/signing/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir();
const release = { name: 'io.github.alice/weather', version: '1.0.0' };

describe('domain-separated Ed25519 signatures', () => {
  const key = generateSigningKey();
  const other = generateSigningKey();
  const signature = signPayload(key.privateKey, SIGNING_DOMAINS.release, release);

  it('verifies the payload it signed, whatever the key order of the object', () => {
    expect(
      verifyPayload(
        key.publicKey,
        SIGNING_DOMAINS.release,
        { version: '1.0.0', name: 'io.github.alice/weather' },
        signature,
      ),
    ).toBe(true);
  });

  it('refuses another key, a changed payload, and a signature from another domain', () => {
    expect(verifyPayload(other.publicKey, SIGNING_DOMAINS.release, release, signature)).toBe(false);
    expect(
      verifyPayload(
        key.publicKey,
        SIGNING_DOMAINS.release,
        { ...release, version: '1.0.1' },
        signature,
      ),
    ).toBe(false);
    // Threat: a rotation signature replayed as a release.
    const rotation = signPayload(key.privateKey, SIGNING_DOMAINS.keyRotation, release);
    expect(verifyPayload(key.publicKey, SIGNING_DOMAINS.release, release, rotation)).toBe(false);
  });

  it('answers false, never throws, for malformed keys and signatures', () => {
    for (const [pub, sig] of [
      ['not-a-key', signature],
      [key.publicKey, 'short'],
      [key.publicKey, ''],
      ['', ''],
    ] as const) {
      expect(verifyPayload(pub, SIGNING_DOMAINS.release, release, sig)).toBe(false);
    }
  });
});

describe('key files', () => {
  it('round-trips an owner-only key file and refuses one others can read', () => {
    const key = generateSigningKey();
    const file = path.join(dir, 'alice.key');
    writeKeyFile(file, key);
    expect(readKeyFile(file)).toEqual(key);
    chmodSync(file, 0o644);
    expect(() => readKeyFile(file)).toThrow(/readable by its owner only/);
  });
});
