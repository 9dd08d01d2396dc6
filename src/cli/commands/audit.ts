/**
 * @module cli/commands/audit
 * `gatehouse audit verify|tail|export`: check the audit log's chain against its signed
 * checkpoints, and read its records. The state directory is `--state-dir`, else `gateway.stateDir`
 * of the `-c` config, else `GATEHOUSE_STATE_DIR` or the per-user default.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import type { Command } from 'commander';

import {
  CHECKPOINTS_FILE,
  PUBLIC_KEY_FILE,
  readPublicKey,
  type ScannedRow,
  SqliteAuditStore,
  verifyAudit,
} from '../../operation/audit/index.js';
import { loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { EXIT } from '../exit-codes.js';
import { writeJson, writeOut } from '../output.js';

interface StateOptions {
  stateDir?: string;
  config?: string;
}

interface VerifyOptions extends StateOptions {
  json?: boolean;
  publicKey?: string;
  checkpoints?: string;
}

interface TailOptions extends StateOptions {
  lines: string;
  follow?: boolean;
  json?: boolean;
}

interface ExportOptions extends StateOptions {
  from: string;
  json?: boolean;
}

const FOLLOW_POLL_MS = 500;

export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('Verify and read the hash-chained audit log (docs/audit.md)');
  withState(audit.command('verify'))
    .description('Re-walk the chain and check it against the signed checkpoints (exit 1: tampered)')
    .option('--json', 'print the report as JSON')
    .option(
      '--public-key <file>',
      'trust this Ed25519 public key (PEM) instead of the state dir one',
    )
    .option('--checkpoints <file>', 'check against this checkpoint file (e.g. an off-host copy)')
    .action(async (options: VerifyOptions) => {
      process.exitCode = await verify(options);
    });
  withState(audit.command('tail'))
    .description('Print the last records')
    .option('-n, --lines <n>', 'how many records', '10')
    .option('-f, --follow', 'keep printing new records as they are appended')
    .option('--json', 'one JSON object per record (the export format)')
    .action(async (options: TailOptions) => {
      await tail(options);
    });
  withState(audit.command('export'))
    .description('Print records as JSON lines: every hashed field plus prevHash and hash')
    .option('--from <seq>', 'first seq to print', '1')
    .option('--json', 'JSON lines (the only export format; accepted for symmetry)')
    .action(async (options: ExportOptions) => {
      await exportRecords(options);
    });
}

function withState(command: Command): Command {
  return command
    .option('--state-dir <dir>', 'the state directory holding gatehouse.db and the audit keys')
    .option('-c, --config <file>', 'take gateway.stateDir from this config');
}

async function verify(options: VerifyOptions): Promise<number> {
  const stateDir = await stateDirOf(options);
  const checkpointsFile = options.checkpoints
    ? path.resolve(options.checkpoints)
    : path.join(stateDir, CHECKPOINTS_FILE);
  const store = openStore(stateDir, [checkpointsFile]);
  try {
    const publicKey = trustedKey(stateDir, options.publicKey);
    const report = await verifyAudit({ store, checkpointsFile, publicKey });
    if (options.json) {
      writeJson({ stateDir, checkpointsFile, ...report });
    } else {
      const lines: string[] = [];
      if (report.ok) {
        lines.push(
          `audit log intact: ${plural(report.rows, 'record')}, ${plural(report.checkpoints.valid, 'valid checkpoint')}` +
            (report.checkpoints.lastSeq === null
              ? ''
              : ` (newest covers seq ${report.checkpoints.lastSeq}, ${report.checkpoints.lastTime})`) +
            `, ${plural(report.unsignedTail, 'record')} after it`,
        );
      } else {
        lines.push(
          `audit log TAMPERED: first bad seq ${report.firstBadSeq ?? '(none named)'}; ${report.problems.length} problem(s)`,
        );
        for (const problem of report.problems) lines.push(`  [${problem.kind}] ${problem.message}`);
      }
      for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
      lines.push(`  key ${report.keyFingerprint ?? '(none)'}; ${stateDir}`);
      writeOut(lines.join('\n'));
    }
    return report.ok ? EXIT.OK : EXIT.PROBLEMS;
  } finally {
    await store.close();
  }
}

async function tail(options: TailOptions): Promise<void> {
  const count = positiveInt(options.lines, '--lines');
  const store = openStore(await stateDirOf(options));
  try {
    const rows = await store.last(count);
    for (const row of rows) await printRow(row, options.json === true);
    if (!options.follow) return;
    let next = (rows.at(-1)?.seq ?? (await store.tail()).seq) + 1;
    let stopped = false;
    const stop = new Promise<void>((resolve) => {
      const onSignal = () => {
        stopped = true;
        resolve();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    // One poll at a time: the next starts only after the last page was written out.
    while (!stopped) {
      for (const row of await store.read(next, 1000)) {
        await printRow(row, options.json === true);
        next = row.seq + 1;
      }
      await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS))]);
    }
  } finally {
    await store.close();
  }
}

async function exportRecords(options: ExportOptions): Promise<void> {
  const from = Number(options.from);
  if (!Number.isSafeInteger(from)) {
    throw new UsageError(`--from "${options.from}": expected a whole number`);
  }
  const store = openStore(await stateDirOf(options));
  try {
    for (let next = from; ;) {
      const page = await store.read(next, 1000);
      for (const row of page) await printRow(row, true);
      const last = page.at(-1);
      if (page.length < 1000 || last === undefined) break;
      next = last.seq + 1;
    }
  } finally {
    await store.close();
  }
}

/** The state directory: `--state-dir`, else the config's `gateway.stateDir`, else the default. */
async function stateDirOf(options: StateOptions): Promise<string> {
  if (options.stateDir) return resolveStateDir(options.stateDir);
  if (options.config) {
    const loaded = await loadConfig(options.config, { env: process.env });
    const configured = loaded.config.gateway.stateDir;
    if (configured !== undefined) {
      // Relative to the config file's folder, `~` expanded, like `cwd` and `envFile`.
      const expanded =
        configured === '~' || configured.startsWith('~/')
          ? path.join(homedir(), configured.slice(1))
          : configured;
      return resolveStateDir(path.resolve(path.dirname(loaded.file), expanded));
    }
  }
  return resolveStateDir();
}

/** Opens the store; refuses a directory that has no audit log at all (a wrong --state-dir). */
function openStore(stateDir: string, evidence: readonly string[] = []): SqliteAuditStore {
  const db = path.join(stateDir, 'gatehouse.db');
  if (!existsSync(db) && !evidence.some((file) => existsSync(file))) {
    throw new UsageError(`no audit log in ${stateDir} (no gatehouse.db)`);
  }
  return SqliteAuditStore.open(stateDir);
}

/** `--public-key`, else the state directory's `.pub` file; none when neither exists. */
function trustedKey(stateDir: string, explicit: string | undefined): KeyObject | undefined {
  if (explicit) return readPublicKey(path.resolve(explicit));
  const file = path.join(stateDir, PUBLIC_KEY_FILE);
  return existsSync(file) ? readPublicKey(file) : undefined;
}

async function printRow(scanned: ScannedRow, json: boolean): Promise<void> {
  if (json) {
    const value = scanned.ok
      ? scanned.row
      : {
          seq: scanned.seq,
          unreadable: scanned.problem,
          prevHash: scanned.prevHash,
          hash: scanned.hash,
        };
    await writeLine(JSON.stringify(value));
    return;
  }
  if (!scanned.ok) {
    await writeLine(`#${scanned.seq} UNREADABLE: ${scanned.problem}`);
    return;
  }
  const r = scanned.row;
  const target = [r.serverKey, r.item].filter((part) => part !== null).join(' ');
  const outcome = r.errorCode === null ? r.outcome : `${r.outcome} ${r.errorCode}`;
  await writeLine(
    `#${r.seq} ${r.time} ${r.principal} ${r.method}${target ? ` ${target}` : ''} ${r.decision} ${outcome} ${r.latencyMs}ms`,
  );
}

/** Writes one line to stdout, waiting when the pipe is full (large exports). */
function writeLine(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(`${text}\n`)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function positiveInt(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new UsageError(`${flag} "${value}": expected a positive whole number`);
  }
  return number;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
