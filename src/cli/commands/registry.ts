/**
 * @module cli/commands/registry
 * `gatehouse registry`: the registry commands. One `register…` function per subcommand; today
 * only `check-name`.
 *
 * - `gatehouse registry check-name NAME (--registry URL | --names FILE) [--owner OWNER]
 *   [--npm ID…] [--json]`: compares NAME (a server name `io.github.alice/weather`, an npm
 *   identifier, or a display name) with every other owner's names, after normalization and by
 *   edit distance, and prints the verdict and the similar names. Exit 0 when the verdict is `ok`,
 *   1 for `review` or `reject`; usage errors 2, an unreachable or malformed registry 4.
 */
import type { Command } from 'commander';

import type { NameCheck, NameEntry } from '../../creation/names/index.js';
import { fetchRegistryNames, NameIndex, readNamesFile } from '../../creation/names/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { EXIT } from '../exit-codes.js';
import { writeJson, writeOut } from '../output.js';
import { registerRegistryKeyCommands } from './registry-keys.js';
import { registerRegistryPublishCommands } from './registry-publish.js';
import { registerRegistryServeCommand } from './registry-serve.js';
import { registerRegistryVerifyLogCommand } from './registry-verify-log.js';

/** Registers `gatehouse registry` and its subcommands. */
export function registerRegistryCommand(program: Command): void {
  const registry = program
    .command('registry')
    .description('MCP registry: serve, namespaces and keys, signed publishing, look-alike checks');
  registerCheckNameCommand(registry);
  registerRegistryServeCommand(registry);
  registerRegistryKeyCommands(registry);
  registerRegistryPublishCommands(registry);
  registerRegistryVerifyLogCommand(registry);
}

interface CheckNameOptions {
  registry?: string;
  names?: string;
  owner?: string;
  npm?: string[];
  json?: boolean;
}

const CHECK_NAME_HELP = `
Verdicts:
  ok      nothing similar
  review  weaker similarity: the same product name under another owner, or one edit apart
  reject  confusable with another owner's name (look-alike characters, an equal namespace or
          unscoped npm name): a registry refuses to publish it; an installer asks for the exact name

Exit codes: 0 ok, 1 review or reject, 2 usage error, 4 registry unreachable or malformed.
--names FILE: one name per line, optionally "name<TAB>owner"; # starts a comment.
Without --owner the owner is read from the name (its namespace, npm scope, or the name itself);
names of the same owner are never compared. Give --owner when FILE has an owner column.`;

function registerCheckNameCommand(registry: Command): void {
  registry
    .command('check-name')
    .description("Check a server name against every other owner's names for look-alikes")
    .argument('<name>', 'io.github.alice/weather, @alice/weather-mcp, mcp-server-weather…')
    .option('--registry <url>', "compare with a registry's names (GET <url>/v0.1/servers)")
    .option('--names <file>', 'compare with the names in FILE (one per line, name<TAB>owner)')
    .option('--owner <owner>', "the name's owner (default: read from the name)")
    .option('--npm <identifier...>', 'npm identifiers the server is published under')
    .option('--json', 'print {"verdict": ..., "similar": [...]} as JSON')
    .addHelpText('after', CHECK_NAME_HELP)
    .action(async (name: string, options: CheckNameOptions) => {
      if ((options.registry === undefined) === (options.names === undefined)) {
        throw new UsageError(
          'give either --registry URL or --names FILE, not both and not neither',
        );
      }
      const entries: NameEntry[] =
        options.names !== undefined
          ? await readNamesFile(options.names)
          : await fetchRegistryNames(parseRegistryUrl(options.registry ?? ''));
      const query: NameEntry = {
        name,
        ...(options.owner !== undefined ? { owner: options.owner } : {}),
        ...(options.npm !== undefined ? { npm: options.npm } : {}),
      };
      const result = new NameIndex(entries).check(query);
      if (options.json) writeJson(result);
      else printHuman(name, entries.length, result);
      process.exitCode = result.verdict === 'ok' ? EXIT.OK : EXIT.PROBLEMS;
    });
}

function parseRegistryUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--registry "${value}": not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--registry "${value}": expected an http(s) URL`);
  }
  return url;
}

function printHuman(name: string, compared: number, result: NameCheck): void {
  writeOut(`${name}: ${result.verdict.toUpperCase()} (compared with ${compared} names)`);
  for (const problem of result.problems ?? []) writeOut(`  problem: ${problem}`);
  for (const s of result.similar) {
    const distance = s.distance !== undefined ? ` ${s.distance}` : '';
    const owner = s.owner !== undefined ? ` (owner ${s.owner})` : '';
    writeOut(
      `  ${s.verdict}: ${s.field} ~ ${s.otherField} "${s.matched}" of ${s.name}${owner}: ${s.reason}${distance}`,
    );
  }
}
