/**
 * Secret redaction: the detectors, the arguments HMAC built on them, and the end-to-end promise
 * that no argument and no secret reaches the database, its WAL, the checkpoint file or an export.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { openAuditLog } from '../../../src/operation/audit/index.js';
import {
  isSecretKey,
  looksLikeToken,
  REDACTED,
  redactEmbedded,
  redactString,
  redactValue,
  TOKEN_PATTERN_LIST,
} from '../../../src/shared/redaction/redact.js';
import { CLI } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { entry, rawRows } from './helpers.js';

const dir = useTempDir('gatehouse-audit-redact-');

const SECRETS = {
  password: 'hunter2-correct-horse',
  githubToken: 'ghp_1234567890abcdefghijABCDEFGHIJ123456',
  bearer: 'Bearer abc.def-ghi_jkl~mno+pqr/stu=',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  random: 'q8Zr2LmX0vBn4TtYw9KcPdFs7HgJ',
  openai: 'sk-proj-abcdefghijklmnopqrstuvwx',
  urlPassword: 's3cr3tpw',
  queryToken: 'tok_9f8e7d6c5b4a',
  sessionId: 'mcp-session-4f1c2b7e-secret',
};

describe('secret detectors', () => {
  it('do not flag ordinary words, paths and short values', () => {
    for (const key of ['title', 'path', 'query', 'name', 'monkey', 'tokenizer_model'.slice(0, 4)]) {
      expect(isSecretKey(key), key).toBe(false);
    }
    for (const value of [
      'hello world',
      '/home/alice/src/project/README.md',
      'create_issue',
      '42',
    ]) {
      expect(looksLikeToken(value), value).toBe(false);
      expect(redactString(value)).toBe(value);
    }
  });

  it('flag secret-named keys in any spelling', () => {
    for (const key of [
      'password',
      'PASSWORD',
      'db_password',
      'apiKey',
      'api-key',
      'X-Api-Key',
      'access_token',
      'refreshToken',
      'client_secret',
      'Authorization',
      'cookie',
      'credentials',
      'private_key',
      'auth',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
  });

  it('replace credentials embedded in text and token-looking whole values', () => {
    expect(redactString(SECRETS.random)).toBe(REDACTED);
    expect(redactString(`Authorization: ${SECRETS.bearer}`)).toBe(`Authorization: ${REDACTED}`);
    expect(redactString(`use ${SECRETS.githubToken} now`)).toBe(`use ${REDACTED} now`);
    expect(redactString(`https://bob:${SECRETS.urlPassword}@db.example.com/x`)).toBe(
      `https://${REDACTED}@db.example.com/x`,
    );
    expect(redactString(`https://api.example.com/r?id=7&access_token=${SECRETS.queryToken}`)).toBe(
      `https://api.example.com/r?id=7&access_token=${REDACTED}`,
    );
    expect(redactString(`-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----`)).toBe(
      REDACTED,
    );
  });

  it('walk nested arguments, replacing whole values under secret keys', () => {
    expect(
      redactValue({
        title: 'hi',
        nested: [{ password: { deep: 1 } }, SECRETS.jwt, `x ${SECRETS.aws} y`],
        count: 3,
      }),
    ).toEqual({
      title: 'hi',
      nested: [{ password: REDACTED }, REDACTED, `x ${REDACTED} y`],
      count: 3,
    });
  });
});

describe('redactEmbedded fast path', () => {
  it('skips only strings no credential shape can match (short ones, digits only)', () => {
    const slow = (value: string): string =>
      TOKEN_PATTERN_LIST.reduce((out, pattern) => out.replace(pattern, REDACTED), value);
    const short = fc.string({ maxLength: 5, unit: fc.constantFrom(...'?&;=sigkey:/@-eyJ0aZ .') });
    const near = fc.string({ maxLength: 8, unit: fc.constantFrom(...'?&;=sigkey:/@x') });
    fc.assert(
      fc.property(fc.oneof(short, near, fc.stringMatching(/^[0-9]{0,40}$/), fc.string()), (s) => {
        expect(redactEmbedded(s)).toBe(slow(s));
      }),
      { numRuns: 5000 },
    );
    // The shortest matches there are still found.
    expect(redactEmbedded('?sig=x')).toBe(`?sig=${REDACTED}`);
    expect(redactEmbedded('h://a:b@')).toBe(`h://${REDACTED}@`);
  });

  it('skips only strings holding none of what the credential shapes need', () => {
    const slow = (value: string): string =>
      TOKEN_PATTERN_LIST.reduce((out, pattern) => out.replace(pattern, REDACTED), value);
    // Pieces of every shape (and of near misses), in any order and case.
    const piece = fc.constantFrom(
      ...['-----BEGIN ', 'RSA ', 'PRIVATE KEY-----', '-----END ', 'eyJ', 'eyj', 'abcdefgh', '.'],
      ...['Bearer', 'BASIC', 'token', ' ', '\t', 'https://', 'user:pw@', ':', '@', '/'],
      ...['ghp_', 'gho_', 'github_pat_', 'gh_', 'sk-', 'sk_live_', 'pk_test_', 'xoxb-', 'AKIA'],
      ...['ASIA', 'AIza', 'npm_', 'glpat-', '?', '&', ';', 'api_key=', 'sig=', '=', 'K', 'I'],
      ...['0123456789', 'ABCDEFGHIJKLMNOP', 'abcdefghijklmnopqrstuvwxyz', '_-', 'é', '\u017f'],
      // Long enough for every shape's tail, and holding nothing the fast path looks for.
      'QRSTUVWXYZqrstuvwxyz0123456789QRSTUVWXYZ',
    );
    const assembled = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    const cased = assembled.map((value) => value.toUpperCase());
    fc.assert(
      fc.property(fc.oneof(assembled, cased, fc.string(), fc.string({ unit: 'binary' })), (s) => {
        expect(redactEmbedded(s)).toBe(slow(s));
      }),
      { numRuns: 20000 },
    );
    const tail = 'QRSTUVWXYZqrstuvwxyz0123456789QRSTUVWXYZ';
    const prefixes = ['eyJ', 'Bearer ', 'ghp_', 'github_pat_', 'gh_', 'sk-', 'rk_live_', 'xoxp-'];
    const more = ['AKIA', 'ASIA', 'AIza', 'npm_', 'glpat-', 'h://u:p@', '?key=', '-----BEGIN '];
    const bodies: Record<string, string> = {
      AKIA: 'QRSTUVWXYZ012345',
      ASIA: 'QRSTUVWXYZ012345',
      '-----BEGIN ': `RSA PRIVATE KEY-----${tail}`,
    };
    for (const prefix of [...prefixes, ...more]) {
      const value = `x ${prefix}${bodies[prefix] ?? `${tail}.${tail}.${tail}`} y`;
      expect(redactEmbedded(value), prefix).not.toBe(value);
      expect(redactEmbedded(value), prefix).toBe(slow(value));
    }
    for (const secret of Object.values(SECRETS)) {
      expect(redactEmbedded(`x ${secret} y`)).toBe(slow(`x ${secret} y`));
    }
  });
});

describe('redactValue', () => {
  it('copies exactly as the entries -> fromEntries walk does', () => {
    const reference = (value: unknown, depth = 0): unknown => {
      if (depth > 64) return REDACTED;
      if (typeof value === 'string') return redactString(value);
      if (Array.isArray(value)) return value.map((item) => reference(item, depth + 1));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([key, item]) => [
            key,
            isSecretKey(key) ? REDACTED : reference(item, depth + 1),
          ]),
        );
      }
      return value;
    };
    const key = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('password', 'X-Api-Key', 'auth', '__proto__', 'constructor', '0', '10', 'a'),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom(SECRETS.githubToken, SECRETS.random, `x ${SECRETS.jwt}`),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const out = redactValue(value);
        const expected = reference(value);
        // Key order included; (toStrictEqual would compare the values of `constructor` keys as
        // the objects' constructors.)
        expect(JSON.stringify(out)).toBe(JSON.stringify(expected));
        expect(out).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('redactValue on hostile input', () => {
  it('keeps a __proto__ key as a key instead of changing the prototype', () => {
    const out = redactValue(JSON.parse('{"__proto__": {"token": "x"}, "a": 1}')) as object;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
  });
});

describe('the arguments HMAC', () => {
  it('is the same for the same arguments in another key order, and with other secret values', async () => {
    const stateDir = path.join(dir, 'hmac');
    const log = await openAuditLog({ stateDir });
    await log.append(entry(1, { arguments: { a: 1, b: 'two', password: 'one' } }));
    await log.append(entry(2, { arguments: { password: 'other', b: 'two', a: 1 } }));
    await log.append(entry(3, { arguments: { a: 1, b: 'three', password: 'one' } }));
    await log.append(entry(4, {}));
    await log.close();
    const hmacs = rawRows(stateDir).map((row) => row.arguments_hmac);
    expect(hmacs[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacs[1]).toBe(hmacs[0]);
    expect(hmacs[2]).not.toBe(hmacs[0]);
    // Another state dir has another key: the same arguments give another HMAC.
    const other = await openAuditLog({ stateDir: path.join(dir, 'hmac-other') });
    await other.append(entry(1, { arguments: { a: 1, b: 'two', password: 'one' } }));
    await other.close();
    expect(rawRows(path.join(dir, 'hmac-other'))[0]?.arguments_hmac).not.toBe(hmacs[0]);
  });
});

describe('what is stored', () => {
  it('holds no argument text and no secret, in the database, its WAL, the checkpoints or an export', async () => {
    const stateDir = path.join(dir, 'stored');
    const log = await openAuditLog({ stateDir });
    const plain = 'plaintext-argument-value-7731';
    for (let i = 0; i < 20; i++) {
      await log.append(
        entry(i, {
          sessionId: SECRETS.sessionId,
          itemKind: 'resource',
          item: `https://bob:${SECRETS.urlPassword}@api.example.com/r?access_token=${SECRETS.queryToken}`,
          arguments: {
            note: plain,
            password: SECRETS.password,
            headers: { Authorization: SECRETS.bearer },
            command: `curl -H "Authorization: ${SECRETS.bearer}" --token ${SECRETS.githubToken}`,
            list: [SECRETS.jwt, SECRETS.aws, SECRETS.random, SECRETS.openai],
          },
          errorCode: `failed with ${SECRETS.githubToken}`,
        }),
      );
    }
    // Read the files while the log is open (the rows are still in the WAL), then after close.
    const files = () =>
      readdirSync(stateDir)
        .filter((name) => name.startsWith('gatehouse.db') || name.endsWith('.jsonl'))
        .map((name) => readFileSync(path.join(stateDir, name)).toString('latin1'));
    const whileOpen = files();
    await log.close();
    const exported = spawnSync(
      process.execPath,
      [CLI, 'audit', 'export', '--state-dir', stateDir],
      {
        encoding: 'utf8',
      },
    );
    expect(exported.status).toBe(0);
    expect(exported.stdout.split('\n').filter(Boolean)).toHaveLength(20);
    const haystacks = [...whileOpen, ...files(), exported.stdout];
    // The search does see record text (entry 7's principal), so an absence means something.
    expect(whileOpen.join('').includes('principal-0007')).toBe(true);
    for (const needle of [plain, ...Object.values(SECRETS), 'hunter2', 'ghp_', 'eyJhbGci']) {
      for (const haystack of haystacks) expect(haystack.includes(needle), needle).toBe(false);
    }
    const row = JSON.parse(exported.stdout.split('\n')[0]!);
    expect(row.item).toBe(`https://${REDACTED}@api.example.com/r?access_token=${REDACTED}`);
    expect(row.session).toMatch(/^[0-9a-f]{32}$/);
  });
});
