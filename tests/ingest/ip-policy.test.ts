import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { classifyAddress, createAddressPolicy, isBlockedAddress } from '../../src/ingest/ip-policy.js';

const BLOCKED: Array<[string, string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'cloud metadata (link-local)'],
  ['169.254.0.1', 'link-local'],
  ['100.64.0.1', 'CGNAT'],
  ['100.127.255.255', 'CGNAT'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'this network'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.10', 'TEST-NET-1'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.51.100.7', 'TEST-NET-2'],
  ['203.0.113.9', 'TEST-NET-3'],
  ['::1', 'IPv6 loopback'],
  ['::', 'IPv6 unspecified'],
  ['fe80::1', 'IPv6 link-local'],
  ['febf::1', 'IPv6 link-local upper end'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['ff02::1', 'IPv6 multicast'],
  ['2001:db8::1', 'documentation'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
  ['::ffff:10.1.2.3', 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::8.8.8.8', 'IPv4-compatible (deprecated)'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
  ['64:ff9b:1::a00:1', 'local-use NAT64'],
  ['2002:7f00:1::1', '6to4 of loopback'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['not-an-ip', 'not an address'],
  ['0x7f000001', 'hex spelling (never produced by URL parsing, refused anyway)'],
  ['2130706433', 'decimal spelling'],
  ['0177.0.0.1', 'octal spelling'],
  ['127.1', 'short spelling'],
];

const ALLOWED = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '103.10.66.10',
  '172.15.255.255',
  '172.32.0.1',
  '100.63.255.255',
  '100.128.0.1',
  '169.253.255.255',
  '198.17.255.255',
  '198.20.0.1',
  '11.0.0.1',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80e::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
];

describe('ip policy', () => {
  it.each(BLOCKED)('refuses %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each(ALLOWED)('accepts the public address %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });

  it('names the range of a refused address, looking through IPv4-mapped and NAT64 forms', () => {
    expect(classifyAddress('169.254.169.254')).toBe('linkLocal');
    expect(classifyAddress('100.64.0.1')).toBe('carrierGradeNat');
    expect(classifyAddress('::ffff:7f00:1')).toBe('loopback (IPv4-mapped)');
    expect(classifyAddress('64:ff9b::a00:1')).toBe('private (NAT64)');
    expect(classifyAddress('2002:7f00:1::1')).toBe('6to4');
    expect(classifyAddress('[::1]')).toBe('loopback');
    expect(classifyAddress('8.8.8.8')).toBe('unicast');
  });

  it('exempts exactly the allowed address and nothing next to it', () => {
    const policy = createAddressPolicy(['127.0.0.1']);
    expect(policy.isBlocked('127.0.0.1')).toBe(false);
    expect(policy.check('127.0.0.1')).toEqual({ blocked: false, range: 'allowed' });
    expect(policy.isBlocked('127.0.0.2')).toBe(true);
    expect(policy.isBlocked('::1')).toBe(true);
    expect(policy.isBlocked('10.0.0.1')).toBe(true);
  });

  it('applies an allowed IPv4 address to its IPv4-mapped IPv6 form too', () => {
    const policy = createAddressPolicy(['127.0.0.1']);
    expect(policy.isBlocked('::ffff:127.0.0.1')).toBe(false);
    expect(policy.isBlocked('::ffff:127.0.0.2')).toBe(true);
  });

  it('supports CIDR ranges in the allow list, for both families', () => {
    const policy = createAddressPolicy(['10.0.0.0/8', 'fd00::/8', ' 192.168.1.0/24 ']);
    expect(policy.isBlocked('10.20.30.40')).toBe(false);
    expect(policy.isBlocked('fd00:1::5')).toBe(false);
    expect(policy.isBlocked('192.168.1.77')).toBe(false);
    expect(policy.isBlocked('192.168.2.1')).toBe(true);
    expect(policy.isBlocked('fc00::1')).toBe(true);
    expect(policy.isBlocked('172.16.0.1')).toBe(true);
  });

  it('never blocks a public address because of the allow list', () => {
    expect(createAddressPolicy(['10.0.0.0/8']).isBlocked('8.8.8.8')).toBe(false);
  });

  it.each(['localhost', '10.0.0.0/33', '::1/129', '10.0.0.0/', '10.0.0.0/8x', '0x7f000001', '127.1', '', '1.2.3.4/-1'])(
    'rejects the malformed allow-list entry "%s" with CONFIG_INVALID naming it',
    (entry) => {
      let caught: unknown;
      try {
        createAddressPolicy(['127.0.0.1', entry]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('CONFIG_INVALID');
      expect((caught as AppError).message).toContain(`"${entry}"`);
    },
  );
});
