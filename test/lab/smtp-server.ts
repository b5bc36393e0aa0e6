/**
 * An SMTP server for the lab (DESIGN §6): greeting, EHLO/HELO, STARTTLS (RFC 3207) upgraded
 * with node:tls, QUIT — plus the misbehaviour each scenario needs (421 greeting, 454 to
 * STARTTLS, no STARTTLS, a stall after EHLO). It listens on a loopback address and counts
 * connections and TLS handshakes so tests can check politeness.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface SmtpServerTls {
  key: string;
  /** PEM chain as the server sends it (leaf first) */
  cert: string;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
  /** TLS 1.3 suites */
  ciphersuites?: string;
  dhparam?: string;
  ecdhCurve?: string;
  /** signature algorithms the server will use (OpenSSL list syntax) */
  sigalgs?: string;
  honorCipherOrder?: boolean;
}

export interface SmtpServerOptions {
  host?: string;
  /** 0 (default): any free port */
  port?: number;
  /** name in the greeting and EHLO reply */
  hostname: string;
  /** replaces the 220 greeting, e.g. `421 4.7.0 Too many connections` (the server then closes) */
  greeting?: string[];
  /** how STARTTLS is handled: advertised and working, not advertised, or answered with this reply */
  starttls?: 'offer' | 'none' | { reply: string };
  /** EHLO is not understood (502): the client must fall back to HELO */
  noEhlo?: boolean;
  /** never answer EHLO */
  stallAfterEhlo?: boolean;
  tls?: SmtpServerTls;
  /** a hostile peer instead of the SMTP conversation above (see HostileBehaviour) */
  hostile?: HostileBehaviour;
}

/**
 * Hostile peers (issue item 8): each must end as a typed result within the client's deadlines.
 * - `endless-line`: greets with "220 " and then sends bytes without a line end, for ever
 * - `endless-reply`: answers EHLO with a multi-line 250 reply that never has its last line
 * - `silent`: accepts the connection and never says anything
 * - `garbage-after-starttls`: answers STARTTLS with 220 and then binary garbage instead of TLS
 * - `huge-tls-record`: after 220 to STARTTLS, answers the ClientHello with a TLS record header
 *   declaring 65535 bytes (RFC 5246 §6.2.3 allows at most 2^14 + 2048), then junk
 * - `drip`: answers EHLO one byte every 200 ms, a multi-line reply that never ends
 */
export type HostileBehaviour = 'endless-line' | 'endless-reply' | 'silent' | 'garbage-after-starttls' | 'huge-tls-record' | 'drip';

export interface LabSmtpServer {
  host: string;
  port: number;
  /** `host:port`, IPv6 in brackets */
  address: string;
  readonly connections: number;
  readonly handshakes: number;
  /** commands received, in order, over all connections (`EHLO`, `STARTTLS`, …) */
  readonly commands: string[];
  close(): Promise<void>;
}

const MAX_LINE = 4096;

export async function startSmtpServer(options: SmtpServerOptions): Promise<LabSmtpServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const commands: string[] = [];
  let connections = 0;
  let handshakes = 0;
  const context = options.tls
    ? tls.createSecureContext({
        key: options.tls.key,
        cert: options.tls.cert,
        ...(options.tls.minVersion ? { minVersion: options.tls.minVersion } : {}),
        ...(options.tls.maxVersion ? { maxVersion: options.tls.maxVersion } : {}),
        ...(options.tls.ciphers ? { ciphers: options.tls.ciphers } : {}),
        ...(options.tls.ciphersuites !== undefined ? { ciphersuites: options.tls.ciphersuites } : {}),
        ...(options.tls.dhparam ? { dhparam: options.tls.dhparam } : {}),
        ...(options.tls.ecdhCurve ? { ecdhCurve: options.tls.ecdhCurve } : {}),
        ...(options.tls.sigalgs ? { sigalgs: options.tls.sigalgs } : {}),
        ...(options.tls.honorCipherOrder ? { honorCipherOrder: true } : {}),
      })
    : undefined;
  const starttls = options.starttls ?? (context ? 'offer' : 'none');

  const server = net.createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.hostile) hostileSession(socket, options.hostile);
    else converse(socket, false);
  });

  /** Writes `chunk` for as long as the peer reads (honouring backpressure) and the socket lives. */
  function flood(socket: net.Socket, chunk: Buffer): void {
    const pump = () => {
      while (!socket.destroyed && socket.writable) {
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  function hostileSession(socket: net.Socket, mode: HostileBehaviour): void {
    const send = (text: string | Buffer) => {
      if (!socket.destroyed && socket.writable) socket.write(text);
    };
    if (mode === 'silent') return;
    if (mode === 'endless-line') {
      send('220 ');
      flood(socket, Buffer.alloc(16 * 1024, 'a'));
      return;
    }
    send(`220 ${options.hostname} ESMTP MailAudit lab\r\n`);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > MAX_LINE) return socket.destroy();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        const verb = line.split(' ')[0]!.toUpperCase();
        commands.push(verb);
        if (verb === 'EHLO' && mode === 'endless-reply') {
          socket.off('data', onData);
          send(`250-${options.hostname} Hello\r\n`);
          flood(socket, Buffer.from('250-PIPELINING\r\n'.repeat(1024)));
          return;
        }
        if (verb === 'EHLO' && mode === 'drip') {
          socket.off('data', onData);
          const reply = Buffer.from(`250-${options.hostname} Hello\r\n250-PIPELINING\r\n`);
          let at = 0;
          const timer = setInterval(() => {
            if (socket.destroyed) return clearInterval(timer);
            send(reply.subarray(at % reply.length, (at % reply.length) + 1));
            at += 1;
          }, 200);
          socket.on('close', () => clearInterval(timer));
          return;
        }
        if (verb === 'EHLO') {
          send(`250-${options.hostname} Hello\r\n250-PIPELINING\r\n250 STARTTLS\r\n`);
        } else if (verb === 'STARTTLS' && mode === 'garbage-after-starttls') {
          socket.off('data', onData);
          // Not TLS, not text: NUL, high bytes, an escape sequence.
          const garbage = Buffer.from('\x00\xff\xfe\x80garbage\x1b[31m\x00\x01\x02', 'latin1');
          send(Buffer.concat([Buffer.from('220 2.0.0 Ready to start TLS\r\n'), garbage]));
          socket.on('data', () => send(garbage));
          return;
        } else if (verb === 'STARTTLS' && mode === 'huge-tls-record') {
          socket.off('data', onData);
          send('220 2.0.0 Ready to start TLS\r\n');
          socket.once('data', () => send(Buffer.concat([Buffer.from([22, 3, 3, 0xff, 0xff]), Buffer.alloc(1024, 0x42)])));
          return;
        } else if (verb === 'QUIT') {
          send('221 2.0.0 Bye\r\n');
          socket.end();
          return;
        } else {
          send('502 5.5.2 Command not implemented\r\n');
        }
      }
    };
    socket.on('data', onData);
  }

  /** One SMTP session on `stream` (plain, or TLS after STARTTLS). */
  function converse(stream: net.Socket | tls.TLSSocket, secure: boolean): void {
    let buffer = '';
    let stalled = false;
    const send = (lines: string[]) => {
      if (!stream.destroyed) stream.write(lines.map((l) => `${l}\r\n`).join(''));
    };
    if (!secure) {
      if (options.greeting) {
        send(options.greeting);
        // RFC 5321 §3.1: after 421 the server closes; after 554 it waits for QUIT.
        if (options.greeting.at(-1)!.startsWith('421')) {
          stream.end();
          return;
        }
      } else {
        send([`220 ${options.hostname} ESMTP MailAudit lab`]);
      }
    }
    const onData = (chunk: Buffer) => {
      if (stalled) return;
      buffer += chunk.toString('latin1');
      if (buffer.length > MAX_LINE) {
        send(['500 5.5.2 Line too long']);
        stream.destroy();
        return;
      }
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        const verb = line.split(' ')[0]!.toUpperCase();
        commands.push(secure ? `TLS ${verb}` : verb);
        if (verb === 'STARTTLS' && !secure && starttls === 'offer' && context) {
          if (buffer.length > 0) {
            // RFC 3207 §5: pipelined data after STARTTLS must be discarded, not acted upon.
            buffer = '';
          }
          stream.off('data', onData);
          stream.pause();
          send(['220 2.0.0 Ready to start TLS']);
          upgrade(stream as net.Socket);
          return;
        }
        if (!reply(verb)) return;
      }
    };
    const reply = (verb: string): boolean => {
      switch (verb) {
        case 'EHLO': {
          if (options.noEhlo) {
            send(['502 5.5.2 Command not recognized']);
            return true;
          }
          if (options.stallAfterEhlo) {
            stalled = true;
            return false;
          }
          const ext = ['PIPELINING', 'SIZE 36700160', '8BITMIME', 'ENHANCEDSTATUSCODES'];
          if (!secure && starttls !== 'none') ext.splice(2, 0, 'STARTTLS');
          send([`250-${options.hostname} Hello`, ...ext.map((e, i) => `250${i === ext.length - 1 ? ' ' : '-'}${e}`)]);
          return true;
        }
        case 'HELO':
          send([`250 ${options.hostname}`]);
          return true;
        case 'STARTTLS':
          if (secure) send(['503 5.5.1 TLS already active']);
          else if (typeof starttls === 'object') {
            send([starttls.reply]);
            if (starttls.reply.startsWith('421')) {
              stream.end();
              return false;
            }
          } else send(['502 5.5.1 STARTTLS not available']);
          return true;
        case 'NOOP':
        case 'RSET':
          send(['250 2.0.0 OK']);
          return true;
        case 'QUIT':
          send(['221 2.0.0 Bye']);
          stream.end();
          return false;
        default:
          send(['502 5.5.2 Command not implemented']);
          return true;
      }
    };
    stream.on('data', onData);
  }

  function upgrade(socket: net.Socket): void {
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context! });
    secure.on('error', () => socket.destroy());
    secure.once('secure', () => {
      handshakes += 1;
      converse(secure, true);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    address: net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`,
    get connections() {
      return connections;
    },
    get handshakes() {
      return handshakes;
    },
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
