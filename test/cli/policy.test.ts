/**
 * `gatehouse policy explain`: the decision for one call, the rule that made it and the constraint
 * that failed, from the configuration alone (no server is started).
 */
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { writeConfig } from '../helpers/gatehouse-process.js';
import { CLI } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir();
// The commands name programs that do not exist: explaining must never start a server.
const config = writeConfig(dir, {
  gateway: { auth: { keys: [{ id: 'alice', sha256: 'a'.repeat(64) }] } },
  servers: {
    filesystem: { command: '/nonexistent/fs-server' },
    web: { command: '/nonexistent/web-server', prefix: 'www' },
  },
  policy: {
    rules: [
      {
        id: 'fs-read',
        effect: 'allow',
        identities: ['alice', 'local'],
        server: 'filesystem',
        kind: 'tool',
        item: 'read_*',
        paths: { arg: 'path', under: ['/srv/projects'] },
        rateLimit: { calls: 60, perSeconds: 60 },
      },
      { id: 'fs-write', effect: 'allow', identities: 'alice', server: 'filesystem' },
      {
        id: 'fetch',
        effect: 'allow',
        identities: '*',
        server: 'web',
        urls: { arg: 'url', hosts: ['*.example.com'] },
      },
      { id: 'no-bob', effect: 'deny', identities: 'bob' },
    ],
  },
});

const explain = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'policy', 'explain', '-c', config, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('gatehouse policy explain', () => {
  it('exits 2 on bad usage: no call named, both forms, bad JSON, an unknown server', () => {
    expect(explain('--identity', 'alice').status).toBe(2);
    expect(explain('--identity', 'alice', '--tool', 'x', '--server', 'web').status).toBe(2);
    expect(explain('--identity', 'alice', '--server', 'web').status).toBe(2);
    expect(explain('--identity', 'alice', '--tool', 'www__fetch', '--args', '[1]').status).toBe(2);
    expect(explain('--identity', 'alice', '--tool', 'www__fetch', '--args', '{').status).toBe(2);
    const unknown = explain('--identity', 'alice', '--server', 'nope', '--item', 'x');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no such server/);
  });

  it('exits 2 when a public name cannot be read back without the live catalog', () => {
    const result = explain('--identity', 'alice', '--tool', 'github__search');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--server and --item/);
  });

  it('exits 3 on an invalid policy, naming the place', () => {
    const bad = writeConfig(
      dir,
      {
        servers: {},
        policy: {
          rules: [{ effect: 'allow', identities: '*', paths: { arg: 'p', under: ['x'] } }],
        },
      },
      'bad.yaml',
    );
    const result = spawnSync(
      process.execPath,
      [
        CLI,
        'policy',
        'explain',
        '-c',
        bad,
        '--identity',
        'a',
        '--server',
        's',
        '--item',
        'i',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stderr)).toMatchObject({
      error: {
        code: 'CONFIG_INVALID',
        message: /policy\.rules\[0\]\.paths\.under\[0\]: the path is relative/,
      },
    });
  });

  it('exits 1 on deny and shows the rule and the failed constraint', () => {
    const result = explain(
      '--identity',
      'local',
      '--tool',
      'filesystem__read_file',
      '--args',
      '{"path":"/srv/projects-x/secret"}',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('decision: deny');
    expect(result.stdout).toContain('rule: fs-read');
    expect(result.stdout).toContain(
      'failed constraint: path on "path": "/srv/projects-x/secret" is not under /srv/projects',
    );
    expect(result.stdout).toContain('fs-write (allow): no-match: identity local is not listed');
  });

  it('shows a deny rule overriding allows, as JSON', () => {
    const result = explain('--identity', 'bob', '--server', 'web', '--item', 'fetch', '--json');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.decision).toEqual({
      effect: 'deny',
      rule: 'no-bob',
      reason: 'denied by rule no-bob',
    });
    expect(report.call).toMatchObject({
      principal: 'key:bob',
      server: 'web',
      kind: 'tool',
      item: 'fetch',
    });
  });

  it('exits 0 on allow, resolving the public name through the server prefix', () => {
    const result = explain(
      '--identity',
      'local-user',
      '--tool',
      'www__fetch',
      '--args',
      '{"url":"https://docs.example.com/a"}',
      '--json',
    );
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.call).toMatchObject({ server: 'web', item: 'fetch', publicName: 'www__fetch' });
    expect(report.decision).toEqual({
      effect: 'allow',
      rule: 'fetch',
      reason: 'allowed by rule fetch',
    });
  });

  it('shows the URL constraint that failed', () => {
    const result = explain(
      '--identity',
      'alice',
      '--tool',
      'www__fetch',
      '--args',
      '{"url":"https://docs.example.com@evil.com/"}',
      '--json',
    );
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).decision.constraint).toEqual({
      type: 'url',
      arg: 'url',
      problem:
        '"https://docs.example.com@evil.com/": the URL has userinfo ("user@host" is refused)',
    });
  });

  it('shows confirm for a destructive tool, and deny when the host cannot elicit', () => {
    const args = [
      '--identity',
      'alice',
      '--tool',
      'filesystem__delete',
      '--annotations',
      '{"destructiveHint":true}',
    ];
    const confirm = explain(...args);
    expect(confirm.status).toBe(0);
    expect(confirm.stdout).toContain('decision: confirm');
    expect(confirm.stdout).toContain('rule: fs-write');
    const refused = explain(...args, '--no-elicitation');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/reason: .*cannot answer an elicitation/);
  });

  it('allows everything when the configuration has no policy section', () => {
    const open = writeConfig(dir, { servers: { fs: { command: '/nonexistent/x' } } }, 'open.yaml');
    const result = spawnSync(
      process.execPath,
      [CLI, 'policy', 'explain', '-c', open, '--identity', 'anyone', '--tool', 'fs__rm'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('decision: allow');
    expect(result.stdout).toContain('no policy section');
  });
});
