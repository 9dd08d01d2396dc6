/**
 * @module scripts/bench/results
 * Machine facts, package versions and the result files under `bench/results/`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { BenchResult } from './result-schema.js';
import { benchResultSchema } from './result-schema.js';

export function machineInfo(): BenchResult['machine'] {
  const cpus = os.cpus();
  return {
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    kernel: os.release(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, cpus.length),
    totalMemBytes: os.totalmem(),
  };
}

/** The `version` field of an installed package, or `unknown`. */
export function installedVersion(root: string, name: string): string {
  try {
    const json = JSON.parse(
      readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as {
      version?: unknown;
    };
    return typeof json.version === 'string' ? json.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Absolute path of a package's bin script (its `bin` entry), so it can run under this node. */
export function binScript(root: string, name: string, bin?: string): string {
  // The real path: a node_modules that is a symlink (a git worktree sharing another checkout's)
  // would otherwise name a script outside the folders the stdio sandbox grants its server.
  const dir = realpathSync(path.join(root, 'node_modules', name));
  const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const entry = typeof json.bin === 'string' ? json.bin : json.bin?.[bin ?? name];
  if (entry === undefined) throw new Error(`${name} has no bin "${bin ?? name}"`);
  // The real path: in a git worktree `node_modules` may be a symlink to another checkout, and the
  // stdio sandbox binds the script's install folder as named, so the symlink's target would be
  // missing inside it (MODULE_NOT_FOUND, and the row's tool never appears).
  return realpathSync(path.join(dir, entry));
}

export function gitCommit(root: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  } catch {
    return null;
  }
}

/**
 * Whether the built `gatehouse run` hands the gateway a definition scanner: a look at the compiled
 * command for the `scanner` option (the gateway's metrics cannot tell "no scanner" from "no
 * findings"). Null when the file cannot be read.
 */
export function scannerWired(root: string): boolean | null {
  try {
    const run = readFileSync(path.join(root, 'dist', 'src', 'cli', 'commands', 'run.js'), 'utf8');
    return /\bscanner\b/.test(run);
  } catch {
    return null;
  }
}

/** ISO 8601 basic format (`20261123T212507Z`): sortable and safe in file names. */
export function fileStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '');
}

/** Writes `<stamp>.json` always and `latest.json` when asked; returns the paths written. */
export function writeResult(
  dir: string,
  result: BenchResult,
  options: { latest: boolean },
): string[] {
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const stamped = path.join(dir, `${fileStamp(new Date(result.startedAt))}.json`);
  writeFileSync(stamped, text);
  const written = [stamped];
  if (options.latest) {
    const latest = path.join(dir, 'latest.json');
    writeFileSync(latest, text);
    written.push(latest);
  }
  return written;
}

/** Reads and validates a saved result. */
export function readResult(
  file: string,
): { ok: true; result: BenchResult } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      ok: false,
      problem: `${file}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = benchResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `${file}: not a bench result (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    };
  }
  return { ok: true, result: parsed.data };
}
