/**
 * @module cli/commands/registry-serve
 * `gatehouse registry serve --db FILE [--listen HOST:PORT]`: runs a Gatehouse registry (the
 * official MCP registry's read API, owned namespaces, signed releases, a transparency log) from
 * one SQLite file. Loopback by default; `--public` is required to listen on any other address.
 * Namespace proofs are configurable (docs/registry.md): domain namespaces need an HTTP
 * well-known file or a DNS TXT record by default; `io.github.<user>` a well-known file on
 * `<user>.github.io`, or first-come claims where that weaker trust is acceptable.
 */
import path from 'node:path';

import type { Command } from 'commander';

import { DEFAULT_REGISTRY } from '../../creation/packages/index.js';
import type { DomainProofMethod, NamespaceProofPolicy } from '../../creation/registry/index.js';
import { openRegistry, startRegistryServer } from '../../creation/registry/index.js';
import { parseListenAddress } from '../../operation/gateway/downstream/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { writeErr, writeJson } from '../output.js';

interface ServeOptions {
  db: string;
  listen: string;
  npmRegistry?: string;
  logKey?: string;
  public?: boolean;
  allowedHost?: string[];
  domainProof: string;
  githubNamespaces: string;
  proofBase?: string[];
  json?: boolean;
}

export const DEFAULT_REGISTRY_LISTEN = '127.0.0.1:8809';

export function registerRegistryServeCommand(registry: Command): void {
  registry
    .command('serve')
    .description('Run a registry: the official read API, signed publishing, a transparency log')
    .requiredOption('--db <file>', 'the registry database (a .db file, created if missing)')
    .option('--listen <host:port>', 'where to listen', DEFAULT_REGISTRY_LISTEN)
    .option('--npm-registry <url>', 'npm registry packages are checked against')
    .option('--log-key <file>', 'Ed25519 key file signing the log (default: <db>.log-key.json)')
    .option('--public', 'allow listening on an address other machines can reach')
    .option('--allowed-host <name...>', 'extra Host names accepted (a reverse proxy)')
    .option(
      '--domain-proof <methods>',
      'domain namespace proofs: http,dns or first-come',
      'http,dns',
    )
    .option(
      '--github-namespaces <mode>',
      'io.github.<user>: domain (well-known on <user>.github.io), first-come or refuse',
      'domain',
    )
    .option(
      '--proof-base <domain=url...>',
      "development only: fetch DOMAIN's well-known file from URL instead of https://DOMAIN",
    )
    .option('--json', 'print {"url": ...} on stdout once listening')
    .action(async (options: ServeOptions) => {
      await serve(options);
    });
}

/** The namespace proof policy of the serve flags. */
export function proofPolicyOf(domainProof: string, github: string): NamespaceProofPolicy {
  let domain: NamespaceProofPolicy['domain'];
  if (domainProof === 'first-come') {
    domain = 'first-come';
  } else {
    const methods = domainProof.split(',').map((m) => m.trim());
    if (methods.length === 0 || methods.some((m) => m !== 'http' && m !== 'dns')) {
      throw new UsageError(
        `--domain-proof "${domainProof}": use http, dns, http,dns or first-come`,
      );
    }
    domain = methods as DomainProofMethod[];
  }
  if (github !== 'domain' && github !== 'first-come' && github !== 'refuse') {
    throw new UsageError(`--github-namespaces "${github}": use domain, first-come or refuse`);
  }
  return { domain, github };
}

function proofBases(values: readonly string[]): Map<string, string> {
  const bases = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const url = value.slice(eq + 1);
    if (eq <= 0 || !/^https?:\/\//.test(url)) {
      throw new UsageError(`--proof-base "${value}": expected DOMAIN=http(s)://HOST:PORT`);
    }
    bases.set(value.slice(0, eq).toLowerCase(), url);
  }
  return bases;
}

async function serve(options: ServeOptions): Promise<void> {
  const address = parseListenAddress(options.listen);
  const policy = proofPolicyOf(options.domainProof, options.githubNamespaces);
  const bases = proofBases(options.proofBase ?? []);
  const logger = createLogger({ level: 'info' });
  const npmRegistry = options.npmRegistry ?? (process.env.npm_config_registry || DEFAULT_REGISTRY);
  const opened = openRegistry({
    dbFile: path.resolve(options.db),
    ...(options.logKey ? { logKeyFile: path.resolve(options.logKey) } : {}),
    npmRegistry,
    proofs: {
      policy,
      ...(bases.size > 0 ? { httpBase: (domain: string) => bases.get(domain) } : {}),
    },
    logger,
  });
  let running: Awaited<ReturnType<typeof startRegistryServer>>;
  try {
    running = await startRegistryServer({
      service: opened.service,
      address,
      public: options.public === true,
      allowedHosts: options.allowedHost ?? [],
      logger,
    });
  } catch (error) {
    await opened.close();
    throw error;
  }
  if (policy.github === 'first-come' || policy.domain === 'first-come') {
    writeErr(
      'warning: first-come namespace claims are on: a claim proves only that nobody claimed the ' +
        'namespace before, not who owns the domain or the GitHub account (docs/registry.md)',
    );
  }
  writeErr(
    `Gatehouse registry at ${running.url}/v0.1 (also /v0); database ${path.resolve(options.db)}; ` +
      `log ${opened.log.logId.slice(0, 16)}… (key ${opened.log.publicKey}); npm ${opened.service.npmRegistry}`,
  );
  if (options.json) {
    writeJson({ url: running.url, logId: opened.log.logId, logPublicKey: opened.log.publicKey });
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void running
      .close()
      .then(() => opened.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
