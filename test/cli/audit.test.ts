/**
 * `gatehouse audit verify|tail|export`, run as the real CLI against real state directories.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { openAuditLog, PUBLIC_KEY_FILE } from '../../src/operation/audit/index.js';
import { canonicalJson } from '../../src/shared/canonical/index.js';
import { writeConfig } from '../helpers/gatehouse-process.js';
import { CLI } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { copyState, entry, seedLog, tamper } from '../operation/audit/helpers.js';

type Row = Record<string, unknown> & { seq: number; prevHash: string; hash: string };

const dir = useTempDir('gatehouse-cli-audit-');
let stateDir: string;

const gatehouse = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'audit', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, GATEHOUSE_STATE_DIR: path.join(dir, 'default-state') },
  });

beforeAll(async () => {
  stateDir = await seedLog(dir, 12, { checkpointEvery: 5 });
});

describe('gatehouse audit verify', () => {
  it('exits 2 for a state dir without an audit log', () => {
    const result = gatehouse('verify', '--state-dir', path.join(dir, 'empty'), '--json');
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stderr).error.message).toMatch(/no audit log/);
  });

  it('exits 1 and names the first bad seq and what is wrong', () => {
    const tampered = copyState(stateDir);
    tamper(tampered, "UPDATE audit_log SET decision = 'deny' WHERE seq = 4");
    const human = gatehouse('verify', '--state-dir', tampered);
    expect(human.status).toBe(1);
    expect(human.stdout).toMatch(/TAMPERED: first bad seq 4/);
    expect(human.stdout).toMatch(/\[hash-mismatch\] seq 4: .*a field was changed/);
    const json = gatehouse('verify', '--state-dir', tampered, '--json');
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, firstBadSeq: 4 });
    expect(report.problems[0]).toMatchObject({ seq: 4, kind: 'hash-mismatch' });
  });

  it('exits 1 for a truncated tail', () => {
    const tampered = copyState(stateDir);
    tamper(tampered, 'DELETE FROM audit_log WHERE seq > 9');
    const result = gatehouse('verify', '--state-dir', tampered);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/first bad seq 10/);
    expect(result.stdout).toMatch(/\[truncated\] the chain ends at seq 9/);
  });

  it('exits 0 for an intact log, with --public-key and with the state dir from -c', () => {
    const result = gatehouse('verify', '--state-dir', stateDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/intact: 12 records, \d+ valid checkpoints/);
    const pinned = path.join(dir, 'pinned.pub');
    copyFileSync(path.join(stateDir, PUBLIC_KEY_FILE), pinned);
    const json = gatehouse('verify', '--state-dir', stateDir, '--json', '--public-key', pinned);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, rows: 12, unsignedTail: 0 });
    // gateway.stateDir, relative to the config file's folder.
    const configDir = path.join(dir, 'conf');
    mkdirSync(configDir, { recursive: true });
    const config = writeConfig(configDir, {
      gateway: { stateDir: path.relative(configDir, stateDir) },
      servers: {},
    });
    const viaConfig = gatehouse('verify', '-c', config, '--json');
    expect(viaConfig.status).toBe(0);
    expect(JSON.parse(viaConfig.stdout).stateDir).toBe(stateDir);
  });
});

describe('gatehouse audit tail and export', () => {
  it('refuses a bad -n', () => {
    const result = gatehouse('tail', '--state-dir', stateDir, '-n', 'zero');
    expect(result.status).toBe(2);
  });

  it('tail prints the last N records, as text or JSON lines', () => {
    const text = gatehouse('tail', '--state-dir', stateDir, '-n', '2');
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^#11 \S+ principal-0011 tools\/call github create_issue allow ok 23\.5ms$/,
    );
    const json = gatehouse('tail', '--state-dir', stateDir, '-n', '3', '--json');
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as Row).seq),
    ).toEqual([10, 11, 12]);
  });

  it('export prints JSON lines from --from whose hashes an outside tool can recompute', () => {
    const result = gatehouse('export', '--state-dir', stateDir, '--from', '3', '--json');
    expect(result.status).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Row);
    expect(rows.map((row) => row.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const row of rows) {
      const { prevHash, hash, ...record } = row;
      const recomputed = createHash('sha256')
        .update(prevHash + canonicalJson(record))
        .digest('hex');
      expect(recomputed).toBe(hash);
    }
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[0]).not.toHaveProperty('arguments');
  });

  it('tail --follow prints records appended after it started', async () => {
    const live = copyState(stateDir);
    const child = spawn(
      process.execPath,
      [CLI, 'audit', 'tail', '--state-dir', live, '-n', '1', '--follow', '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const seqs = (): number[] =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { seq: number }).seq);
    const seen = (seq: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (seqs().includes(seq)) resolve();
          else child.stdout.once('data', check);
        };
        check();
      });
    await seen(12);
    const log = await openAuditLog({ stateDir: live });
    await log.append(entry(13));
    await log.append(entry(14));
    await log.close();
    await seen(14);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(seqs()).toEqual([12, 13, 14]);
  });
});
