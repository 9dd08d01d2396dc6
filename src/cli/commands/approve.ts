/**
 * @module cli/commands/approve
 * `gatehouse approve SERVER[/ITEM] -c CONFIG [--yes]`: shows each quarantined change of a server
 * (a diff against the pinned definition, and the scan findings of the new one) and, once
 * confirmed, records the approval: the new definition becomes the pin, and a running gateway
 * serves it within a second. ITEM is a tool or prompt name, a resource template, or
 * `instructions`.
 */
import { createInterface } from 'node:readline/promises';

import type { Command } from 'commander';

import type { QuarantineEntry } from '../../operation/pins/index.js';
import {
  definitionDiff,
  describeQuarantine,
  pinKey,
  serverIdentity,
} from '../../operation/pins/index.js';
import type { Finding } from '../../operation/scanner/index.js';
import { scanDefinition } from '../../operation/scanner/index.js';
import { loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { EXIT } from '../exit-codes.js';
import { writeErr, writeJson, writeOut } from '../output.js';
import { openState } from '../state.js';

interface ApproveOptions {
  config: string;
  stateDir?: string;
  yes?: boolean;
  json?: boolean;
}

export function registerApproveCommand(program: Command): void {
  program
    .command('approve')
    .description('Review and approve quarantined definition changes of a server')
    .argument(
      '<target>',
      'SERVER or SERVER/ITEM (ITEM: a tool, prompt, resource template or "instructions")',
    )
    .requiredOption('-c, --config <file>', 'the config that names the server')
    .option('--state-dir <dir>', 'where pins are kept')
    .option('--yes', 'approve without asking')
    .option('--json', 'print what was approved as JSON (implies nothing is asked: use with --yes)')
    .action(async (target: string, options: ApproveOptions) => {
      process.exitCode = await approve(target, options);
    });
}

async function approve(target: string, options: ApproveOptions): Promise<number> {
  const slash = target.indexOf('/');
  const serverKey = slash === -1 ? target : target.slice(0, slash);
  const item = slash === -1 ? undefined : target.slice(slash + 1);
  const { config } = await loadConfig(options.config, { env: process.env });
  const server = config.servers[serverKey];
  if (!server) throw new UsageError(`no server "${serverKey}" in ${options.config}`);
  const identity = serverIdentity(server);
  const state = openState(config, options.stateDir);
  try {
    const pinState = state.pins.load(identity.id);
    const entries = [...pinState.quarantine.values()].filter((q) => matches(q, item));
    if (entries.length === 0) {
      const message = item
        ? `nothing of "${serverKey}" named "${item}" is quarantined`
        : `nothing of "${serverKey}" is quarantined`;
      if (options.json) writeJson({ approved: [], message });
      else writeOut(message);
      return item ? EXIT.PROBLEMS : EXIT.OK;
    }
    if (!options.yes && !process.stdin.isTTY) {
      throw new UsageError('approving needs a terminal to confirm on, or --yes');
    }
    const approved: { kind: string; name: string; hash: string; findings: Finding[] }[] = [];
    for (const entry of entries) {
      const pinned = pinState.pins.get(pinKey(entry.kind, entry.name));
      // Threat: approving a rug pull blind. The reviewer sees what the new text would be flagged
      // for, not only that it changed.
      const scan = scanDefinition({
        kind: entry.kind,
        name: entry.name,
        definition: entry.observed.definition,
      });
      if (!options.json) {
        writeOut(`${serverKey}: ${describeQuarantine(entry)}`);
        writeOut(
          definitionDiff(
            entry.name || 'instructions',
            pinned?.definition,
            entry.observed.definition,
          ),
        );
        writeOut(formatFindings(scan.findings));
      }
      if (
        !options.yes &&
        !(await confirm(`Approve ${entry.kind} "${entry.name || 'instructions'}"?`))
      ) {
        writeErr('skipped');
        continue;
      }
      const pin = state.pins.approve(identity.id, entry.kind, entry.name, approver());
      if (pin)
        approved.push({
          kind: pin.kind,
          name: pin.name,
          hash: pin.hash,
          findings: [...scan.findings],
        });
    }
    if (options.json) writeJson({ approved });
    else writeOut(`approved ${approved.length} of ${entries.length}`);
    return EXIT.OK;
  } finally {
    state.close();
  }
}

function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'scan: no findings';
  return [
    `scan: ${findings.length} finding(s)`,
    ...findings.map(
      (f) =>
        `  ${f.severity.toUpperCase()} ${f.ruleId} at ${f.pointer || '/'}: ${f.message} [${f.evidence}]`,
    ),
  ].join('\n');
}

function matches(entry: QuarantineEntry, item: string | undefined): boolean {
  if (item === undefined) return true;
  if (item === 'instructions') return entry.kind === 'instructions';
  return entry.name === item;
}

/** Who approved: the local user, recorded with the pin. */
function approver(): string {
  return `local:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
