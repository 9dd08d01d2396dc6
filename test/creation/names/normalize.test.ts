/**
 * Normalization of names: TR39 skeleton, NFKC, invisible characters, case, separators, affixes and
 * the look-alike folds.
 */
import { describe, expect, it } from 'vitest';

import { termsOf } from '../../../src/creation/names/index.js';
import { lookFold, skeletonOf, stripInvisible } from '../../../src/creation/names/normalize.js';

const productLook = (name: string) => termsOf(name).find((t) => t.pool === 'product')?.look;
const productPlain = (name: string) => termsOf(name).find((t) => t.pool === 'product')?.plain;

describe('skeletonOf', () => {
  it.each([
    ['Cyrillic а, е, о', 'p\u0430yp\u0430l n\u0435tw\u043erk', 'paypal network'],
    ['Greek omicron', 'g\u03bfogle', 'google'],
    ['Cyrillic і and ѕ', '\u0456\u0455', 'is'],
    ['fullwidth letters', '\uff47\uff49\uff54\uff48\uff55\uff42', 'github'],
    ['a zero-width space inside', 'git\u200bhub', 'github'],
    ['a zero-width joiner and a word joiner', 'fi\u200dle\u2060system', 'filesystem'],
    ['bidi controls (LRM, RLO, isolates)', '\u200egit\u202ehub\u2066\u2069', 'github'],
    ['a soft hyphen and a variation selector', 'slack\u00ad\ufe0f', 'slack'],
    ['tag characters', 'notion\u{e0041}\u{e0042}', 'notion'],
    ['upper-case I and the digit 1 as l', 'Iinear1', 'linearl'],
    ['the digit 0 as o', 'g00gle', 'google'],
    ['lunate sigma before NFKC turns it into a sigma', '\u03f2laude', 'claude'],
  ])('maps %s to the plain letters', (_label, input, expected) => {
    expect(skeletonOf(input)).toBe(skeletonOf(expected));
  });

  it('keeps different letters apart', () => {
    expect(skeletonOf('gitlab')).not.toBe(skeletonOf('github'));
    expect(skeletonOf('mail')).not.toBe(skeletonOf('mall'));
  });

  it('strips invisible characters only', () => {
    expect(stripInvisible('a\u200bb\u202ec\u00add')).toBe('abcd');
    expect(stripInvisible('a-b_c.d')).toBe('a-b_c.d');
  });
});

describe('lookFold', () => {
  it.each([
    ['rn', 'm'],
    ['vvhatsapp', 'whatsapp'],
    ['clocker', 'docker'],
    ['githu6', 'github'],
    ['5lack', 'slack'],
    ['n3on', 'neon'],
    ['café', 'cafe'],
  ])('%s looks like %s', (a, b) => {
    expect(lookFold(skeletonOf(a))).toBe(lookFold(skeletonOf(b)));
  });
});

describe('separators and affixes', () => {
  it.each([
    ['google-maps', 'Google_Maps'],
    ['google-maps', 'google.maps'],
    ['google-maps', 'google maps'],
    ['weather', 'mcp-weather'],
    ['weather', 'weather-mcp'],
    ['weather', 'mcp_weather'],
    ['weather', 'weather-mcp-server'],
    ['weather', 'mcp-server-weather'],
    ['weather', 'server-weather'],
    ['weather', 'weather-server'],
    ['weather', 'weathermcp'],
    ['weather', 'mcpweather'],
    ['filesystem', '@modelcontextprotocol/server-filesystem'],
    ['filesystem', 'io.github.alice/server-filesystem'],
  ])('%s and %s compare equal', (a, b) => {
    expect(productPlain(a)).toBe(productPlain(b));
  });

  it('strips whole tokens only: "server" inside "serverless" stays', () => {
    expect(productPlain('serverless')).toBe('serverless');
    expect(productPlain('mcpe')).toBe('mcpe');
  });

  it('a name of affixes only has no product part, and the namespace still compares', () => {
    expect(productLook('io.github.acme/mcp-server')).toBeUndefined();
    expect(termsOf('io.github.acme/mcp-server').map((t) => t.field)).toEqual(['namespace']);
  });

  it('namespaces drop the top-level and code-host labels', () => {
    const owner = (name: string) => termsOf(name).find((t) => t.pool === 'owner')?.plain;
    expect(owner('io.github.alice/x')).toBe('alice');
    expect(owner('com.alice/x')).toBe('alice');
    expect(owner('@alice/x')).toBe('alice');
    expect(owner('io.gitlab.alice-mcp/x')).toBe('alice');
    expect(termsOf('io.githu6.alice/x').find((t) => t.pool === 'owner')?.look).toBe('alice');
  });
});
