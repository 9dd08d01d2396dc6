/**
 * @module cli/commands/key
 * `gatehouse key create ID`: mint a bearer key for the HTTP endpoint. The key is printed once; the
 * config stores only its SHA-256 digest.
 */
import { randomBytes } from 'node:crypto';

import type { Command } from 'commander';

import { hashKey } from '../../operation/gateway/downstream/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { writeErr, writeJson, writeOut } from '../output.js';

export function registerKeyCommand(program: Command): void {
  const key = program.command('key').description('Manage bearer keys for the HTTP endpoint');
  key
    .command('create')
    .argument('<id>', 'a name for the key holder, e.g. alice or ci')
    .option('--json', 'print {id, key, sha256}')
    .description('Create a key; prints it once with the config lines to add')
    .action((id: string, options: { json?: boolean }) => {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
        throw new UsageError(`key id "${id}": use 1-64 of [A-Za-z0-9._-]`);
      }
      const secret = `gh_${randomBytes(32).toString('base64url')}`;
      const sha256 = hashKey(secret);
      if (options.json) {
        writeJson({ id, key: secret, sha256 });
        return;
      }
      writeOut(secret);
      writeErr(
        [
          'Store the key above now; it is not kept anywhere. Add this to gatehouse.yaml:',
          '  gateway:',
          '    auth:',
          '      keys:',
          `        - id: ${id}`,
          `          sha256: ${sha256}`,
        ].join('\n'),
      );
    });
}
