/**
 * The two network settings the CLI and the app take as text, `--connect-to HOST:PORT:ADDR:PORT`
 * and `--port25-reference HOST[:PORT]`, each read by one parser (electron/engine/net/connect.ts)
 * over one grammar: IPv6 literals in brackets, ports 1–65535, host names validated as domain
 * names, and an ADDR that must be an IP address (no system DNS is ever used for it).
 */
import { describe, expect, it } from 'vitest';
import { ConnectToError, parseConnectTo, parseHostPort, type ConnectToRule } from '../../../../electron/engine/net/connect';

describe('--connect-to (curl: HOST1:PORT1:HOST2:PORT2)', () => {
  it.each<[string, ConnectToRule]>([
    ['mail.firma.cz:25:127.0.0.1:2525', { fromHost: 'mail.firma.cz', fromPort: 25, toAddress: '127.0.0.1', toPort: 2525 }],
    // Names compare case-insensitively without the root dot (RFC 4343, RFC 1034 §3.1).
    ['MAIL.Firma.CZ.:25:127.0.0.1:2525', { fromHost: 'mail.firma.cz', fromPort: 25, toAddress: '127.0.0.1', toPort: 2525 }],
    // An IDN host is matched by its A-label, the form the engine connects by (RFC 5891).
    ['pošta.firma.cz:25:127.0.0.1:25', { fromHost: 'xn--pota-h6a.firma.cz', fromPort: 25, toAddress: '127.0.0.1', toPort: 25 }],
    // A one-label name such as localhost may be meant, as in curl.
    ['localhost:25:127.0.0.1:2525', { fromHost: 'localhost', fromPort: 25, toAddress: '127.0.0.1', toPort: 2525 }],
    // IPv6 in brackets (RFC 3986 §3.2.2), normalised so rules and addresses compare equal (RFC 5952).
    ['[::1]:25:[::1]:2525', { fromHost: '::1', fromPort: 25, toAddress: '::1', toPort: 2525 }],
    ['[2001:DB8::0001]:25:[2001:db8:0:0::2]:2525', { fromHost: '2001:db8::1', fromPort: 25, toAddress: '2001:db8::2', toPort: 2525 }],
    ['[::ffff:127.0.0.1]:25:127.0.0.1:25', { fromHost: '::ffff:7f00:1', fromPort: 25, toAddress: '127.0.0.1', toPort: 25 }],
    ['192.0.2.1:25:127.0.0.2:', { fromHost: '192.0.2.1', fromPort: 25, toAddress: '127.0.0.2' }],
    // Empty fields: any host / any port on the left, keep the original on the right.
    ['mail.firma.cz::127.0.0.1:', { fromHost: 'mail.firma.cz', toAddress: '127.0.0.1' }],
    [':25::2525', { fromHost: '', fromPort: 25, toPort: 2525 }],
    // Ports at both ends of the range.
    ['mail.firma.cz:1:127.0.0.1:65535', { fromHost: 'mail.firma.cz', fromPort: 1, toAddress: '127.0.0.1', toPort: 65535 }],
    ['  mail.firma.cz:25:127.0.0.1:2525\n', { fromHost: 'mail.firma.cz', fromPort: 25, toAddress: '127.0.0.1', toPort: 2525 }],
  ])('accepts %j', (spec, rule) => {
    expect(parseConnectTo(spec)).toEqual(rule);
  });

  it.each<[string, RegExp]>([
    ['mail.firma.cz:25', /expected HOST:PORT:ADDR:PORT/],
    ['mail.firma.cz:25:127.0.0.1:2525:9', /expected/],
    ['', /expected/],
    // ADDR is an IP address: a name would need the system's DNS.
    ['mail.firma.cz:25:mail.other.cz:2525', /"mail\.other\.cz" must be an IP address/],
    ['mail.firma.cz:25:127.0.0.1.:2525', /must be an IP address/],
    ['mail.firma.cz:25:127.000.0.1:2525', /must be an IP address/],
    // IPv6 only in brackets, and brackets only for IPv6.
    ['mail.firma.cz:25:::1:2525', /expected/],
    ['::1:25:127.0.0.1:25', /expected/],
    ['mail.firma.cz:25:[127.0.0.1]:2525', /"\[127\.0\.0\.1\]" is not an IPv6 address/],
    ['[1:2:3]:25:127.0.0.1:25', /not an IPv6 address/],
    ['[mail.firma.cz]:25:127.0.0.1:25', /expected/],
    ['[::1:25:127.0.0.1:25', /expected/],
    // Ports: 1–65535, digits only.
    ['mail.firma.cz:0:127.0.0.1:25', /port 0 is not 1–65535/],
    ['mail.firma.cz:25:127.0.0.1:65536', /port 65536 is not 1–65535/],
    ['mail.firma.cz:99999:127.0.0.1:25', /not 1–65535/],
    ['mail.firma.cz:-1:127.0.0.1:25', /expected/],
    ['mail.firma.cz:25:127.0.0.1:25a', /expected/],
    // HOST is a valid host name or an IP address (RFC 1035 §2.3.1, RFC 3696 §2).
    ['mail firma:25:127.0.0.1:25', /not a host name or IP address/],
    ['mail.firma.cz :25:127.0.0.1:25', /not a host name/],
    ['mail..firma.cz:25:127.0.0.1:25', /not a host name/],
    ['-mail.firma.cz:25:127.0.0.1:25', /not a host name/],
    ['mail_1.firma.cz:25:127.0.0.1:25', /not a host name/],
    [`${'a'.repeat(64)}.firma.cz:25:127.0.0.1:25`, /not a host name/],
    // Not an IPv4 address, and not a name either: the top-level label is all digits.
    ['256.1.1.1:25:127.0.0.1:25', /not a host name or IP address/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseConnectTo(spec)).toThrow(ConnectToError);
    expect(() => parseConnectTo(spec)).toThrow(message);
  });
});

describe('--port25-reference (HOST[:PORT], default port 25)', () => {
  it.each<[string, { host: string; port: number }]>([
    ['gmail-smtp-in.l.google.com', { host: 'gmail-smtp-in.l.google.com', port: 25 }],
    ['MX.Example.Org.:2525', { host: 'mx.example.org', port: 2525 }],
    ['pošta.firma.cz', { host: 'xn--pota-h6a.firma.cz', port: 25 }],
    ['127.0.0.1:2525', { host: '127.0.0.1', port: 2525 }],
    ['[::1]:25', { host: '::1', port: 25 }],
    ['[::1]', { host: '::1', port: 25 }],
    ['[2001:db8::0001]:587', { host: '2001:db8::1', port: 587 }],
    ['mx.example.org:1', { host: 'mx.example.org', port: 1 }],
    ['mx.example.org:65535', { host: 'mx.example.org', port: 65535 }],
  ])('accepts %j', (spec, expected) => {
    expect(parseHostPort(spec, 25)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['', /not HOST\[:PORT\]/],
    [':25', /not HOST\[:PORT\]/],
    ['mx.example.org:', /not HOST\[:PORT\]/],
    ['mx.example.org:25:26', /not HOST\[:PORT\]/],
    // IPv6 only in brackets, and brackets only for IPv6.
    ['::1', /not HOST\[:PORT\]/],
    ['[127.0.0.1]:25', /not an IPv6 address/],
    ['[1:2:3]', /not an IPv6 address/],
    ['[mx.example.org]', /not HOST\[:PORT\]/],
    // Ports: 1–65535.
    ['mx.example.org:0', /port 0 is not 1–65535/],
    ['mx.example.org:70000', /port 70000 is not 1–65535/],
    // A mail server reachable from anywhere has a name of at least two labels.
    ['single-label', /not a host name/],
    ['mx:2525', /not a host name/],
    ['not a host', /not a host name/],
    ['mx..example.org', /not a host name/],
    ['1.2.3.999', /not a host name or IP address/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseHostPort(spec, 25)).toThrow(RangeError);
    expect(() => parseHostPort(spec, 25)).toThrow(message);
  });
});
