/**
 * @module cli/commands/verify
 * `gatehouse verify -c CONFIG [--json]`: the full integrity check of every installed package a
 * config runs: each file of its store tree hashed and compared with the manifest pinned in
 * `gatehouse.lock` (starts only take the fast path on unchanged inode and ctime). Exit 1 when a
 * tree changed.
 */
import path from 'node:path';

import type { Command } from 'commander';

import { verifyTree } from '../../creation/integrity/index.js';
import {
  parseNpxLaunch,
  parseRegistrySpec,
  readLockFile,
  STORE_FOLDER,
  storeDirOf,
} from '../../creation/packages/index.js';
import { LOCK_FILE, packagesDir } from '../../operation/sandbox/index.js';
import { loadConfig } from '../../shared/config/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { EXIT } from '../exit-codes.js';
import { writeErr, writeJson, writeOut } from '../output.js';

interface VerifyOptions {
  config: string;
  json?: boolean;
  stateDir?: string;
}

interface Verdict {
  server: string;
  status: 'ok' | 'changed' | 'not-installed' | 'not-locked';
  package?: string;
  storeDir?: string;
  files?: number;
  problem?: string;
  path?: string;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'Hash every file of every installed package the config runs and compare with the lock',
    )
    .requiredOption('-c, --config <file>', 'gatehouse.yaml, or a client config')
    .option('--state-dir <dir>', 'the state folder')
    .option('--json', 'print JSON')
    .action(async (options: VerifyOptions) => {
      const loaded = await loadConfig(options.config, { env: process.env });
      const stateDir = resolveStateDir(options.stateDir ?? loaded.config.gateway.stateDir);
      const lockFile =
        loaded.config.gateway.packages.lockFile ?? path.join(path.dirname(loaded.file), LOCK_FILE);
      const lock = await readLockFile(lockFile);
      const storeRoot = path.join(packagesDir(loaded.config, stateDir), STORE_FOLDER);
      const verdicts: Verdict[] = [];
      for (const [server, entry] of Object.entries(loaded.config.servers)) {
        if (entry.transport !== 'stdio') continue;
        const launch = parseNpxLaunch(entry.command, entry.args);
        if (launch.kind !== 'npx') continue;
        const locked = lock.entries[parseRegistrySpec(launch.spec).raw];
        if (!locked) {
          verdicts.push({ server, status: 'not-locked' });
          continue;
        }
        const pkg = `${locked.name}@${locked.version}`;
        const storeDir = storeDirOf(storeRoot, locked.store);
        if (!locked.tree) {
          verdicts.push({ server, status: 'not-installed', package: pkg, storeDir });
          continue;
        }
        if (!options.json) writeErr(`verifying ${server} (${pkg}) ...`);
        const check = await verifyTree(storeDir, locked.tree, 'full');
        verdicts.push(
          check.ok
            ? { server, status: 'ok', package: pkg, storeDir, files: check.files }
            : {
                server,
                status: 'changed',
                package: pkg,
                storeDir,
                problem: check.problem,
                path: check.path,
              },
        );
      }
      const ok = verdicts.every((v) => v.status !== 'changed');
      if (options.json) {
        writeJson({ ok, lockFile, servers: verdicts });
      } else {
        if (verdicts.length === 0) writeOut('no server of this config runs an installed package');
        for (const v of verdicts) {
          const what = v.package ? ` ${v.package}` : '';
          if (v.status === 'ok')
            writeOut(`${v.server}:${what} ok (${v.files} entries hashed or checked)`);
          else if (v.status === 'changed')
            writeOut(`${v.server}:${what} CHANGED: ${v.path}: ${v.problem}`);
          else writeOut(`${v.server}:${what} ${v.status} (installed on its first start)`);
        }
      }
      process.exitCode = ok ? EXIT.OK : EXIT.PROBLEMS;
    });
}
