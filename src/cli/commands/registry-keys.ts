/**
 * @module cli/commands/registry-keys
 * Namespace ownership from the command line:
 *
 * - `gatehouse registry key create FILE`: a new Ed25519 publisher key (owner-only file); prints
 *   the public key and the proof record to publish for a domain namespace;
 * - `gatehouse registry claim NAMESPACE --key FILE --registry URL`;
 * - `gatehouse registry key add NAMESPACE --key FILE --registry URL --new KEY`;
 * - `gatehouse registry key rotate NAMESPACE --key FILE --registry URL --remove KEY [--new KEY]`.
 *
 * KEY is a public key (base64url, 43 characters) or a key file.
 */
import path from 'node:path';

import type { Command } from 'commander';

import type { WriteAnswer } from '../../creation/registry/index.js';
import { formatProofRecord, RegistryClient } from '../../creation/registry/index.js';
import type { SigningKeyPair } from '../../creation/signing/index.js';
import { generateSigningKey, readKeyFile, writeKeyFile } from '../../creation/signing/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { writeErr, writeJson, writeOut } from '../output.js';

interface SignedOptions {
  key: string;
  registry: string;
  logPublicKey?: string;
  json?: boolean;
}

/** Adds `--key`, `--registry`, `--log-public-key` and `--json` to a signing subcommand. */
export function withSigningOptions(command: Command): Command {
  return command
    .requiredOption('--key <file>', 'your publisher key file (gatehouse registry key create)')
    .requiredOption('--registry <url>', 'the registry, e.g. http://127.0.0.1:8809')
    .option('--log-public-key <key>', "pin the registry log's public key (default: ask it once)")
    .option('--json', 'print the registry answer as JSON');
}

/** The client and key of a signing subcommand. */
export function signingContext(options: SignedOptions): {
  client: RegistryClient;
  key: SigningKeyPair;
} {
  let url: URL;
  try {
    url = new URL(options.registry);
  } catch {
    throw new UsageError(`--registry "${options.registry}": not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--registry "${options.registry}": expected an http(s) URL`);
  }
  const key = readKeyFile(path.resolve(options.key));
  const client = new RegistryClient(url.href, {
    ...(options.logPublicKey ? { logPublicKey: options.logPublicKey } : {}),
  });
  return { client, key };
}

/** Prints an accepted write: a line for people, or the whole answer as JSON. */
export function printWrite(what: string, answer: WriteAnswer, json: boolean | undefined): void {
  if (json) {
    writeJson(answer);
    return;
  }
  writeOut(
    `${what}: logged at index ${answer.logIndex} (tree size ${answer.treeHead.treeSize}, ` +
      `root ${answer.treeHead.rootHash.slice(0, 16)}…; inclusion proof checked)`,
  );
  for (const warning of answer.warnings) writeErr(`warning: ${warning}`);
}

/** A public key given as itself or as a key file. */
function publicKeyOf(value: string): string {
  if (/^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  return readKeyFile(path.resolve(value)).publicKey;
}

export function registerRegistryKeyCommands(registry: Command): void {
  const key = registry.command('key').description('Publisher keys and namespace owners');
  key
    .command('create')
    .argument('<file>', 'where to write the new key (never overwritten; mode 0600)')
    .option('--json', 'print {file, publicKey, keyId, proofRecord}')
    .description('Create an Ed25519 publisher key')
    .action((file: string, options: { json?: boolean }) => {
      const target = path.resolve(file);
      const pair = generateSigningKey();
      try {
        writeKeyFile(target, pair);
      } catch (error) {
        throw new UsageError(`${target}: cannot create the key file (${(error as Error).message})`);
      }
      const proofRecord = formatProofRecord(pair.publicKey);
      if (options.json) {
        writeJson({ file: target, publicKey: pair.publicKey, keyId: pair.keyId, proofRecord });
        return;
      }
      writeOut(pair.publicKey);
      writeErr(
        [
          `Key written to ${target} (keep it private). Public key above; key id ${pair.keyId}.`,
          'To prove a domain namespace (com.example for example.com), publish this record as',
          'https://example.com/.well-known/mcp-registry-auth or as a TXT record on example.com:',
          `  ${proofRecord}`,
        ].join('\n'),
      );
    });
  withSigningOptions(key.command('add'))
    .argument('<namespace>', 'a namespace you own')
    .requiredOption('--new <key>', 'the key to add (public key or key file)')
    .description('Add an owner key to a namespace (signed by a current owner)')
    .action(async (namespace: string, options: SignedOptions & { new: string }) => {
      const { client, key: signer } = signingContext(options);
      const answer = await client.addKey(signer, namespace, publicKeyOf(options.new));
      printWrite(`added a key to ${namespace}`, answer, options.json);
    });
  withSigningOptions(key.command('rotate'))
    .argument('<namespace>', 'a namespace you own')
    .requiredOption('--remove <key>', 'the owner key to remove (public key or key file)')
    .option('--new <key>', 'its replacement (public key or key file)')
    .description('Replace or remove an owner key (signed by a current owner)')
    .action(
      async (namespace: string, options: SignedOptions & { remove: string; new?: string }) => {
        const { client, key: signer } = signingContext(options);
        const answer = await client.rotateKey(
          signer,
          namespace,
          publicKeyOf(options.remove),
          options.new === undefined ? null : publicKeyOf(options.new),
        );
        printWrite(`rotated a key of ${namespace}`, answer, options.json);
      },
    );
  withSigningOptions(registry.command('claim'))
    .argument('<namespace>', 'e.g. com.example (proven by example.com) or io.github.you')
    .description('Claim a namespace for your key')
    .action(async (namespace: string, options: SignedOptions) => {
      const { client, key: signer } = signingContext(options);
      const answer = await client.claim(signer, namespace);
      printWrite(
        `claimed ${namespace} (proof: ${answer.namespace?.proof ?? 'unknown'})`,
        answer,
        options.json,
      );
    });
}
