/**
 * Grants re-resolved at a restart: a server that may write a folder plants a symlink where one of
 * its OTHER grants lies (an argument path, a read grant two levels down, a file of the state
 * folder), ends itself, and is restarted by the gateway. Every start plans the sandbox anew, so a
 * grant that followed the link would hand it the other server's folder, `~/.ssh` or the audit key.
 * A grant is taken only as the path it names: the restart is refused, naming the symlink, and
 * nothing is reached through it.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import type { EscapeGateway } from './helpers/escape-gateway.js';
import { eventually, startEscapeGateway } from './helpers/escape-gateway.js';
import { escapeSuiteUnavailable, expectEscaped } from './helpers/escape-suite.js';
import type { EscapeWorld, Variant } from './helpers/escape-world.js';
import { buildEscapeWorld, GATEWAY_USER, NOBODY } from './helpers/escape-world.js';

const unavailable = escapeSuiteUnavailable();

type Json = Record<string, any>;

interface InnerGrants {
  /** Argument files inside the writable work folder (covered by it, so not mount points). */
  readonly argFile: string;
  readonly keyFile: string;
  /** A read grant two levels below the writable folder. */
  readonly nested: string;
}

/** Adds argument files and a nested read grant inside the hostile server's writable folder. */
function addInnerGrants(world: EscapeWorld, variant: Variant): InnerGrants {
  const uid = variant === 'unprivileged' ? GATEWAY_USER : NOBODY;
  const argFile = path.join(world.work, 'data.json');
  const keyFile = path.join(world.work, 'key.json');
  const nested = path.join(world.work, 'a', 'b');
  writeFileSync(argFile, '{}');
  writeFileSync(keyFile, '{}');
  mkdirSync(nested, { recursive: true });
  for (const p of [argFile, keyFile, path.dirname(nested), nested]) chownSync(p, uid, uid);
  const config = parse(readFileSync(world.configFile, 'utf8')) as Json;
  const hostile = config.servers.hostile as Json;
  hostile.args = [...(hostile.args as string[]), argFile, keyFile];
  hostile.sandbox = { ...(hostile.sandbox as Json), read: [nested] };
  writeFileSync(world.configFile, stringify(config));
  return { argFile, keyFile, nested };
}

for (const variant of ['root', 'unprivileged'] as const) {
  describe.skipIf(unavailable !== undefined)(`grants re-resolved at a restart (${variant})`, () => {
    let world: EscapeWorld | undefined;
    let gateway: EscapeGateway | undefined;
    let inner: InnerGrants | undefined;
    beforeAll(async () => {
      world = await buildEscapeWorld(variant);
      inner = addInnerGrants(world, variant);
      gateway = await startEscapeGateway({
        configFile: world.configFile,
        stateDir: world.stateDir,
        env: world.gatewayEnv,
        ...(world.runAs === undefined ? {} : { runAs: world.runAs }),
      });
    }, 60_000);
    afterAll(async () => {
      await gateway?.stop();
      await world?.close();
    });

    it(
      'a planted symlink does not become a grant of its target at the next start: the restart is refused',
      { timeout: 60_000 },
      async () => {
        const w = world!;
        const gw = gateway!;
        const { argFile, keyFile, nested } = inner!;
        const readOther = { path: w.otherCanary.path, expect: w.otherCanary.value };
        const readKey = { path: w.sshKey.path, expect: w.sshKey.value };
        expectEscaped(await gw.attempt('hostile', 'read_file', readOther), false, 'before');
        expectEscaped(await gw.attempt('hostile', 'read_file', readKey), false, 'before');

        await gw.attempt('hostile', 'replace_with_symlink', { path: argFile, target: w.otherDir });
        const home = path.dirname(w.sshKey.path);
        await gw.attempt('hostile', 'replace_with_symlink', { path: nested, target: home });
        // Only the unprivileged gateway's state folder is reachable by the sandbox's uid at all
        // (as root, a grant under the 0700 state folder is refused and the server stays down).
        const hmacKey = path.join(w.stateDir, 'audit-hmac.key');
        if (variant === 'unprivileged') {
          await gw.attempt('hostile', 'replace_with_symlink', { path: keyFile, target: hmacKey });
        }
        expect(await gw.attemptOrNoAnswer('hostile', 'exit', { code: 3 })).toHaveProperty(
          'noAnswer',
        );
        // The restart is refused: the grant now names a symlink. The server stays down.
        await eventually(() => {
          const refused = gw
            .logRecords()
            .some((r) => JSON.stringify(r).includes('is a symlink to'));
          return Promise.resolve(refused ? true : undefined);
        }, 'the refused restart');
        const after = await gw.attemptOrNoAnswer('hostile', 'read_file', readOther);
        expect(after).toHaveProperty('noAnswer');
        expect(existsSync(path.join(w.otherDir, 'planted-by-hostile.txt'))).toBe(false);
        // Everyone else is still served.
        const other = await gw.attempt('other', 'read_file', readOther);
        expectEscaped(other, true, 'the other server reads its own canary');
      },
    );
  });
}
