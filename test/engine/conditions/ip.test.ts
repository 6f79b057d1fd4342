import { describe, expect, it } from 'vitest';
import { parseIpv4, parseIpv6, parseNetwork } from '../../../src/engine/conditions/ip.js';
import { test1 } from './helpers.js';

function v6(s: string): number[] | undefined {
  const out = new Uint32Array(4);
  return parseIpv6(s, 0, s.length, out) ? Array.from(out) : undefined;
}

describe('IP parsing', () => {
  it('parses dotted-quad IPv4', () => {
    expect(parseIpv4('192.0.2.1', 0, 9)).toBe(0xc0000201);
    expect(parseIpv4('255.255.255.255', 0, 15)).toBe(0xffffffff);
  });

  it('rejects malformed IPv4', () => {
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1..2.3', 'a.b.c.d', '1.2.3.4 ']) {
      expect(parseIpv4(bad, 0, bad.length), bad).toBe(-1);
    }
  });

  it('parses full and compressed IPv6', () => {
    expect(v6('2001:db8:0:0:0:0:0:1')).toEqual([0x20010db8, 0, 0, 1]);
    expect(v6('2001:DB8::1')).toEqual([0x20010db8, 0, 0, 1]);
    expect(v6('::')).toEqual([0, 0, 0, 0]);
    expect(v6('::1')).toEqual([0, 0, 0, 1]);
    expect(v6('fe80::')).toEqual([0xfe800000, 0, 0, 0]);
    expect(v6('1:2:3:4:5:6:7::')).toEqual([0x00010002, 0x00030004, 0x00050006, 0x00070000]);
  });

  it('parses an embedded IPv4 tail', () => {
    expect(v6('::ffff:192.0.2.1')).toEqual([0, 0, 0xffff, 0xc0000201]);
    expect(v6('64:ff9b::10.0.0.1')).toEqual([0x0064ff9b, 0, 0, 0x0a000001]);
  });

  it('rejects malformed IPv6', () => {
    for (const bad of ['1::2::3', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1',
      '1:2:3:4:5:6:7:8::', 'fe80::1%eth0', '1:', '::ffff:1.2.3', '1:2:3:4:5:6:7:1.2.3.4']) {
      expect(v6(bad), bad).toBeUndefined();
    }
  });

  it('maps an IPv4-mapped network of prefix 96 or more to an IPv4 network', () => {
    expect(parseNetwork('::ffff:10.0.0.0/104')).toEqual({ family: 4, words: [0x0a000000], masks: [0xff000000] });
  });

  it('masks host bits of a network', () => {
    expect(parseNetwork('10.1.2.3/8')?.words).toEqual([0x0a000000]);
  });

  it('rejects prefixes out of range', () => {
    expect(parseNetwork('10.0.0.0/33')).toBeUndefined();
    expect(parseNetwork('::/129')).toBeUndefined();
    expect(parseNetwork('10.0.0.0/')).toBeUndefined();
    expect(parseNetwork('10.0.0.0/-1')).toBeUndefined();
  });
});

describe('IpAddress / NotIpAddress', () => {
  it('matches an IPv4 address inside a CIDR block', () => {
    expect(test1('IpAddress', '203.0.113.0/24', '203.0.113.77')).toBe(true);
    expect(test1('IpAddress', '203.0.113.0/24', '203.0.114.1')).toBe(false);
  });

  it('treats a bare IPv4 address as /32', () => {
    expect(test1('IpAddress', '203.0.113.5', '203.0.113.5')).toBe(true);
    expect(test1('IpAddress', '203.0.113.5', '203.0.113.6')).toBe(false);
  });

  it('matches everything IPv4 with 0.0.0.0/0', () => {
    expect(test1('IpAddress', '0.0.0.0/0', '8.8.8.8')).toBe(true);
  });

  it('matches an IPv6 address inside a CIDR block, any spelling', () => {
    expect(test1('IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1')).toBe(true);
    expect(test1('IpAddress', '2001:db8:1234:5678::/64', '2001:db8:1234:5679::1')).toBe(false);
    expect(test1('IpAddress', '2001:db8::/33', '2001:db8:7fff::1')).toBe(true);
    expect(test1('IpAddress', '2001:db8::/33', '2001:db8:8000::1')).toBe(false);
  });

  it('treats a bare IPv6 address as /128', () => {
    expect(test1('IpAddress', '2001:db8::1', '2001:0db8:0:0:0:0:0:1')).toBe(true);
    expect(test1('IpAddress', '2001:db8::1', '2001:db8::2')).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 request against an IPv4 network', () => {
    expect(test1('IpAddress', '10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(test1('IpAddress', '::ffff:10.0.0.0/104', '10.1.2.3')).toBe(true);
  });

  it('does not mix IPv4 and IPv6 otherwise', () => {
    expect(test1('IpAddress', '::/0', '10.1.2.3')).toBe(false);
    expect(test1('IpAddress', '0.0.0.0/0', '2001:db8::1')).toBe(false);
  });

  it('is OR over a mixed list of networks', () => {
    expect(test1('IpAddress', ['192.0.2.0/24', '2001:db8::/32'], '2001:db8::5')).toBe(true);
  });

  it('NotIpAddress holds outside every network', () => {
    expect(test1('NotIpAddress', ['192.0.2.0/24', '10.0.0.0/8'], '8.8.8.8')).toBe(true);
    expect(test1('NotIpAddress', ['192.0.2.0/24', '10.0.0.0/8'], '10.9.9.9')).toBe(false);
  });

  it('a request value that is not an IP matches neither IpAddress nor NotIpAddress', () => {
    expect(test1('IpAddress', '0.0.0.0/0', 'localhost')).toBe(false);
    expect(test1('NotIpAddress', '10.0.0.0/8', 'localhost')).toBe(false);
    expect(test1('IpAddress', '0.0.0.0/0', '10.0.0.1/32')).toBe(false);
  });

  it('rejects a malformed policy network at compile time', () => {
    expect(() => test1('IpAddress', '10.0.0.0/40', '10.0.0.1')).toThrow(/not an IPv4 or IPv6/);
    expect(() => test1('NotIpAddress', '300.1.1.1', '10.0.0.1')).toThrow(/NotIpAddress/);
  });
});
