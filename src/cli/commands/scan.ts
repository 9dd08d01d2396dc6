/**
 * @module cli/commands/scan
 * `gatehouse scan`: the definition scanner from the command line.
 *
 * - `gatehouse scan [--json] FILE`: FILE holds a `tools/list` result (`{"tools": […]}`, also with
 *   `prompts`, `resourceTemplates`, `resources`, `instructions`, or wrapped in a JSON-RPC
 *   `result`) or an array of tools. Offline: nothing is started or fetched.
 * - `gatehouse scan -c CONFIG [--json]`: connects to every configured server once, as `check`
 *   does, and scans every tool, prompt, resource template and resource it lists, and its
 *   `instructions`.
 *
 * Exit 0 when nothing is high, 1 when anything is high; 4 when a server could not be scanned
 * (and nothing was high); usage and configuration errors as everywhere (see exit-codes).
 */
import { readFileSync } from 'node:fs';

import type { Command } from 'commander';
import { z } from 'zod';

import { configDirOf, Gateway } from '../../operation/gateway/gateway.js';
import type { Finding, ItemKind, ScanItem } from '../../operation/scanner/index.js';
import { ScanCache } from '../../operation/scanner/index.js';
import { createTerminalPrompter, loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { EXIT } from '../exit-codes.js';
import { buildLauncher } from '../launcher.js';
import { writeJson, writeOut } from '../output.js';
import { VERSION } from '../version.js';

interface ScanOptions {
  config?: string;
  json?: boolean;
  timeout: string;
}

/** A finding, with the server it came from when scanning a configuration. */
type Reported = Finding & { readonly server?: string };

const ListResult = z.looseObject({
  tools: z.array(z.unknown()).optional(),
  prompts: z.array(z.unknown()).optional(),
  resourceTemplates: z.array(z.unknown()).optional(),
  resources: z.array(z.unknown()).optional(),
  instructions: z.string().optional(),
});
const ScanFile = z.union([z.array(z.unknown()), z.looseObject({ result: ListResult }), ListResult]);

const LISTS: readonly [keyof z.infer<typeof ListResult>, ItemKind][] = [
  ['tools', 'tool'],
  ['prompts', 'prompt'],
  ['resourceTemplates', 'resourceTemplate'],
  ['resources', 'resource'],
];

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'Scan tool, prompt and resource definitions for poisoning (a file, or live servers)',
    )
    .argument('[file]', 'a tools/list result ({"tools": [...]}) or an array of tools')
    .option('-c, --config <file>', 'scan the live servers of gatehouse.yaml or a client config')
    .option('--json', 'print {"findings": [...]} as JSON')
    .option('--timeout <ms>', 'how long to wait for each server (with -c)', '30000')
    .action(async (file: string | undefined, options: ScanOptions) => {
      if ((file === undefined) === (options.config === undefined)) {
        throw new UsageError('give either a FILE to scan or -c CONFIG, not both and not neither');
      }
      process.exitCode =
        file !== undefined
          ? scanFile(file, options)
          : await scanServers(options.config ?? '', options);
    });
}

/** The name an item is known by: its name, URI template or URI. */
function nameOf(kind: ItemKind, entry: unknown, index: number): string {
  const record =
    entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const key = kind === 'resourceTemplate' ? 'uriTemplate' : kind === 'resource' ? 'uri' : 'name';
  const value = record[key] ?? record.name;
  return typeof value === 'string' ? value : `#${index}`;
}

/** The items of a scan file. */
export function itemsOfFile(raw: unknown): ScanItem[] {
  const parsed = ScanFile.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError('expected a tools/list result ({"tools": [...]}) or an array of tools');
  }
  const data = parsed.data;
  if (Array.isArray(data))
    return data.map((entry, i) => ({
      kind: 'tool',
      name: nameOf('tool', entry, i),
      definition: entry,
    }));
  const list =
    'result' in data && ListResult.safeParse(data.result).success
      ? ListResult.parse(data.result)
      : ListResult.parse(data);
  const items: ScanItem[] = [];
  for (const [key, kind] of LISTS) {
    (list[key] as unknown[] | undefined)?.forEach((entry, i) =>
      items.push({ kind, name: nameOf(kind, entry, i), definition: entry }),
    );
  }
  if (list.instructions !== undefined)
    items.push({ kind: 'instructions', name: '', definition: list.instructions });
  if (items.length === 0 && list.tools === undefined) {
    throw new UsageError('no "tools" (nor prompts, resources or instructions) in the file');
  }
  return items;
}

function readScanFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function scanFile(file: string, options: ScanOptions): number {
  const items = itemsOfFile(readScanFile(file));
  const cache = new ScanCache(Math.max(1, items.length));
  const findings = items.flatMap((item) => cache.scan(item).findings);
  if (options.json) writeJson({ findings });
  else printHuman(file, items.length, findings);
  return findings.some((f) => f.severity === 'high') ? EXIT.PROBLEMS : EXIT.OK;
}

async function scanServers(configFile: string, options: ScanOptions): Promise<number> {
  const timeout = Number(options.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new UsageError(
      `--timeout "${options.timeout}": expected a positive whole number of milliseconds`,
    );
  }
  const prompter = createTerminalPrompter();
  const loaded = await loadConfig(configFile, {
    env: process.env,
    ...(prompter ? { prompter } : {}),
  });
  // No scanner and no pins in this gateway: every server's lists are read as the server sent them.
  const logger = createLogger({ level: 'silent' });
  const launcher = buildLauncher({
    config: loaded.config,
    configFile: loaded.file,
    stateDir: resolveStateDir(loaded.config.gateway.stateDir),
    logger,
  });
  const gateway = new Gateway({
    config: loaded.config,
    logger,
    version: VERSION,
    configDir: configDirOf(loaded.file),
    launcher,
  });
  const cache = new ScanCache();
  const findings: Reported[] = [];
  const servers: { key: string; state: string; error?: string; scanned: number }[] = [];
  try {
    await gateway.start(timeout);
    for (const upstream of gateway.upstreams) {
      if (upstream.state !== 'ready') {
        servers.push({
          key: upstream.key,
          state: upstream.state,
          error: upstream.lastError ?? upstream.state,
          scanned: 0,
        });
        continue;
      }
      const catalog = upstream.catalog;
      const items: ScanItem[] = [];
      for (const [key, kind] of LISTS) {
        (catalog[key as keyof typeof catalog] as readonly unknown[]).forEach((entry, i) =>
          items.push({ kind, name: nameOf(kind, entry, i), definition: entry }),
        );
      }
      const instructions = upstream.instructions;
      if (instructions !== undefined && instructions !== '')
        items.push({ kind: 'instructions', name: '', definition: instructions });
      for (const item of items)
        for (const f of cache.scan(item).findings) findings.push({ server: upstream.key, ...f });
      servers.push({ key: upstream.key, state: upstream.state, scanned: items.length });
    }
  } finally {
    await gateway.stop();
    launcher.close();
  }
  if (options.json) {
    writeJson({ findings, servers });
  } else {
    for (const s of servers) {
      writeOut(
        s.state === 'ready'
          ? `${s.key}: ${s.scanned} definitions scanned`
          : `${s.key}: NOT SCANNED: ${s.error ?? s.state}`,
      );
    }
    printHuman(
      loaded.file,
      servers.reduce((n, s) => n + s.scanned, 0),
      findings,
    );
  }
  if (findings.some((f) => f.severity === 'high')) return EXIT.PROBLEMS;
  return servers.every((s) => s.state === 'ready') ? EXIT.OK : EXIT.UPSTREAM;
}

function printHuman(source: string, scanned: number, findings: readonly Reported[]): void {
  const count = (severity: Finding['severity']): number =>
    findings.filter((f) => f.severity === severity).length;
  for (const f of findings) {
    const where = `${f.server === undefined ? '' : `${f.server}: `}${f.item.kind} ${f.item.name || '(server instructions)'}`;
    writeOut(`${f.severity.toUpperCase().padEnd(6)} ${where}  ${f.pointer || '/'}`);
    writeOut(`       ${f.ruleId}: ${f.message}`);
    writeOut(`       evidence: ${f.evidence}`);
  }
  const verdict =
    count('high') > 0
      ? 'HIGH'
      : count('medium') > 0
        ? 'medium'
        : count('low') > 0
          ? 'low'
          : 'clean';
  writeOut(
    `${source}: ${scanned} definition${scanned === 1 ? '' : 's'} scanned: ${count('high')} high, ${count('medium')} medium, ${count('low')} low (${verdict})`,
  );
}
