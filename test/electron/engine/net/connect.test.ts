import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConnectError,
  ConnectToError,
  Connector,
  formatEndpoint,
  normaliseAddress,
  parseConnectTo,
  parseHostPort,
} from '../../../../electron/engine/net/connect';

describe('parseConnectTo (curl --connect-to HOST1:PORT1:HOST2:PORT2)', () => {
  it.each([
    ['mail.firma.cz:25:127.0.0.1:2525', { fromHost: 'mail.firma.cz', fromPort: 25, toAddress: '127.0.0.1', toPort: 2525 }],
    ['MAIL.Firma.CZ.:25:127.0.0.1:2525', { fromHost: 'mail.firma.cz', fromPort: 25, toAddress: '127.0.0.1', toPort: 2525 }],
    ['[::1]:25:[::1]:2525', { fromHost: '::1', fromPort: 25, toAddress: '::1', toPort: 2525 }],
    ['[2001:DB8::0001]:25:[::1]:2525', { fromHost: '2001:db8::1', fromPort: 25, toAddress: '::1', toPort: 2525 }],
    ['192.0.2.1:25:127.0.0.2:', { fromHost: '192.0.2.1', fromPort: 25, toAddress: '127.0.0.2' }],
    // Empty fields: any host / any port on the left, keep the original on the right.
    ['mail.firma.cz::127.0.0.1:', { fromHost: 'mail.firma.cz', toAddress: '127.0.0.1' }],
    [':25::2525', { fromHost: '', fromPort: 25, toPort: 2525 }],
  ])('%s', (spec, rule) => {
    expect(parseConnectTo(spec)).toEqual(rule);
  });

  it.each([
    ['mail.firma.cz:25', /expected HOST:PORT:ADDR:PORT/],
    ['mail.firma.cz:25:127.0.0.1:2525:9', /expected/],
    ['mail.firma.cz:25:mail.other.cz:2525', /must be an IP address/],
    ['mail.firma.cz:25:::1:2525', /expected/],
    ['mail.firma.cz:99999:127.0.0.1:25', /not 1–65535/],
    ['mail.firma.cz:25:127.0.0.1:0', /not 1–65535/],
    ['mail firma:25:127.0.0.1:25', /not a host name/],
    ['[1:2:3]:25:127.0.0.1:25', /not an IPv6 address/],
    ['[mail.firma.cz]:25:127.0.0.1:25', /expected/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseConnectTo(spec)).toThrow(ConnectToError);
    expect(() => parseConnectTo(spec)).toThrow(message);
  });
});

describe('parseHostPort', () => {
  it.each([
    ['gmail-smtp-in.l.google.com', { host: 'gmail-smtp-in.l.google.com', port: 25 }],
    ['MX.Example.Org.:2525', { host: 'mx.example.org', port: 2525 }],
    ['127.0.0.1:2525', { host: '127.0.0.1', port: 2525 }],
    ['[::1]:25', { host: '::1', port: 25 }],
    ['[::1]', { host: '::1', port: 25 }],
  ])('%s', (spec, expected) => expect(parseHostPort(spec, 25)).toEqual(expected));

  it.each([['not a host'], ['::1'], ['mx:0'], ['mx.example.org:70000'], ['[mx.example.org]'], ['single-label']])('rejects %s', (spec) => {
    expect(() => parseHostPort(spec, 25)).toThrow(RangeError);
  });
});

describe('addresses', () => {
  it('normalises IPv6 text and formats endpoints', () => {
    expect(normaliseAddress('2001:DB8:0::0001')).toBe('2001:db8::1');
    expect(normaliseAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(formatEndpoint('::1', 25)).toBe('[::1]:25');
    expect(formatEndpoint('127.0.0.1', 25)).toBe('127.0.0.1:25');
  });
});

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(
  host = '127.0.0.1',
  onConnection: (s: net.Socket) => void = () => {},
): Promise<{ server: net.Server; port: number; accepted: net.Socket[] }> {
  const accepted: net.Socket[] = [];
  const server = net.createServer((s) => {
    accepted.push(s);
    sockets.push(s);
    s.on('error', () => {});
    onConnection(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, port: (server.address() as net.AddressInfo).port, accepted };
}

async function closedPort(host = '127.0.0.1'): Promise<number> {
  const { server, port } = await listen(host);
  await new Promise((r) => server.close(r));
  servers.splice(servers.indexOf(server), 1);
  return port;
}

describe('Connector', () => {
  it('applies connect-to rules: address rules win over host rules, the port must match (like curl)', () => {
    const c = new Connector({
      connectTo: ['mail.firma.cz:25:127.0.0.2:2525', '[::1]:25:[::1]:2526', '192.0.2.9::127.0.0.9:'].map(parseConnectTo),
    });
    expect(c.target('mail.firma.cz', '192.0.2.1', 25)).toMatchObject({ address: '127.0.0.2', port: 2525 });
    expect(c.target('MAIL.FIRMA.CZ.', '192.0.2.1', 25)).toMatchObject({ address: '127.0.0.2', port: 2525 });
    expect(c.target('mail.firma.cz', '::1', 25)).toMatchObject({ address: '::1', port: 2526 });
    expect(c.target('mail.firma.cz', '192.0.2.1', 465)).toEqual({ address: '192.0.2.1', port: 465 });
    expect(c.target('other.cz', '192.0.2.9', 587)).toMatchObject({ address: '127.0.0.9', port: 587 });
    expect(c.target('other.cz', '192.0.2.10', 25)).toEqual({ address: '192.0.2.10', port: 25 });
  });

  it('connects through a rule and reports connections per real address', async () => {
    const { port } = await listen('127.0.0.3');
    const c = new Connector({ connectTo: [parseConnectTo(`mail.firma.cz:25:127.0.0.3:${port}`)] });
    const socket = await c.connect({ host: 'mail.firma.cz', address: '192.0.2.1', port: 25 });
    sockets.push(socket);
    expect([socket.remoteAddress, socket.remotePort]).toEqual(['127.0.0.3', port]);
    expect(c.stats()).toEqual([{ address: '127.0.0.3', connections: 1, peakConcurrent: 1 }]);
  });

  it('keeps at most N connections open per address; the next waits until one closes', async () => {
    const { port, accepted } = await listen('127.0.0.4');
    const c = new Connector({ maxPerAddress: 2 });
    const req = { host: 'h', address: '127.0.0.4', port };
    const a = await c.connect(req);
    const b = await c.connect(req);
    sockets.push(a, b);
    let thirdOpen = false;
    const third = c.connect(req).then((s) => {
      thirdOpen = true;
      sockets.push(s);
      return s;
    });
    await vi.waitFor(() => expect(accepted).toHaveLength(2));
    // Nothing is to happen now: give a third connection time to show up if the limit let it through.
    await new Promise((r) => setTimeout(r, 100));
    expect(thirdOpen).toBe(false);
    expect(accepted).toHaveLength(2);
    a.destroy();
    await third;
    expect(thirdOpen).toBe(true);
    expect(c.stats()).toEqual([{ address: '127.0.0.4', connections: 3, peakConcurrent: 2 }]);
  });

  it('limits per address, not globally', async () => {
    const one = await listen('127.0.0.5');
    const two = await listen('127.0.0.6');
    const c = new Connector({ maxPerAddress: 1 });
    const a = await c.connect({ host: 'h', address: '127.0.0.5', port: one.port });
    const b = await c.connect({ host: 'h', address: '127.0.0.6', port: two.port });
    sockets.push(a, b);
    expect(c.stats().map((s) => s.connections)).toEqual([1, 1]);
  });

  it('a refused connection is a typed error and frees its slot', async () => {
    const port = await closedPort('127.0.0.7');
    const c = new Connector({ maxPerAddress: 1 });
    for (let i = 0; i < 3; i++) {
      const error = await c.connect({ host: 'h', address: '127.0.0.7', port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect(error).toMatchObject({ problem: 'refused', code: 'ECONNREFUSED', endpoint: `127.0.0.7:${port}` });
    }
  });

  it('aborting destroys an open socket and cancels a wait for a slot', async () => {
    const { port } = await listen('127.0.0.8');
    const c = new Connector({ maxPerAddress: 1 });
    const controller = new AbortController();
    const socket = await c.connect({ host: 'h', address: '127.0.0.8', port, signal: controller.signal });
    const waiting = c.connect({ host: 'h', address: '127.0.0.8', port, signal: controller.signal }).catch((e: unknown) => e);
    const closed = new Promise((r) => socket.once('close', r));
    controller.abort();
    await closed;
    expect(socket.destroyed).toBe(true);
    expect(await waiting).toMatchObject({ problem: 'aborted' });
    // The slot came back.
    const again = await c.connect({ host: 'h', address: '127.0.0.8', port });
    sockets.push(again);
  });

  it("the connector's own signal (the assessment's cancellation) reaches every socket", async () => {
    const { port } = await listen('127.0.0.9');
    const controller = new AbortController();
    const c = new Connector({ signal: controller.signal });
    const socket = await c.connect({ host: 'h', address: '127.0.0.9', port });
    const closed = new Promise((r) => socket.once('close', r));
    controller.abort();
    await closed;
    await expect(c.connect({ host: 'h', address: '127.0.0.9', port })).rejects.toMatchObject({ problem: 'aborted' });
  });

  it('bind() adds signals for every connection (the runner passes the check signal)', async () => {
    const { port } = await listen('127.0.0.10');
    const controller = new AbortController();
    const connect = new Connector().bind(controller.signal);
    const socket = await connect({ host: 'h', address: '127.0.0.10', port });
    const closed = new Promise((r) => socket.once('close', r));
    controller.abort();
    await closed;
  });

  it('after pause (a 421), new connections to that server fail fast as rate-limited', async () => {
    const { port, accepted } = await listen('127.0.0.11');
    const c = new Connector({ connectTo: [parseConnectTo(`mx.firma.cz:25:127.0.0.11:${port}`)] });
    c.connect.pause({ host: 'mx.firma.cz', address: '192.0.2.1', port: 25 }, 60_000);
    await expect(c.connect({ host: 'mx.firma.cz', address: '192.0.2.1', port: 25 })).rejects.toMatchObject({ problem: 'rate_limited' });
    expect(accepted).toHaveLength(0);
    // Another server is not affected.
    const other = await listen('127.0.0.12');
    sockets.push(await c.connect({ host: 'other', address: '127.0.0.12', port: other.port }));
  });

  it('a connection waiting for its slot when the 421 arrives does not go through', async () => {
    const { port, accepted } = await listen('127.0.0.13');
    const c = new Connector({ maxPerAddress: 1 });
    const first = await c.connect({ host: 'h', address: '127.0.0.13', port });
    const queued = c.connect({ host: 'h', address: '127.0.0.13', port }).catch((e: unknown) => e);
    c.connect.pause({ host: 'h', address: '127.0.0.13', port }, 60_000);
    first.destroy();
    expect(await queued).toMatchObject({ problem: 'rate_limited' });
    expect(accepted).toHaveLength(1);
  });

  it('rejects an address that is not an IP', async () => {
    await expect(new Connector().connect({ host: 'h', address: 'mail.firma.cz', port: 25 })).rejects.toMatchObject({ problem: 'network' });
  });

  it('connects over IPv6 loopback', async () => {
    const { port } = await listen('::1');
    const socket = await new Connector().connect({ host: 'h', address: '::1', port });
    sockets.push(socket);
    expect(socket.remoteFamily).toBe('IPv6');
  });
});
