/**
 * Hand-made namespace histories for the installer's unit tests: real signed messages (the
 * registry's own `signMessage`), linked by their real entry hashes, served as the registry
 * serves them.
 */
import type { ServedEvent } from '../../../src/creation/installer/index.js';
import type {
  MessageKind,
  PayloadOf,
  Release,
  ServerJson,
} from '../../../src/creation/registry/index.js';
import { entryHash, MESSAGE_KINDS, signMessage } from '../../../src/creation/registry/index.js';
import type { SigningKeyPair } from '../../../src/creation/signing/index.js';

export const NAMESPACE = 'io.github.alice';
export const SERVER = 'io.github.alice/weather';

/** A `server.json` and a release of SERVER at `version`. */
export function releaseBody(version: string): { server: ServerJson; release: Release } {
  return {
    server: { name: SERVER, description: 'Weather', version },
    release: {
      name: SERVER,
      version,
      package: { registryType: 'npm', identifier: 'weather-mcp', version },
      integrity: `sha512-${'A'.repeat(86)}==`,
      closure: [],
      definitionsHash: 'a'.repeat(64),
    },
  };
}

type Step =
  | { kind: 'namespace-claim'; by: SigningKeyPair }
  | { kind: 'key-addition'; by: SigningKeyPair; key: string }
  | { kind: 'key-rotation'; by: SigningKeyPair; remove: string; add: string | null }
  | { kind: 'release'; by: SigningKeyPair; version: string }
  | {
      kind: 'release-status';
      by: SigningKeyPair;
      version: string;
      status: 'active' | 'deprecated' | 'yanked';
      message?: string;
    };

/** Signs each step against the state the previous ones left, as a publisher would. */
export function history(steps: readonly Step[]): ServedEvent[] {
  const events: ServedEvent[] = [];
  let previous: string | null = null;
  steps.forEach((step, seq) => {
    const link = { namespace: NAMESPACE, seq, previous };
    let payload: PayloadOf[MessageKind];
    switch (step.kind) {
      case 'namespace-claim':
        payload = {
          type: step.kind,
          namespace: NAMESPACE,
          seq: 0,
          previous: null,
          publicKey: step.by.publicKey,
        };
        break;
      case 'key-addition':
        payload = { type: step.kind, ...link, previous: previous as string, publicKey: step.key };
        break;
      case 'key-rotation':
        payload = {
          type: step.kind,
          ...link,
          previous: previous as string,
          remove: step.remove,
          add: step.add,
        };
        break;
      case 'release':
        payload = {
          type: step.kind,
          ...link,
          previous: previous as string,
          ...releaseBody(step.version),
        };
        break;
      case 'release-status':
        payload = {
          type: step.kind,
          ...link,
          previous: previous as string,
          name: SERVER,
          version: step.version,
          status: step.status,
          message: step.message ?? null,
        };
        break;
    }
    const envelope = signMessage(step.by, step.kind, payload as never);
    const entry = { domain: MESSAGE_KINDS[step.kind].domain, ...envelope };
    const hash = entryHash(entry);
    events.push({
      namespace: NAMESPACE,
      seq,
      kind: step.kind,
      hash,
      logIndex: seq,
      at: '2026-11-01T00:00:00.000Z',
      entry,
    });
    previous = hash;
  });
  return events;
}

/** The registry's view of the namespace after `events`, with `owners`. */
export function viewOf(
  events: readonly ServedEvent[],
  owners: readonly SigningKeyPair[],
): { seq: number; head: string; owners: { publicKey: string }[] } {
  return {
    seq: events.length,
    head: events.at(-1)?.hash ?? '',
    owners: owners.map((key) => ({ publicKey: key.publicKey })),
  };
}
