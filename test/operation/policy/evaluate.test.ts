/**
 * Rule matching and precedence: no policy allows everything; deny overrides allow wherever it
 * stands; the first allow whose constraints hold decides; then the default (deny unless set).
 */
import { describe, expect, it } from 'vitest';

import { compilePolicy } from '../../../src/operation/policy/index.js';
import { GatehouseConfigSchema } from '../../../src/shared/config/schema.js';
import { call, policyOf, SERVERS } from './helpers.js';

describe('without a policy section', () => {
  it('allows every call, destructive or not, with no rule', () => {
    const policy = compilePolicy(GatehouseConfigSchema.parse({ servers: SERVERS }));
    expect(policy.enabled).toBe(false);
    const decision = policy.decide(
      call({ item: 'delete_everything', annotations: { destructiveHint: true } }),
      0,
    );
    expect(decision).toEqual({
      effect: 'allow',
      reason: 'no policy section: every call is allowed',
    });
  });
});

describe('the default', () => {
  it('is deny: an empty policy refuses everything', () => {
    const decision = policyOf({}).decide(call(), 0);
    expect(decision).toEqual({
      effect: 'deny',
      reason: 'no rule allows this call (default: deny)',
    });
  });

  it('can be allow, and destructive tools are then still confirmed', () => {
    const policy = policyOf({ default: 'allow' });
    expect(policy.decide(call(), 0)).toMatchObject({ effect: 'allow', reason: /default: allow/ });
    expect(
      policy.decide(call({ item: 'rm', annotations: { destructiveHint: true } }), 0),
    ).toMatchObject({ effect: 'confirm' });
  });
});

describe('rule matching', () => {
  const policy = policyOf({
    rules: [
      {
        id: 'alice-fs-read',
        effect: 'allow',
        identities: ['alice'],
        server: 'fs',
        kind: 'tool',
        item: 'read_*',
      },
      { id: 'local-all', effect: 'allow', identities: 'local', server: 'w*' },
      { id: 'prompts', effect: 'allow', identities: '*', kind: 'prompt' },
    ],
  });

  it.each([
    ['another identity', call({ principal: 'key:bob' })],
    ['an unknown principal form', call({ principal: 'someone' })],
    ['another server', call({ server: 'github' })],
    ['another item', call({ item: 'write_file' })],
    ['a case variant of the item', call({ item: 'READ_file' })],
    ['another kind', call({ kind: 'resource', item: 'read_x' })],
    ['a local rule for a key', call({ principal: 'key:local', server: 'web' })],
  ])('does not match %s', (_label, request) => {
    expect(policy.decide(request, 0)).toMatchObject({ effect: 'deny', reason: /default: deny/ });
  });

  it.each([
    ['a key by bare id', call(), 'alice-fs-read'],
    ['a key by item glob', call({ item: 'read_multiple_files' }), 'alice-fs-read'],
    [
      'the stdio user as local',
      call({ principal: 'local-user', server: 'web', item: 'fetch' }),
      'local-all',
    ],
    [
      'the loopback user as local',
      call({ principal: 'local', server: 'web', kind: 'resource', item: 'https://x/' }),
      'local-all',
    ],
    [
      'anyone for prompts',
      call({ principal: 'key:zed', server: 'github', kind: 'prompt', item: 'p' }),
      'prompts',
    ],
  ])('matches %s', (_label, request, rule) => {
    expect(policy.decide(request, 0)).toMatchObject({ effect: 'allow', rule });
  });

  it('names identities as key:<id>, so a key called "local" is not the local user', () => {
    const keyed = policyOf({ rules: [{ effect: 'allow', identities: 'key:local' }] });
    expect(keyed.decide(call({ principal: 'key:local' }), 0)).toMatchObject({ effect: 'allow' });
    expect(keyed.decide(call({ principal: 'local' }), 0)).toMatchObject({ effect: 'deny' });
  });

  it('matches names flat: "*" spans "/" so a deny on delete* also covers delete/all', () => {
    const flat = policyOf({
      rules: [
        { effect: 'deny', identities: '*', item: 'delete*' },
        { effect: 'allow', identities: '*' },
      ],
    });
    expect(flat.decide(call({ item: 'delete/all' }), 0)).toMatchObject({ effect: 'deny' });
    expect(flat.decide(call({ item: 'read' }), 0)).toMatchObject({ effect: 'allow' });
  });
});

describe('precedence', () => {
  it('lets a deny override an allow written before it', () => {
    const policy = policyOf({
      rules: [
        { id: 'everything', effect: 'allow', identities: '*' },
        { id: 'no-github', effect: 'deny', identities: ['alice'], server: 'github' },
      ],
    });
    expect(policy.decide(call({ server: 'github', item: 'create_issue' }), 0)).toEqual({
      effect: 'deny',
      rule: 'no-github',
      reason: 'denied by rule no-github',
    });
    expect(policy.decide(call({ principal: 'key:bob', server: 'github' }), 0)).toMatchObject({
      effect: 'allow',
      rule: 'everything',
    });
  });

  it('lets the first allow whose constraints hold decide, trying later ones when they fail', () => {
    const policy = policyOf({
      rules: [
        {
          id: 'proj',
          effect: 'allow',
          identities: 'alice',
          server: 'fs',
          paths: { arg: 'path', under: ['/proj'] },
          rateLimit: { calls: 1, perSeconds: 60 },
        },
        {
          id: 'data',
          effect: 'allow',
          identities: 'alice',
          server: 'fs',
          paths: { arg: 'path', under: ['/data'] },
        },
        { id: 'broad', effect: 'allow', identities: 'alice', server: 'fs' },
      ],
    });
    expect(policy.decide(call({ arguments: { path: '/proj/a' } }), 0)).toMatchObject({
      rule: 'proj',
    });
    expect(policy.decide(call({ arguments: { path: '/data/a' } }), 0)).toMatchObject({
      rule: 'data',
    });
    // The first satisfied rule's rate limit applies; a broader later rule is no way around it.
    expect(policy.decide(call({ arguments: { path: '/proj/a' } }), 0)).toMatchObject({
      effect: 'deny',
      rule: 'proj',
      rateLimited: { retryAfterMs: 60_000 },
    });
  });

  it('denies, naming the first failed constraint, when allow rules match but none is satisfied', () => {
    const policy = policyOf({
      rules: [
        {
          id: 'proj',
          effect: 'allow',
          identities: '*',
          server: 'fs',
          paths: { arg: 'path', under: ['/proj'] },
        },
        {
          id: 'web',
          effect: 'allow',
          identities: '*',
          server: 'fs',
          urls: { arg: 'url', hosts: ['example.com'] },
        },
      ],
    });
    const decision = policy.decide(call({ arguments: { path: '/project-x/secret' } }), 0);
    expect(decision).toMatchObject({
      effect: 'deny',
      rule: 'proj',
      constraint: { type: 'path', arg: 'path', problem: '"/project-x/secret" is not under /proj' },
    });
    expect(decision.reason).toMatch(/rule proj matches, but its path constraint on "path" fails/);
  });

  it('does not fall back to default allow when a matching allow rule fails its constraints', () => {
    const policy = policyOf({
      default: 'allow',
      rules: [
        {
          effect: 'allow',
          identities: '*',
          server: 'fs',
          paths: { arg: 'path', under: ['/proj'] },
        },
      ],
    });
    expect(policy.decide(call({ arguments: { path: '/etc/passwd' } }), 0)).toMatchObject({
      effect: 'deny',
    });
    expect(
      policy.decide(call({ server: 'web', arguments: { path: '/etc/passwd' } }), 0),
    ).toMatchObject({
      effect: 'allow',
    });
  });

  it('refuses resource URIs that read differently as text, before any rule', () => {
    const policy = policyOf({
      rules: [{ effect: 'allow', identities: '*', kind: 'resource', item: 'file:///proj/*' }],
    });
    expect(policy.decide(call({ kind: 'resource', item: 'file:///proj/a.txt' }), 0)).toMatchObject({
      effect: 'allow',
    });
    for (const item of [
      'file:///proj/../etc/passwd',
      'file:///proj/%2e%2e/etc/passwd',
      'file:///proj/a%2f..%2f..%2fetc',
      'file:///proj/.',
      'file:///proj\\..\\etc',
    ]) {
      expect(policy.decide(call({ kind: 'resource', item }), 0)).toMatchObject({
        effect: 'deny',
        reason: /resource URI refused/,
      });
    }
  });
});

describe('destructive tools', () => {
  const rules = [{ id: 'fs', effect: 'allow', identities: '*', server: 'fs' }];

  it.each([
    ['annotated', { destructiveHint: true }, 'confirm'],
    ['annotated', { destructiveHint: true, readOnlyHint: true }, 'allow'],
    ['annotated', {}, 'allow'],
    ['annotated', undefined, 'allow'],
    ['unless-read-only', {}, 'confirm'],
    ['unless-read-only', undefined, 'confirm'],
    ['unless-read-only', { destructiveHint: false }, 'allow'],
    ['unless-read-only', { readOnlyHint: true }, 'allow'],
    ['off', { destructiveHint: true }, 'allow'],
  ] as const)('destructive: %s with %j gives %s', (mode, annotations, effect) => {
    const policy = policyOf({ destructive: mode, rules });
    expect(policy.decide(call({ ...(annotations ? { annotations } : {}) }), 0)).toMatchObject({
      effect,
    });
  });

  it('confirms any call of a rule with confirm: true, and never with confirm: false', () => {
    const policy = policyOf({
      rules: [
        {
          id: 'ask',
          effect: 'allow',
          identities: '*',
          server: 'fs',
          kind: 'prompt',
          confirm: true,
        },
        { id: 'trusted', effect: 'allow', identities: '*', server: 'fs', confirm: false },
      ],
    });
    expect(policy.decide(call({ kind: 'prompt' }), 0)).toMatchObject({
      effect: 'confirm',
      rule: 'ask',
    });
    expect(policy.decide(call({ annotations: { destructiveHint: true } }), 0)).toMatchObject({
      effect: 'allow',
      rule: 'trusted',
    });
  });

  it('ignores annotations on prompts and resources', () => {
    const policy = policyOf({ destructive: 'unless-read-only', rules });
    expect(policy.decide(call({ kind: 'prompt' }), 0)).toMatchObject({ effect: 'allow' });
  });
});

describe('explain', () => {
  it('traces every rule without using rate-limit tokens', () => {
    const policy = policyOf({
      rules: [
        { id: 'bob', effect: 'allow', identities: 'bob' },
        { id: 'proj', effect: 'allow', identities: '*', paths: { arg: 'path', under: ['/proj'] } },
        { id: 'any', effect: 'allow', identities: '*', rateLimit: { calls: 1, perSeconds: 60 } },
        { id: 'later', effect: 'allow', identities: '*' },
      ],
    });
    const request = call({ arguments: { path: '/etc' } });
    for (let i = 0; i < 3; i++) {
      const { decision, trace } = policy.explain(request);
      expect(decision).toMatchObject({ effect: 'allow', rule: 'any' });
      expect(trace).toEqual([
        {
          rule: 'bob',
          effect: 'allow',
          outcome: 'no-match',
          detail: 'identity key:alice is not listed',
        },
        {
          rule: 'proj',
          effect: 'allow',
          outcome: 'constraint-failed',
          detail: 'path constraint on path: "/etc" is not under /proj',
        },
        { rule: 'any', effect: 'allow', outcome: 'matched' },
        { rule: 'later', effect: 'allow', outcome: 'skipped' },
      ]);
    }
  });
});

describe('decide without the explanation', () => {
  it('reaches the decision explain reaches, for every kind of outcome', () => {
    const policy = policyOf({
      destructive: 'unless-read-only',
      rules: [
        { id: 'no-rm', effect: 'deny', identities: '*', item: 'rm' },
        { id: 'bob', effect: 'allow', identities: 'bob' },
        { id: 'proj', effect: 'allow', identities: '*', paths: { arg: 'path', under: ['/proj'] } },
        { id: 'ask', effect: 'allow', identities: '*', item: 'write_*', confirm: true },
      ],
    });
    const requests = [
      call({ item: 'rm' }),
      call({ principal: 'bob', annotations: { readOnlyHint: true } }),
      call({ arguments: { path: '/proj/a' }, annotations: { readOnlyHint: true } }),
      call({ arguments: { path: '/proj/a' } }),
      call({ arguments: { path: '/etc' } }),
      call({ item: 'write_file', arguments: { path: '/elsewhere' } }),
      call({ item: 'nothing', server: 'web' }),
      call({ kind: 'resource', item: 'file:///proj/%2e%2e/etc' }),
    ];
    const outcomes = new Set<string>();
    for (const request of requests) {
      const explained = policy.explain(request).decision;
      outcomes.add(explained.effect);
      expect(policy.decide(request, 0, { confirmationId: undefined })).toEqual(explained);
    }
    expect([...outcomes].sort()).toEqual(['allow', 'confirm', 'deny']);
  });
});
