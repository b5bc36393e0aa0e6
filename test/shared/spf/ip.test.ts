import { describe, expect, it } from 'vitest';
import { dottedIp, formatIp, inCidr, parseIPv4, parseIPv6, parseIp, reverseName, unmapIPv4 } from '../../../shared/spf/ip';

describe('parseIPv4 (RFC 7208 §4.6.1 ip4-network)', () => {
  const cases: [string, number[] | undefined][] = [
    ['192.0.2.1', [192, 0, 2, 1]],
    ['0.0.0.0', [0, 0, 0, 0]],
    ['255.255.255.255', [255, 255, 255, 255]],
    ['256.0.0.1', undefined],
    ['192.0.2', undefined],
    ['192.0.2.01', undefined],
    ['192.0.2.1.5', undefined],
    ['192.0.2.a', undefined],
    ['', undefined],
  ];
  it.each(cases)('%s', (text, bytes) => {
    expect(parseIPv4(text)?.bytes).toEqual(bytes);
  });
});

describe('parseIPv6 (RFC 4291 §2.2) and formatIp (RFC 5952 §4)', () => {
  const cases: [string, string | undefined][] = [
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['CAFE:BABE::192.168.218.40', 'cafe:babe::c0a8:da28'],
    ['::ffff:1.2.3.4', '::ffff:102:304'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    [':CAFE::BABE', undefined],
    ['1::2::3', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1:2:3:4:5:6:7', undefined],
    ['12345::1', undefined],
    ['1.2.3.4::', undefined],
    ['fe80::1%eth0', undefined],
  ];
  it.each(cases)('%s', (text, formatted) => {
    const ip = parseIPv6(text);
    expect(ip ? formatIp(ip) : undefined).toBe(formatted);
  });
});

describe('CIDR matching and IPv4-mapped addresses', () => {
  const cases: [string, string, string, number, boolean][] = [
    ['§5.6 /32 exact', '192.0.2.1', '192.0.2.1', 32, true],
    ['§5.6 /24 inside', '192.0.2.200', '192.0.2.0', 24, true],
    ['§5.6 /24 outside', '192.0.3.1', '192.0.2.0', 24, false],
    ['§5.6 /0 matches everything of the family', '203.0.113.9', '1.1.1.1', 0, true],
    ['§5.6 /31 odd boundary', '192.0.2.3', '192.0.2.2', 31, true],
    ['§5.6 /33 on IPv6', 'cafe:babe:8000::', 'cafe:babe:8000::', 33, true],
    ['§5.6 /33 on IPv6 outside', 'cafe:babe:4000::', 'cafe:babe:8000::', 33, false],
    ['§5 an IPv4 client never matches an IPv6 network', '1.2.3.4', '::', 0, false],
  ];
  it.each(cases)('%s', (_, ip, net, prefix, expected) => {
    expect(inCidr(parseIp(ip)!, parseIp(net)!, prefix)).toBe(expected);
  });

  it('§5: an IPv4-mapped IPv6 client is treated as IPv4', () => {
    const ip = unmapIPv4(parseIp('::FFFF:1.2.3.4')!);
    expect(ip).toEqual({ version: 4, bytes: [1, 2, 3, 4] });
    expect(unmapIPv4(parseIp('2001:db8::1')!).version).toBe(6);
  });
});

describe('reverse names and the i macro form', () => {
  it('RFC 1035 §3.5 in-addr.arpa and RFC 3596 §2.5 ip6.arpa', () => {
    expect(reverseName(parseIp('192.0.2.3')!)).toBe('3.2.0.192.in-addr.arpa');
    expect(reverseName(parseIp('2001:db8::cb01')!)).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(dottedIp(parseIp('192.0.2.3')!)).toBe('192.0.2.3');
  });
});
