import { describe, expect, it } from 'vitest';

import {
  isLoopbackHost,
  parseListenAddress,
  urlHost,
} from '../../../../../src/operation/gateway/downstream/http/listen-address.js';
import { UsageError } from '../../../../../src/shared/errors/index.js';

describe('parseListenAddress', () => {
  it.each([
    ['8808', /expected HOST:PORT/],
    ['127.0.0.1', /expected HOST:PORT/],
    [':8808', /expected HOST:PORT/],
    ['127.0.0.1:', /expected HOST:PORT/],
    ['127.0.0.1:80a', /expected HOST:PORT/],
    ['127.0.0.1:123456', /expected HOST:PORT/],
    ['::1:8808', /expected HOST:PORT/],
    ['[::1]8808', /expected HOST:PORT/],
    ['127.0.0.1:65536', /port 65536 is above 65535/],
    ['[localhost]:8808', /"localhost" is not an IPv6 address/],
    ['[127.0.0.1]:8808', /is not an IPv6 address/],
  ])('refuses %j with a usage error', (value, message) => {
    expect(() => parseListenAddress(value)).toThrow(UsageError);
    expect(() => parseListenAddress(value)).toThrow(message);
  });

  it.each([
    ['127.0.0.1:8808', { host: '127.0.0.1', port: 8808, loopback: true }],
    ['  localhost:0 ', { host: 'localhost', port: 0, loopback: true }],
    ['LOCALHOST:1', { host: 'localhost', port: 1, loopback: true }],
    ['[::1]:8808', { host: '::1', port: 8808, loopback: true }],
    ['127.8.9.10:65535', { host: '127.8.9.10', port: 65535, loopback: true }],
    ['0.0.0.0:8808', { host: '0.0.0.0', port: 8808, loopback: false }],
    ['[::]:8808', { host: '::', port: 8808, loopback: false }],
    ['192.168.1.5:80', { host: '192.168.1.5', port: 80, loopback: false }],
    ['gateway.example.com:443', { host: 'gateway.example.com', port: 443, loopback: false }],
  ])('parses %j', (value, expected) => {
    expect(parseListenAddress(value)).toEqual(expected);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '128.0.0.1',
    '::ffff:127.0.0.1',
    'localhost.example.com',
    '127.0.0.1.nip.io',
    '',
  ])('treats %j as reachable from other machines', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it.each(['localhost', '127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1'])(
    'treats %j as loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );
});

describe('urlHost', () => {
  it('brackets IPv6 addresses only', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('localhost')).toBe('localhost');
  });
});
