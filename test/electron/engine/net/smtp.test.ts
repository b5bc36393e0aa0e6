/**
 * The SMTP conversation against real servers on loopback: scripted ones for each misbehaviour,
 * and the lab SMTP server for the TLS upgrade.
 */
import { rm } from 'node:fs/promises';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Connector } from '../../../../electron/engine/net/connect';
import { StreamError } from '../../../../electron/engine/net/line-reader';
import {
  StartTlsUnavailableError,
  negotiateStartTls,
  probeSmtpStartTls,
  smtpStartTlsOpener,
  type SmtpProbe,
} from '../../../../electron/engine/net/smtp';
import { createLabCa, labKey, type LabCa } from '../../../lab/ca';
import { startSmtpServer, type LabSmtpServer } from '../../../lab/smtp-server';
import { greetAndEhlo, scriptedServer, type ScriptIo, type ScriptedServer } from '../../../support/scripted-server';

const servers: ScriptedServer[] = [];
const labServers: LabSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(labServers.splice(0).map((s) => s.close()));
});

async function scripted(script: (io: ScriptIo) => Promise<void> | void): Promise<ScriptedServer> {
  const s = await scriptedServer(script);
  servers.push(s);
  return s;
}

const probe = (port: number, options: Parameters<typeof probeSmtpStartTls>[2] = {}, connector = new Connector()) =>
  probeSmtpStartTls(
    connector.connect,
    { host: 'mx.firma.test', address: '127.0.0.1', port },
    { replyTimeoutMs: 1_000, greetingTimeoutMs: 1_000, ...options },
  );

function expectKind<K extends SmtpProbe['kind']>(p: SmtpProbe, kind: K): Extract<SmtpProbe, { kind: K }> {
  expect(p.kind, JSON.stringify(p)).toBe(kind);
  return p as Extract<SmtpProbe, { kind: K }>;
}

let ca: LabCa;
const key = labKey({ type: 'ec', curve: 'P-256' });
beforeAll(async () => {
  ca = await createLabCa();
});
afterAll(() => rm(ca.dir, { recursive: true, force: true }));

describe('STARTTLS negotiation (RFC 3207)', () => {
  it('reads multi-line replies, parses EHLO extensions and stops right after 220 with a socket ready for TLS', async () => {
    const lab = await startSmtpServer({
      hostname: 'mx.firma.test',
      tls: { key: key.pem, cert: ca.issue({ commonName: 'mx.firma.test', key }).chain },
    });
    labServers.push(lab);
    const p = expectKind(await probe(lab.port), 'ready');
    expect(p.session.greeting).toEqual({ code: 220, lines: ['mx.firma.test ESMTP MailAudit lab'] });
    expect(p.session.extensions).toEqual(['PIPELINING', 'SIZE 36700160', 'STARTTLS', '8BITMIME', 'ENHANCEDSTATUSCODES']);
    expect(p.session.starttls?.code).toBe(220);
    expect(p.unexpectedBytes).toBe(0);
    expect(p.endpoint).toBe(`127.0.0.1:${lab.port}`);
    // Handed over clean: paused, none of our listeners left.
    expect(p.socket.isPaused()).toBe(true);
    expect(p.socket.listenerCount('data')).toBe(0);
    // A TLS handshake can follow on the same socket.
    const secure = tls.connect({ socket: p.socket, servername: 'mx.firma.test', ca: [ca.root.pem] });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', reject);
    });
    expect(secure.authorized).toBe(true);
    secure.destroy();
    expect(lab.commands).toEqual(['EHLO', 'STARTTLS']);
  });

  it('sends EHLO with the local address literal by default (RFC 5321 §4.1.3), or the configured name', async () => {
    const s = await scripted(async (io) => {
      await greetAndEhlo(io, ['SIZE 1000']);
      await io.line();
      io.send('221 bye\r\n');
      io.socket.end();
    });
    expectKind(await probe(s.port), 'not_offered');
    expectKind(await probe(s.port, { heloName: 'scanner.firma.test' }), 'not_offered');
    expect(s.heard).toEqual(['EHLO [127.0.0.1]', 'QUIT', 'EHLO scanner.firma.test', 'QUIT']);
  });

  it('without STARTTLS among the extensions: not offered, and QUIT politely (RFC 5321 §4.1.1.10)', async () => {
    const s = await scripted(async (io) => {
      await greetAndEhlo(io, ['PIPELINING', '8BITMIME']);
      expect(await io.line()).toBe('QUIT');
      io.send('221 2.0.0 Bye\r\n');
      io.socket.end();
    });
    const p = expectKind(await probe(s.port), 'not_offered');
    expect(p.session.extensions).toEqual(['PIPELINING', '8BITMIME']);
    expect(p.session.transcript).toEqual([
      'S: 220-mx.firma.test ESMTP',
      'S: 220 second greeting line',
      'C: EHLO [127.0.0.1]',
      'S: 250-mx.firma.test',
      'S: 250-PIPELINING',
      'S: 250 8BITMIME',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
  });

  it('falls back to HELO when EHLO is refused with 5xx (RFC 5321 §3.2)', async () => {
    const lab = await startSmtpServer({ hostname: 'old.firma.test', noEhlo: true });
    labServers.push(lab);
    const p = expectKind(await probe(lab.port), 'not_offered');
    expect(p.session.ehlo?.code).toBe(502);
    expect(p.session.helo?.code).toBe(250);
    expect(lab.commands).toEqual(['EHLO', 'HELO', 'QUIT']);
  });

  it.each([
    ['454 4.7.0 TLS not available due to local problem', 'temporarily_refused', true],
    ['501 5.5.4 Syntax error', 'refused', true],
    ['502 5.5.1 Not implemented', 'refused', true],
    ['421 4.7.0 Too many TLS sessions', 'rate_limited', false],
    ['250 OK', 'unexpected', true],
  ] as const)('STARTTLS answered %j → %s', async (answer, problem, quits) => {
    const s = await scripted(async (io) => {
      await greetAndEhlo(io, ['STARTTLS']);
      await io.line();
      io.send(`${answer}\r\n`);
      if (answer.startsWith('421')) return void io.socket.end();
      if ((await io.line()) === 'QUIT') io.send('221 bye\r\n');
      io.socket.end();
    });
    const connector = new Connector();
    const p = expectKind(await probe(s.port, {}, connector), 'reply');
    expect([p.stage, p.problem, p.reply.code]).toEqual(['starttls', problem, Number(answer.slice(0, 3))]);
    expect(s.heard.includes('QUIT')).toBe(quits);
    if (problem === 'rate_limited') {
      // No retry storm: the connector refuses new connections to that server for a while.
      expectKind(await probe(s.port, {}, connector), 'connect_failed');
      expect(s.heard.filter((l) => l.startsWith('EHLO'))).toHaveLength(1);
    }
  });

  it('a 421 greeting is "rate-limited" and pauses the address; no QUIT to a closing server', async () => {
    const lab = await startSmtpServer({
      hostname: 'busy.firma.test',
      greeting: ['421 4.7.0 busy.firma.test Too many connections, try later'],
    });
    labServers.push(lab);
    const connector = new Connector();
    const p = expectKind(await probe(lab.port, {}, connector), 'reply');
    expect([p.stage, p.problem, p.reply.lines]).toEqual([
      'greeting',
      'rate_limited',
      ['4.7.0 busy.firma.test Too many connections, try later'],
    ]);
    const again = expectKind(await probe(lab.port, {}, connector), 'connect_failed');
    expect(again.problem).toBe('rate_limited');
    expect(lab.connections).toBe(1);
    expect(lab.commands).toEqual([]);
  });

  it('a 554 greeting is a refusal; the client still says QUIT (RFC 5321 §3.1)', async () => {
    const s = await scripted(async (io) => {
      io.send('554 5.7.1 No SMTP service for you\r\n');
      if ((await io.line()) === 'QUIT') io.send('221 bye\r\n');
      io.socket.end();
    });
    const p = expectKind(await probe(s.port), 'reply');
    expect([p.stage, p.problem]).toEqual(['greeting', 'refused']);
    expect(s.heard).toEqual(['QUIT']);
  });

  it('accepts bare LF line endings from lenient servers', async () => {
    const s = await scripted(async (io) => {
      io.send('220 mx\n');
      await io.line();
      io.send('250-mx\n250 STARTTLS\n');
      await io.line();
      io.send('220 go\n');
    });
    const p = expectKind(await probe(s.port), 'ready');
    p.socket.destroy();
  });

  it('counts bytes sent between the 220 and the handshake (RFC 3207 §5) and the opener refuses such a socket', async () => {
    const s = await scripted(async (io) => {
      await greetAndEhlo(io, ['STARTTLS']);
      await io.line();
      io.send('220 Ready\r\n250 injected\r\n');
    });
    const p = expectKind(await probe(s.port), 'ready');
    expect(p.unexpectedBytes).toBe('250 injected\r\n'.length);
    p.socket.destroy();
    const open = smtpStartTlsOpener(new Connector().connect, { host: 'mx', address: '127.0.0.1', port: s.port }, { replyTimeoutMs: 1_000 });
    await expect(open()).rejects.toBeInstanceOf(StartTlsUnavailableError);
  });
});

describe('misbehaving servers end as typed results, never a hang', () => {
  it.each([
    ['an endless greeting line', (io: ScriptIo) => io.send('220 ' + 'x'.repeat(100_000)), 'greeting', 'line_too_long'],
    ['a greeting flood beyond the conversation limit', (io: ScriptIo) => io.send('220-x\r\n'.repeat(20_000)), 'greeting', 'too_much_data'],
    ['a reply of too many lines', (io: ScriptIo) => io.send('220-x\r\n'.repeat(150)), 'greeting', 'too_much_data'],
    ['garbage instead of SMTP', (io: ScriptIo) => io.send('HTTP/1.1 400 Bad Request\r\n\r\n'), 'greeting', 'malformed'],
    ['binary data', (io: ScriptIo) => io.send('\u0016\u0003\u0001\u0000\u00a5\u0001\r\n'), 'greeting', 'malformed'],
    ['a code change inside a multi-line reply', (io: ScriptIo) => io.send('220-a\r\n250 b\r\n'), 'greeting', 'malformed'],
    ['closing before the greeting', (io: ScriptIo) => io.socket.end(), 'greeting', 'closed'],
    ['silence (no greeting)', () => {}, 'greeting', 'timeout'],
    [
      'a server talking out of turn (an extra reply after its greeting)',
      async (io: ScriptIo) => {
        io.send('220 mx\r\n250 unsolicited\r\n');
        await io.line();
      },
      'ehlo',
      'malformed',
    ],
    [
      'a stall after EHLO',
      async (io: ScriptIo) => {
        io.send('220 mx\r\n');
        await io.line();
      },
      'ehlo',
      'timeout',
    ],
    [
      'a reset after EHLO',
      async (io: ScriptIo) => {
        io.send('220 mx\r\n');
        await io.line();
        io.socket.resetAndDestroy();
      },
      'ehlo',
      'reset',
    ],
    [
      'a close after STARTTLS',
      async (io: ScriptIo) => {
        await greetAndEhlo(io, ['STARTTLS']);
        await io.line();
        io.socket.end();
      },
      'starttls',
      'closed',
    ],
    [
      'a reply dribbled out line by line past the deadline',
      async (io: ScriptIo) => {
        for (let i = 0; i < 40 && !io.socket.destroyed; i++) {
          io.send('220-still here\r\n');
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      'greeting',
      'too_slow',
    ],
  ] as const)('%s', async (_name, script, stage, problem) => {
    const s = await scripted(async (io) => {
      await script(io);
    });
    const started = Date.now();
    const p = expectKind(await probe(s.port, { greetingTimeoutMs: 500, replyTimeoutMs: 500 }), 'failed');
    expect([p.stage, p.problem]).toEqual([stage, problem]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a multi-line reply dripped past the deadline is "too slow" with the time it took, not silence', async () => {
    const s = await scripted(async (io) => {
      await greetAndEhlo(io, ['STARTTLS']);
      await io.line();
      for (let i = 0; i < 40 && !io.socket.destroyed; i++) {
        io.send('220-ready, nearly\r\n');
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const p = expectKind(await probe(s.port, { replyTimeoutMs: 400 }), 'failed');
    expect([p.stage, p.problem]).toEqual(['starttls', 'too_slow']);
    expect(p.detail).toMatch(/too slow/);
    expect(p.detail).not.toMatch(/no complete line/);
    // The real duration of the reply and the limit it ran into, and how much of it came.
    const [, elapsed] = /after (\d+) ms/.exec(p.detail) ?? [];
    expect(Number(elapsed)).toBeGreaterThan(0);
    expect(p.detail).toMatch(/limit 400 ms/);
    expect(p.detail).toMatch(/\d+ lines? received/);
  });

  it('cancellation ends a waiting conversation at once', async () => {
    const s = await scripted(async () => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const p = expectKind(await probe(s.port, { greetingTimeoutMs: 30_000, signal: controller.signal }), 'failed');
    expect(p.problem).toBe('aborted');
  });

  it('a connection failure is a result', async () => {
    const s = await scripted(async () => {});
    await servers.pop()!.close();
    const p = expectKind(await probe(s.port), 'connect_failed');
    expect(p.problem).toBe('refused');
  });

  it('negotiateStartTls rethrows nothing but stream errors as results', async () => {
    const s = await scripted(async (io) => io.send('220 mx\r\n'));
    const socket = await new Connector().connect({ host: 'mx', address: '127.0.0.1', port: s.port });
    const result = await negotiateStartTls(socket, { replyTimeoutMs: 200 });
    expect(result).toMatchObject({ kind: 'failed', stage: 'ehlo', problem: 'timeout' });
    expect(socket.destroyed).toBe(true);
    expect(new StreamError('timeout', 'x').problem).toBe('timeout');
  });
});

describe('smtpStartTlsOpener (for the TLS prober)', () => {
  it('opens a new connection per call, each ready for a ClientHello', async () => {
    const lab = await startSmtpServer({
      hostname: 'mx.firma.test',
      tls: { key: key.pem, cert: ca.issue({ commonName: 'mx.firma.test', key }).chain },
    });
    labServers.push(lab);
    const connector = new Connector();
    const open = smtpStartTlsOpener(connector.connect, { host: 'mx.firma.test', address: '127.0.0.1', port: lab.port });
    const a = await open();
    const b = await open();
    expect(a).not.toBe(b);
    expect(lab.connections).toBe(2);
    expect(connector.stats()).toEqual([{ address: '127.0.0.1', connections: 2, peakConcurrent: 2 }]);
    a.destroy();
    b.destroy();
  });

  it('throws a typed error carrying the reason when STARTTLS is not available', async () => {
    const lab = await startSmtpServer({ hostname: 'plain.firma.test', starttls: 'none' });
    labServers.push(lab);
    const open = smtpStartTlsOpener(new Connector().connect, { host: 'plain.firma.test', address: '127.0.0.1', port: lab.port });
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartTlsUnavailableError);
    expect((error as StartTlsUnavailableError).probe.kind).toBe('not_offered');
    expect((error as Error).message).toMatch(/not offered/);
  });
});
