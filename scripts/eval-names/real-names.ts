/**
 * @module scripts/eval-names/real-names
 * The real MCP server names of ../shared/datasets/mcp-security/mcp-server-names, read in place (see
 * its SOURCE.txt), as registry entries:
 *
 * - the official registry seed (471 servers, `io.github.<owner>/<repo>`, npm packages);
 * - the servers README list (1,413 rows): GitHub rows become `io.github.<owner>/<repo>`, other
 *   links `<reversed host>/<display name>`, reference and archived servers
 *   `io.github.modelcontextprotocol/<folder>`;
 * - the reference servers' npm package names, attached to their servers.
 *
 * Owners are GitHub owners (lower case), so a server listed in both lists is one owner's. Each
 * entry keeps its display names, to tell known benign look-alikes from false alarms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { NameEntry } from '../../src/creation/names/index.js';
import { parseCsv } from './csv.js';

/** A real entry with the display names it is listed under. */
export interface RealEntry extends NameEntry {
  readonly owner: string;
  readonly displays: readonly string[];
}

/** The benign look-alikes listed by the data set. */
export interface BenignList {
  /** Normalized display names that occur more than once. */
  readonly sameName: ReadonlySet<string>;
  /** Pairs one edit apart, as `a\u0000b` with a < b. */
  readonly pairs: ReadonlySet<string>;
}

const NAMES_DIR = 'mcp-server-names';

/** The data set's normalization of display names: lower-case letters and digits only. */
export function normalizeDisplay(display: string): string {
  return display.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `a\u0000b` with the two in order. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function slug(display: string): string {
  return display
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

interface Draft {
  name: string;
  owner: string;
  npm: Set<string>;
  displays: Set<string>;
}

function ownerOfRepoUrl(url: string): string | undefined {
  const match = /github\.com\/([^/]+)\/([^/#?]+)/i.exec(url);
  return match?.[1]?.toLowerCase();
}

/** The owner of any github.com link (`github.com/orgs/x`, `github.com/x`). */
function ownerOfGithubUrl(url: string): string | undefined {
  const match = /^https?:\/\/(?:www\.)?github\.com\/(?:orgs\/)?([^/#?]+)/i.exec(url);
  return match?.[1]?.toLowerCase();
}

/** Loads every real entry (merged by name) and the benign list. */
export function loadRealNames(datasetDir: string): {
  entries: RealEntry[];
  displayEntries: RealEntry[];
  benign: BenignList;
} {
  const dir = path.join(datasetDir, NAMES_DIR);
  const drafts = new Map<string, Draft>();
  const draft = (name: string, owner: string): Draft => {
    const key = name.toLowerCase();
    let d = drafts.get(key);
    if (d === undefined) {
      d = { name, owner, npm: new Set(), displays: new Set() };
      drafts.set(key, d);
    }
    return d;
  };

  const seed = JSON.parse(
    readFileSync(path.join(dir, 'registry_seed_2025_05_16.json'), 'utf8'),
  ) as {
    name?: string;
    repository?: { url?: string };
    packages?: { registry_name?: string; name?: string }[] | null;
  }[];
  for (const server of seed) {
    if (!server.name) continue;
    const owner =
      ownerOfRepoUrl(server.repository?.url ?? '') ??
      server.name
        .split('/')[0]
        ?.replace(/^io\.github\./, '')
        .toLowerCase() ??
      server.name;
    const d = draft(server.name, owner);
    for (const pkg of server.packages ?? []) {
      if (pkg.registry_name === 'npm' && pkg.name) d.npm.add(pkg.name);
    }
  }

  const displayDrafts = new Map<string, Draft>();
  const readme = parseCsv(readFileSync(path.join(dir, 'servers_readme_names.csv'), 'utf8'));
  for (const row of readme) {
    const display = row.display_name ?? '';
    const url = row.url ?? '';
    const repo = row.github_repo ?? '';
    const srcDir = /(?:^|\/)src\/([^/]+)/.exec(url)?.[1];
    const githubOwner = repo.includes('/') ? undefined : ownerOfGithubUrl(url);
    let d: Draft;
    if (srcDir !== undefined) {
      d = draft(`io.github.modelcontextprotocol/${srcDir}`, 'modelcontextprotocol');
    } else if (repo.includes('/')) {
      const [owner = '', name = ''] = repo.split('/');
      d = draft(`io.github.${owner.toLowerCase()}/${name}`, owner.toLowerCase());
    } else if (githubOwner !== undefined) {
      d = draft(`io.github.${githubOwner}/${slug(display)}`, githubOwner);
    } else {
      // A product page: the namespace is the reversed host, the owner its organisation's label
      // (docs.gitlab.com is gitlab's, like github.com/gitlab would be).
      const labels = new URL(url).hostname.replace(/^www\./, '').split('.');
      d = draft(
        `${[...labels].reverse().join('.')}/${slug(display)}`,
        labels.at(-2) ?? labels[0] ?? '',
      );
    }
    d.displays.add(display);
    // The display name as the server name in the same namespace: `io.github.github/GitHub`.
    const displayName = `${d.name.split('/')[0] ?? ''}/${display.replaceAll('/', ' ')}`;
    if (!displayDrafts.has(displayName.toLowerCase())) {
      displayDrafts.set(displayName.toLowerCase(), {
        name: displayName,
        owner: d.owner,
        npm: new Set(),
        displays: new Set([display]),
      });
    }
  }

  const reference = parseCsv(readFileSync(path.join(dir, 'reference_server_packages.csv'), 'utf8'));
  for (const row of reference) {
    if (row.package_registry !== 'npm' || !row.package_name) continue;
    const folder = row.src_dir ?? '';
    const d = draft(`io.github.modelcontextprotocol/${folder}`, 'modelcontextprotocol');
    d.npm.add(row.package_name);
  }

  const sameName = new Set<string>();
  const pairs = new Set<string>();
  for (const row of parseCsv(readFileSync(path.join(dir, 'benign_near_collisions.csv'), 'utf8'))) {
    if (row.kind === 'same_normalized_name' && row.name_a) sameName.add(row.name_a);
    if (row.kind === 'edit_distance_1' && row.name_a && row.name_b) {
      pairs.add(pairKey(row.name_a, row.name_b));
    }
  }

  const finish = (d: Draft): RealEntry => ({
    name: d.name,
    owner: d.owner,
    ...(d.npm.size > 0 ? { npm: [...d.npm].sort() } : {}),
    displays: [...d.displays],
  });
  return {
    entries: [...drafts.values()].map(finish),
    displayEntries: [...displayDrafts.values()].map(finish),
    benign: { sameName, pairs },
  };
}
