/**
 * The `policy` section through the real loader: schema errors and compile-time errors name the
 * place; oddities are warnings; a valid file compiles.
 */
import { describe, expect, it } from 'vitest';

import { compilePolicy } from '../../../src/operation/policy/index.js';
import { loadConfig } from '../../../src/shared/config/index.js';
import { ConfigError } from '../../../src/shared/errors/index.js';
import { writeConfig } from '../../helpers/gatehouse-process.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { SERVERS } from './helpers.js';

const dir = useTempDir();
let n = 0;

async function load(policy: unknown, extra: Record<string, unknown> = {}) {
  const file = writeConfig(dir, { servers: SERVERS, ...extra, policy }, `p${n++}.yaml`);
  return loadConfig(file, { env: { HOME_DIR: '/home/alice' } });
}

async function issues(policy: unknown): Promise<string[]> {
  try {
    const loaded = await load(policy);
    compilePolicy(loaded.config, { file: loaded.file });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.problem}`);
    throw error;
  }
  return [];
}

describe('policy configuration errors', () => {
  it.each([
    [{ rules: [{ effect: 'allow' }] }, /policy\.rules\[0\]\.identities/],
    [{ rules: [{ effect: 'maybe', identities: '*' }] }, /policy\.rules\[0\]\.effect/],
    [{ rules: [{ effect: 'allow', identities: 'bad id!' }] }, /identities/],
    [{ rules: [{ effect: 'allow', identities: [] }] }, /identities/],
    [
      { rules: [{ effect: 'deny', identities: '*', paths: { arg: 'p', under: ['/x'] } }] },
      /rules\[0\]\.paths/,
    ],
    [{ rules: [{ effect: 'deny', identities: '*', confirm: true }] }, /rules\[0\]\.confirm/],
    [{ rules: [{ effect: 'allow', identities: '*', kind: 'tools' }] }, /rules\[0\]\.kind/],
    [
      { rules: [{ effect: 'allow', identities: '*', rateLimit: { calls: 0, perSeconds: 1 } }] },
      /rateLimit\.calls/,
    ],
    [{ rules: [{ effect: 'allow', identities: '*', server: '' }] }, /rules\[0\]\.server/],
    [
      {
        rules: [
          { id: 'a', effect: 'allow', identities: '*' },
          { id: 'a', effect: 'deny', identities: '*' },
        ],
      },
      /rules\[1\]\.id: Rule id "a" is used twice/,
    ],
    [{ default: 'maybe' }, /policy\.default/],
    [{ destructive: 'always' }, /policy\.destructive/],
    [{ confirmationTtlSeconds: 1 }, /confirmationTtlSeconds/],
    [{ rules: [], extra: 1 }, /policy\.extra/],
    [
      {
        rules: [{ effect: 'allow', identities: '*', paths: { arg: 'p', under: ['relative/dir'] } }],
      },
      /policy\.rules\[0\]\.paths\.under\[0\]: the path is relative/,
    ],
    [
      {
        rules: [
          {
            effect: 'allow',
            identities: '*',
            paths: [
              { arg: 'p', under: ['/ok'] },
              { arg: 'q', under: ['/a/../b'] },
            ],
          },
        ],
      },
      /policy\.rules\[0\]\.paths\[1\]\.under\[0\]: the path contains "\.\."/,
    ],
    [
      { rules: [{ effect: 'allow', identities: '*', urls: { arg: 'u', hosts: ['0177.0.0.1'] } }] },
      /policy\.rules\[0\]\.urls\.hosts\[0\]: write the IPv4 address as 127\.0\.0\.1/,
    ],
    [
      {
        rules: [
          {
            effect: 'allow',
            identities: '*',
            urls: { arg: 'u', hosts: ['a.com'], schemes: ['HTTPS'] },
          },
        ],
      },
      /urls\.schemes\[0\]/,
    ],
  ])('reports %j', async (policy, expected) => {
    const found = await issues(policy);
    expect(found.join('\n')).toMatch(expected);
  });
});

describe('a valid policy', () => {
  it('expands variables in it, compiles, and warns about unknown keys and servers', async () => {
    const loaded = await load(
      {
        rules: [
          {
            effect: 'allow',
            identities: ['alice', 'key:ghost', 'local'],
            server: 'nosuch*',
            paths: { arg: 'path', under: ['${HOME_DIR}/src'] },
          },
          { id: 'ok', effect: 'allow', identities: '*', server: 'fs' },
        ],
      },
      { gateway: { auth: { keys: [{ id: 'alice', sha256: 'a'.repeat(64) }] } } },
    );
    const policy = compilePolicy(loaded.config, { file: loaded.file });
    expect(policy.enabled).toBe(true);
    expect(policy.warnings).toEqual([
      'rules[0]: key "ghost" is not in gateway.auth.keys; it never matches',
      'rules[0]: server "nosuch*" matches no configured server',
    ]);
    const request = {
      principal: 'key:alice',
      server: 'nosuch1',
      kind: 'tool' as const,
      item: 't',
      arguments: { path: '/home/alice/src/x' },
    };
    expect(policy.decide(request, 0)).toMatchObject({ effect: 'allow', rule: 'rules[0]' });
  });

  it('leaves a configuration without a policy section as it was', async () => {
    const file = writeConfig(dir, { servers: SERVERS }, 'none.yaml');
    const loaded = await loadConfig(file);
    expect(loaded.config.policy).toBeUndefined();
    expect(compilePolicy(loaded.config).enabled).toBe(false);
  });
});
