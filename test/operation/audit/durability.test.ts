/**
 * Durability: a child process appends records as fast as it can and prints each seq only after
 * `append` resolved; it is killed with SIGKILL at a random moment. Every acknowledged record must
 * be in the database afterwards, and the chain must verify (the unacknowledged tail may be
 * missing, never corrupt). Three kills in a row on the same state dir, with 1, 8 and 64 appends
 * in flight, at each durability level (`crash` acknowledges once committed to the kernel, `power`
 * once flushed to disk: both must survive a kill -9; only a power cut tells them apart).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { type AuditDurability, openAuditLog } from '../../../src/operation/audit/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { rawRows, verifyState } from './helpers.js';

const FLOOD = fileURLToPath(
  new URL('../../../dist/fixtures/audit/append-flood.js', import.meta.url),
);
const dir = useTempDir('gatehouse-audit-kill-');

/** Runs the flood until `ackTarget` acknowledgements (or a time limit), then SIGKILLs it. */
async function floodAndKill(
  stateDir: string,
  inFlight: number,
  ackTarget: number,
  durability: AuditDurability,
): Promise<{ acked: number[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [FLOOD, stateDir, String(inFlight), durability], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    // A bound, not a measure: the kill comes at the random acknowledgement count. A loaded disk
    // (one fsync per append with `power` at 1 in flight, several ms each under load) is slow.
    const deadline = setTimeout(resolve, 40_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const acks = stdout.split('\n').length - 2;
      if (acks >= ackTarget) {
        clearTimeout(deadline);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`append-flood exited early (${code}):\n${stderr}`));
    });
  });
  child.kill('SIGKILL');
  const signal = await exited;
  // Only complete lines count: a line cut by the kill was never fully acknowledged.
  const lines = stdout.split('\n').slice(0, -1);
  expect(lines[0]).toBe('ready');
  return { acked: lines.slice(1).map(Number), signal };
}

describe('audit log durability under kill -9', () => {
  it.each<AuditDurability>(['crash', 'power'])(
    'durability %s: loses no acknowledged record and leaves a chain that verifies',
    { timeout: 180_000 },
    async (durability) => {
      const stateDir = path.join(dir, `state-${durability}`);
      let before = 0;
      for (const inFlight of [1, 8, 64]) {
        const ackTarget = 200 + Math.floor(Math.random() * 1800);
        const { acked, signal } = await floodAndKill(stateDir, inFlight, ackTarget, durability);
        expect(signal).toBe('SIGKILL');
        expect(acked.length).toBeGreaterThanOrEqual(ackTarget);

        const seqs = new Set(rawRows(stateDir).map((row) => Number(row.seq)));
        const missing = acked.filter((seq) => !seqs.has(seq));
        expect(missing, `acknowledged but missing after kill -9`).toEqual([]);
        expect(Math.min(...acked)).toBeGreaterThan(before);

        const report = await verifyState(stateDir);
        expect(report.problems).toEqual([]);
        expect(report).toMatchObject({ ok: true, rows: seqs.size, lastSeq: seqs.size });
        before = report.lastSeq;

        // The log reopens over the crash (signing the unsigned tail) and goes on appending.
        const log = await openAuditLog({ stateDir, config: { durability } });
        const receipt = await log.append({
          principal: 'after-crash',
          front: 'stdio',
          method: 'tools/call',
          decision: 'allow',
          outcome: 'ok',
          latencyMs: 1,
        });
        expect(receipt).toMatchObject({ recorded: true, seq: before + 1 });
        await log.close();
        expect(await verifyState(stateDir)).toMatchObject({ ok: true, unsignedTail: 0 });
        before += 1;
      }
    },
  );
});
