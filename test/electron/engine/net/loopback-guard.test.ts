import { afterEach, describe, expect, it } from 'vitest';
import { assertDestinationAllowed, isLoopbackAddress } from '../../../../electron/engine/net/loopback-guard';
import { Connector } from '../../../../electron/engine/net/connect';
import { DnsClient } from '../../../../electron/engine/net/dns-client';

describe('loopback guard', () => {
  const saved = process.env.MAILAUDIT_LOOPBACK_ONLY;
  afterEach(() => {
    process.env.MAILAUDIT_LOOPBACK_ONLY = saved;
  });

  it.each([
    ['127.0.0.1', true],
    ['127.0.20.5', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['10.0.0.1', false],
    ['192.0.2.1', false],
    ['2001:db8::1', false],
    ['::', false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it('is on for the test suite and blocks other addresses in the DNS client and the connector', async () => {
    expect(process.env.MAILAUDIT_LOOPBACK_ONLY).toBe('1');
    expect(() => assertDestinationAllowed('192.0.2.1')).toThrow(/refusing to contact 192\.0\.2\.1/);
    const client = new DnsClient({ servers: [{ host: '192.0.2.53', port: 53 }], timeoutMs: 200 });
    await expect(client.query('firma.cz', 'MX')).rejects.toThrow(/refusing to contact/);
    const connector = new Connector({});
    await expect(connector.connect({ host: 'mx.firma.cz', address: '192.0.2.25', port: 25 })).rejects.toThrow(/refusing to contact/);
  });

  it('does nothing when the variable is not set', () => {
    delete process.env.MAILAUDIT_LOOPBACK_ONLY;
    expect(() => assertDestinationAllowed('192.0.2.1')).not.toThrow();
  });
});
