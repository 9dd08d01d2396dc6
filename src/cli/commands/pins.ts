/**
 * @module cli/commands/pins
 * `gatehouse pins [-c CONFIG] [--json]`: every server identity with its pins and quarantines.
 * With a config, identities are shown under the config keys that have them.
 */
import type { Command } from 'commander';

import type { PinState } from '../../operation/pins/index.js';
import { describeQuarantine, serverIdentity } from '../../operation/pins/index.js';
import { loadConfig } from '../../shared/config/index.js';
import { writeJson, writeOut } from '../output.js';
import { openState } from '../state.js';

interface PinsOptions {
  config?: string;
  stateDir?: string;
  json?: boolean;
}

export function registerPinsCommand(program: Command): void {
  program
    .command('pins')
    .description('List pinned definitions and quarantined changes')
    .option('-c, --config <file>', 'show identities under their config keys')
    .option('--state-dir <dir>', 'where pins are kept')
    .option('--json', 'print JSON')
    .action(async (options: PinsOptions) => {
      const config = options.config
        ? (await loadConfig(options.config, { env: process.env })).config
        : undefined;
      const state = openState(config, options.stateDir);
      try {
        const keysOf = new Map<string, string[]>();
        for (const [key, server] of Object.entries(config?.servers ?? {})) {
          const id = serverIdentity(server).id;
          keysOf.set(id, [...(keysOf.get(id) ?? []), key]);
        }
        const servers = state.pins.list().map(({ identity, label, state: pinState }) => ({
          identity,
          label,
          keys: keysOf.get(identity) ?? [],
          ...summarise(pinState),
        }));
        if (options.json) {
          writeJson({ stateDir: state.stateDir, servers });
          return;
        }
        if (servers.length === 0) writeOut('no server has been pinned yet');
        for (const s of servers) {
          writeOut(`${s.keys.length ? s.keys.join(', ') : '(not in this config)'}: ${s.label}`);
          writeOut(`  ${s.pins.length} pinned definition(s), ${s.quarantined.length} quarantined`);
          for (const q of s.quarantined)
            writeOut(`  QUARANTINED ${q.description} (since ${q.firstSeen})`);
        }
      } finally {
        state.close();
      }
    });
}

function summarise(state: PinState): {
  pins: { kind: string; name: string; hash: string; pinnedAt: string; approvedBy?: string }[];
  quarantined: {
    kind: string;
    name: string;
    change: string;
    firstSeen: string;
    description: string;
  }[];
} {
  return {
    pins: [...state.pins.values()].map((p) => ({
      kind: p.kind,
      name: p.name,
      hash: p.hash,
      pinnedAt: p.pinnedAt,
      ...(p.approvedBy ? { approvedBy: p.approvedBy } : {}),
    })),
    quarantined: [...state.quarantine.values()].map((q) => ({
      kind: q.kind,
      name: q.name,
      change: q.change,
      firstSeen: q.firstSeen,
      description: describeQuarantine(q),
    })),
  };
}
