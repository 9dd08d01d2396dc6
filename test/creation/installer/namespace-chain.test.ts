/**
 * The installer's own walk of a namespace's signed history, on real signed messages: what it
 * refuses (forged or replayed signatures, broken links, non-owner and removed signers, a registry
 * view that disagrees) and what it rebuilds (owners, releases, statuses), then the version choice
 * and the served-release check on top of it.
 */
import { describe, expect, it } from 'vitest';

import type { ServedEvent, ServedVersion } from '../../../src/creation/installer/index.js';
import { verifyNamespaceChain } from '../../../src/creation/installer/index.js';
import { checkSignedRelease } from '../../../src/creation/installer/release-check.js';
import { selectVersion } from '../../../src/creation/installer/version-select.js';
import { signMessage } from '../../../src/creation/registry/index.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { history, NAMESPACE, releaseBody, SERVER, viewOf } from './chain-helpers.js';

const alice = generateSigningKey();
const bob = generateSigningKey();
const carol = generateSigningKey();
const mallory = generateSigningKey();

/** alice claims, adds bob; bob releases 1.0.0; alice yanks it; 1.1.0; alice rotates bob → carol. */
const steps = [
  { kind: 'namespace-claim', by: alice },
  { kind: 'key-addition', by: alice, key: bob.publicKey },
  { kind: 'release', by: bob, version: '1.0.0' },
  { kind: 'release-status', by: alice, version: '1.0.0', status: 'yanked', message: 'bad' },
  { kind: 'release', by: alice, version: '1.1.0' },
  { kind: 'release', by: alice, version: '1.2.0' },
  { kind: 'release-status', by: alice, version: '1.2.0', status: 'deprecated', message: 'use 2' },
  { kind: 'key-rotation', by: alice, remove: bob.publicKey, add: carol.publicKey },
] as const;

const verify = (events: ServedEvent[], owners = [alice, carol]) =>
  verifyNamespaceChain(NAMESPACE, events, viewOf(events, owners));

describe('verifyNamespaceChain: refusals', () => {
  it('refuses a message whose signature was altered', () => {
    const events = history(steps);
    const [first, ...rest] = events[4]!.entry.signature;
    events[4] = {
      ...events[4]!,
      entry: { ...events[4]!.entry, signature: `${first === 'A' ? 'B' : 'A'}${rest.join('')}` },
    };
    expect(() => verify(events)).toThrow(
      expect.objectContaining({ code: 'INSTALL_SIGNATURE_INVALID' }),
    );
  });

  it('refuses a key-rotation signature replayed as a release (signing domains differ)', () => {
    const events = history(steps);
    const release = events[4]!;
    const asRotation = signMessage(alice, 'key-rotation', release.entry.payload as never);
    events[4] = { ...release, entry: { ...release.entry, signature: asRotation.signature } };
    expect(() => verify(events)).toThrow(/does not verify as a release message/);
  });

  it('refuses a release signed by a key that never owned the namespace', () => {
    const events = history([
      ...steps.slice(0, 4),
      { kind: 'release', by: mallory, version: '1.1.0' },
    ]);
    let error: unknown;
    try {
      verify(events, [alice, bob]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'INSTALL_SIGNER_NOT_OWNER',
      message: expect.stringMatching(
        /the release of io\.github\.alice\/weather@1\.1\.0 .* never owned the namespace/,
      ),
    });
  });

  it('refuses a release signed by a key after the owners removed it', () => {
    const events = history([...steps, { kind: 'release', by: bob, version: '2.0.0' }]);
    expect(() => verify(events)).toThrow(/was removed from the owners at message 7/);
  });

  it('refuses a history with a message left out or reordered (the links break)', () => {
    const events = history(steps);
    const cut = [...events.slice(0, 3), ...events.slice(4)];
    expect(() => verify(cut)).toThrow(expect.objectContaining({ code: 'INSTALL_CHAIN_INVALID' }));
    const swapped = [...events];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(() => verify(swapped)).toThrow(/not the message before it/);
  });

  it('refuses when the registry says the namespace is elsewhere than its history ends', () => {
    const events = history(steps);
    const shorter = events.slice(0, -1);
    // Freeze: the last (rotation) message withheld, but the view is the current one.
    expect(() => verifyNamespaceChain(NAMESPACE, shorter, viewOf(events, [alice, carol]))).toThrow(
      /its history ends at 7/,
    );
    expect(() => verifyNamespaceChain(NAMESPACE, events, viewOf(events, [alice, bob]))).toThrow(
      expect.objectContaining({ code: 'INSTALL_CHAIN_INVALID' }),
    );
    expect(() => verifyNamespaceChain(NAMESPACE, [], { seq: 0, head: '', owners: [] })).toThrow(
      /served no messages/,
    );
  });

  it('refuses a second claim and a rotation that removes the last owner', () => {
    expect(() =>
      verify(
        history([
          { kind: 'namespace-claim', by: alice },
          { kind: 'key-rotation', by: alice, remove: alice.publicKey, add: null },
        ]),
        [],
      ),
    ).toThrow(/removes the last owner/);
  });
});

describe('verifyNamespaceChain: what a good history says', () => {
  it('rebuilds owners, removed keys, releases and statuses', () => {
    const chain = verify(history(steps));
    expect([...chain.owners].sort()).toEqual([alice.publicKey, carol.publicKey].sort());
    expect(chain.removed.get(bob.publicKey)).toBe(7);
    expect([...chain.releases.keys()]).toEqual([
      `${SERVER}@1.0.0`,
      `${SERVER}@1.1.0`,
      `${SERVER}@1.2.0`,
    ]);
    expect(chain.releases.get(`${SERVER}@1.0.0`)?.signer).toBe(bob.publicKey);
    expect(chain.statuses.get(`${SERVER}@1.0.0`)).toMatchObject({
      status: 'yanked',
      message: 'bad',
    });
  });
});

describe('selectVersion', () => {
  const chain = verify(history(steps));
  const none = new Map<string, string | undefined>();
  const select = (range: string | undefined, extra: Record<string, unknown> = {}) =>
    selectVersion({ name: SERVER, range, chain, served: none, ...extra });

  it('picks the highest version in range that is not yanked, and says when it is deprecated', () => {
    expect(select(undefined)).toMatchObject({ version: '1.2.0', deprecated: 'use 2' });
    expect(select('~1.1').version).toBe('1.1.0');
  });

  it('refuses yanked versions, naming the reason, and a range nothing matches', () => {
    expect(() => select('1.0.0')).toThrow(
      /every matching version was yanked by its owner: 1\.0\.0 \("bad"\)/,
    );
    expect(() => select('^3')).toThrow(expect.objectContaining({ code: 'INSTALL_NO_VERSION' }));
    expect(() => select('not a range')).toThrow(/is not a version or a semver range/);
  });

  it('honours a yank the registry shows even without a signed status (the stricter one wins)', () => {
    const served = new Map([['1.2.0', 'deleted']]);
    expect(selectVersion({ name: SERVER, range: undefined, chain, served }).version).toBe('1.1.0');
  });

  it('refuses a downgrade below the locked version unless allowed', () => {
    expect(() => select('1.1.0', { lockedVersion: '1.2.0' })).toThrow(
      expect.objectContaining({ code: 'INSTALL_DOWNGRADE' }),
    );
    expect(select('1.1.0', { lockedVersion: '1.2.0', allowDowngrade: true }).version).toBe('1.1.0');
    expect(select(undefined, { lockedVersion: '1.2.0' }).version).toBe('1.2.0');
  });
});

describe('checkSignedRelease', () => {
  const events = history(steps);
  const chain = verify(events);
  const servedOf = (version: string): ServedVersion => {
    const release = chain.releases.get(`${SERVER}@${version}`)!;
    return {
      name: SERVER,
      version,
      server: release.payload.server,
      officialStatus: 'active',
      gatehouse: {
        status: 'active',
        release: release.payload.release,
        signature: {
          domain: release.event.entry.domain,
          namespace: NAMESPACE,
          seq: release.event.seq,
          previous: release.payload.previous,
          publicKey: release.event.entry.publicKey,
          signature: release.event.entry.signature,
          logIndex: release.event.logIndex,
        },
      },
    };
  };

  it('accepts what was signed by a current owner', () => {
    expect(() =>
      checkSignedRelease(chain.releases.get(`${SERVER}@1.1.0`)!, chain, servedOf('1.1.0')),
    ).not.toThrow();
  });

  it('refuses served metadata or a release other than the signed one', () => {
    const release = chain.releases.get(`${SERVER}@1.1.0`)!;
    const served = servedOf('1.1.0');
    const otherServer = { ...served, server: { ...served.server, description: 'changed' } };
    expect(() => checkSignedRelease(release, chain, otherServer)).toThrow(
      /serves a server\.json that differs/,
    );
    const otherRelease = {
      ...served,
      gatehouse: { ...served.gatehouse!, release: releaseBody('9.9.9').release },
    };
    expect(() => checkSignedRelease(release, chain, otherRelease)).toThrow(
      /serves a release that differs/,
    );
    expect(() => checkSignedRelease(release, chain, undefined)).toThrow(
      expect.objectContaining({ code: 'INSTALL_SIGNATURE_INVALID' }),
    );
  });

  it('refuses a release whose signer the owners have removed since', () => {
    expect(() =>
      checkSignedRelease(chain.releases.get(`${SERVER}@1.0.0`)!, chain, servedOf('1.0.0')),
    ).toThrow(/which the owners of io\.github\.alice removed at message 7/);
  });
});
