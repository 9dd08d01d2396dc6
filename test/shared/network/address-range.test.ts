import { describe, expect, it } from 'vitest';

import {
  checkDestination,
  classifyAddress,
  isPublicAddress,
} from '../../../src/shared/network/index.js';

describe('classifyAddress', () => {
  it('refuses every internal, special or unparseable address as a destination for a granted name', () => {
    const internal: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['100.127.255.255', 'carrierGradeNat'],
      ['169.254.169.254', 'linkLocal'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['255.255.255.255', 'broadcast'],
      ['224.0.0.1', 'multicast'],
      ['192.0.2.1', 'reserved'],
      ['198.51.100.7', 'reserved'],
      ['203.0.113.9', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'linkLocal'],
      ['fc00::1', 'uniqueLocal'],
      ['fd12:3456::1', 'uniqueLocal'],
      ['ff02::1', 'multicast'],
      ['2001:db8::1', 'reserved'],
      ['fec0::1', 'deprecatedSiteLocal'],
      ['64:ff9b::7f00:1', 'rfc6052'],
      ['2002:7f00:1::', '6to4'],
      ['::ffff:127.0.0.1', 'ipv4Mapped:loopback'],
      ['::ffff:7f00:1', 'ipv4Mapped:loopback'],
      ['::ffff:169.254.169.254', 'ipv4Mapped:linkLocal'],
      ['::ffff:10.0.0.1', 'ipv4Mapped:private'],
      ['::ffff:0.0.0.0', 'ipv4Mapped:unspecified'],
      // IPv4-compatible (::/96): ipaddr.js misreads the dotted form as mapped; both are refused.
      ['::127.0.0.1', 'ipv4Compatible'],
      ['::7f00:1', 'ipv4Compatible'],
      ['::8.8.8.8', 'ipv4Compatible'],
    ];
    for (const [address, range] of internal) {
      const result = classifyAddress(address);
      expect(result, address).toMatchObject({ ok: true, range });
      expect(isPublicAddress(address), address).toBe(false);
      expect(checkDestination(address, false).ok, address).toBe(false);
    }
  });

  it('reads decimal, octal and hex IPv4 forms as the address they denote (never as a name)', () => {
    const literals: [string, string, string][] = [
      ['2130706433', '127.0.0.1', 'loopback'],
      ['0177.0.0.1', '127.0.0.1', 'loopback'],
      ['0x7f000001', '127.0.0.1', 'loopback'],
      ['0x7f.1', '127.0.0.1', 'loopback'],
      ['127.1', '127.0.0.1', 'loopback'],
      ['0', '0.0.0.0', 'unspecified'],
      ['012.0.0.1', '10.0.0.1', 'private'],
      ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254', 'linkLocal'],
    ];
    for (const [input, address, range] of literals) {
      expect(classifyAddress(input), input).toMatchObject({ ok: true, address, range });
      expect(isPublicAddress(input), input).toBe(false);
    }
    // 010 is octal: 8.0.0.1, a public address, exactly as the C library reads it.
    expect(classifyAddress('010.0.0.1')).toMatchObject({ address: '8.0.0.1', range: 'unicast' });
  });

  it('refuses what is not an address at all', () => {
    for (const input of [
      '',
      'localhost',
      'example.com',
      '1.2.3.4.5',
      '::g',
      '256.1.1.1',
      '[::1]',
    ]) {
      expect(classifyAddress(input), input).toMatchObject({ ok: false, code: 'not-an-address' });
      expect(isPublicAddress(input), input).toBe(false);
      expect(checkDestination(input, true).ok, input).toBe(false);
    }
  });

  it('accepts public unicast, including its IPv4-mapped form', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '93.184.215.14',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
      expect(checkDestination(address, false), address).toEqual({ ok: true });
    }
  });
});

describe('checkDestination', () => {
  it('names the range in the refusal', () => {
    expect(checkDestination('169.254.169.254', false)).toEqual({
      ok: false,
      reason: '169.254.169.254 is a link-local address',
    });
    expect(checkDestination('::ffff:127.0.0.1', false)).toEqual({
      ok: false,
      reason: '::ffff:127.0.0.1 is the IPv4-mapped form of a loopback address',
    });
  });

  it('with private targets allowed, admits internal addresses but never non-destinations', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '::1', 'fd00::1', '169.254.169.254']) {
      expect(checkDestination(address, true), address).toEqual({ ok: true });
    }
    for (const address of [
      '0.0.0.0',
      '::',
      '255.255.255.255',
      '224.0.0.1',
      'ff02::1',
      '::ffff:0.0.0.0',
    ]) {
      expect(checkDestination(address, true).ok, address).toBe(false);
    }
  });
});
