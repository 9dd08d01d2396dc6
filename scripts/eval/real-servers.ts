/**
 * @module scripts/eval/real-servers
 * The definitions of real MCP servers installed from npm as dependencies
 * (`@modelcontextprotocol/server-everything`, `@modelcontextprotocol/server-filesystem`): each is
 * started over stdio with the SDK v2 client and every list is read, with the server's
 * `instructions`. All of it is benign: the false-positive floor.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import type { ItemKind, ScanItem } from '../../src/operation/scanner/index.js';
import type { LabelledItem } from './corpus.js';

interface ServerSpec {
  readonly pkg: string;
  readonly args: (workDir: string) => string[];
}

const SERVERS: readonly ServerSpec[] = [
  { pkg: '@modelcontextprotocol/server-everything', args: () => ['stdio'] },
  { pkg: '@modelcontextprotocol/server-filesystem', args: (dir) => [dir] },
];

function nameOf(kind: ItemKind, entry: Record<string, unknown>): string {
  const pick = (key: string): string => (typeof entry[key] === 'string' ? entry[key] : '');
  if (kind === 'resourceTemplate') return pick('uriTemplate');
  if (kind === 'resource') return pick('uri');
  return pick('name');
}

async function listServer(
  root: string,
  spec: ServerSpec,
  workDir: string,
): Promise<{ version: string; items: ScanItem[] }> {
  const dir = path.join(root, 'node_modules', ...spec.pkg.split('/'));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
    bin: Record<string, string>;
  };
  const bin = Object.values(manifest.bin)[0] ?? 'dist/index.js';
  const client = new Client({ name: 'gatehouse-eval', version: '1.0.0' }, { capabilities: {} });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(dir, bin), ...spec.args(workDir)],
      stderr: 'ignore',
    }),
  );
  try {
    const items: ScanItem[] = [];
    const caps = client.getServerCapabilities() ?? {};
    const push = (kind: ItemKind, list: readonly unknown[]): void => {
      for (const entry of list) {
        const record = entry as Record<string, unknown>;
        items.push({ kind, name: nameOf(kind, record), definition: entry });
      }
    };
    if (caps.tools) {
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        push('tool', page.tools);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    }
    if (caps.prompts) push('prompt', (await client.listPrompts()).prompts);
    if (caps.resources) {
      push('resourceTemplate', (await client.listResourceTemplates()).resourceTemplates);
      push('resource', (await client.listResources()).resources);
    }
    const instructions = client.getInstructions();
    if (instructions !== undefined && instructions !== '')
      items.push({ kind: 'instructions', name: '', definition: instructions });
    return { version: manifest.version, items };
  } finally {
    await client.close();
  }
}

/** Every definition of every real server, labelled benign; and the versions read. */
export async function loadRealServers(
  root: string,
): Promise<{ items: LabelledItem[]; versions: Record<string, string> }> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-eval-'));
  const items: LabelledItem[] = [];
  const versions: Record<string, string> = {};
  try {
    for (const spec of SERVERS) {
      const listed = await listServer(root, spec, workDir);
      versions[spec.pkg] = listed.version;
      for (const item of listed.items) {
        items.push({
          id: `npm:${spec.pkg}/${item.kind}/${item.name}`,
          source: `npm:${spec.pkg}`,
          label: 'benign',
          item,
        });
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return { items, versions };
}
