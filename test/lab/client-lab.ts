/**
 * The lab's mail client part (issue 9 §8): IMAP, POP3 and SMTP submission servers in Node, with
 * and without STARTTLS, LOGINDISABLED, USER before STLS, AUTH before TLS, implicit TLS (465, 993,
 * 995), and hostile peers (silent, endless line). Each scenario host has its own 127.0.60.x
 * address; the servers listen on free high ports and the engine reaches them through
 * `--connect-to <address>:<port>:<address>:<high port>` (a rule naming the address wins), so no
 * root is needed and closed ports stay closed. Certificates come from the SMTP lab's CA.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { LabCa } from './ca';
import { labKey } from './ca';
import type { LabRecord, LabZone } from './dns-server';
import { txt } from './dns-server';
import { LEGACY_CIPHERS, MODERN_CIPHERS } from './smtp-lab';

/** NCSC-NL "good" groups and SHA-2 signatures with an EC key: a modern server passes the TLS profile. */
const MODERN_TLS: tls.SecureContextOptions = {
  minVersion: 'TLSv1.2',
  ciphers: MODERN_CIPHERS,
  honorCipherOrder: true,
  ecdhCurve: 'X25519:P-256:P-384',
  sigalgs: 'ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:ecdsa_secp521r1_sha512',
};

export type ClientServerKind = 'imap' | 'pop3' | 'smtp';

export interface ClientServerOptions {
  kind: ClientServerKind;
  /** TLS from the first byte (465, 993, 995) */
  implicitTls?: boolean;
  /** STARTTLS / STLS offered on the plaintext port */
  starttls?: boolean;
  /** IMAP: LOGINDISABLED before TLS; POP3: USER refused before STLS; SMTP: AUTH only after TLS */
  loginAfterTlsOnly?: boolean;
  /** a peer that never speaks, or one that sends one endless line */
  hostile?: 'silent' | 'endless-line';
  /** greet with a refusal (IMAP `* BYE`, POP3 `-ERR`, SMTP 554) and close */
  refuse?: boolean;
  /** TLS 1.0–1.2 with static RSA and CBC suites, as an unmaintained server */
  legacyTls?: boolean;
}

export interface LabClientServer {
  address: string;
  port: number;
  options: ClientServerOptions;
  /** commands received, in order (`CAPABILITY`, `USER`, `EHLO`, …); a PASS would be a bug of ours */
  readonly commands: string[];
  readonly connections: number;
  close(): Promise<void>;
}

const MAX_LINE = 4096;

/** Starts one server on `address`, a free port. */
export async function startClientServer(
  address: string,
  options: ClientServerOptions,
  tlsOptions: tls.SecureContextOptions,
  hostname: string,
): Promise<LabClientServer> {
  const context = tls.createSecureContext(tlsOptions);
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;

  function session(plain: net.Socket, secure: boolean): void {
    let socket: net.Socket = plain;
    let encrypted = secure;
    const send = (text: string) => {
      if (!socket.destroyed && socket.writable) socket.write(text);
    };
    if (options.hostile === 'silent') return;
    if (options.hostile === 'endless-line') {
      const chunk = Buffer.alloc(16 * 1024, 'a');
      send(options.kind === 'pop3' ? '+OK ' : options.kind === 'imap' ? '* OK ' : '220 ');
      const pump = () => {
        while (!socket.destroyed && socket.writable) if (!socket.write(chunk)) return void socket.once('drain', pump);
      };
      pump();
      return;
    }
    if (options.refuse) {
      send(
        options.kind === 'imap'
          ? '* BYE no service for you\r\n'
          : options.kind === 'pop3'
            ? '-ERR no service for you\r\n'
            : '554 5.3.2 No service for you\r\n',
      );
      socket.end();
      return;
    }
    const loginOpen = () => encrypted || !options.loginAfterTlsOnly;
    const imapCaps = () =>
      ['IMAP4rev1', ...(!encrypted && options.starttls ? ['STARTTLS'] : []), ...(loginOpen() ? ['AUTH=PLAIN'] : ['LOGINDISABLED'])].join(
        ' ',
      );
    if (options.kind === 'imap') send(`* OK [CAPABILITY ${imapCaps()}] ${hostname} lab IMAP ready\r\n`);
    else if (options.kind === 'pop3') send(`+OK ${hostname} lab POP3 ready\r\n`);
    else send(`220 ${hostname} ESMTP MailAudit lab submission\r\n`);

    let buffer = '';
    const upgrade = () => {
      socket.off('data', onData);
      const tlsSocket = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
      tlsSocket.on('error', () => socket.destroy());
      socket = tlsSocket;
      encrypted = true;
      buffer = '';
      tlsSocket.on('data', onData);
    };
    const onLine = (line: string) => {
      const [verb = '', ...args] = line.split(' ');
      const upper = verb.toUpperCase();
      if (options.kind === 'imap') {
        // IMAP commands carry a tag first.
        const command = (args[0] ?? '').toUpperCase();
        commands.push(command);
        if (command === 'CAPABILITY') send(`* CAPABILITY ${imapCaps()}\r\n${verb} OK done\r\n`);
        else if (command === 'STARTTLS' && options.starttls && !encrypted) {
          send(`${verb} OK begin TLS\r\n`);
          upgrade();
        } else if (command === 'LOGOUT') {
          send(`* BYE bye\r\n${verb} OK done\r\n`);
          socket.end();
        } else send(`${verb} BAD not in the lab\r\n`);
        return;
      }
      commands.push(upper);
      if (options.kind === 'pop3') {
        if (upper === 'CAPA')
          send(
            `+OK capabilities\r\n${loginOpen() ? 'USER\r\n' : ''}${!encrypted && options.starttls ? 'STLS\r\n' : ''}SASL PLAIN\r\nUIDL\r\n.\r\n`,
          );
        else if (upper === 'STLS' && options.starttls && !encrypted) {
          send('+OK begin TLS\r\n');
          upgrade();
        } else if (upper === 'USER') send(loginOpen() ? '+OK send PASS\r\n' : '-ERR [AUTH] Plaintext authentication disallowed\r\n');
        else if (upper === 'QUIT') {
          send('+OK bye\r\n');
          socket.end();
        } else send('-ERR not in the lab\r\n');
        return;
      }
      if (upper === 'EHLO') {
        const ext = [
          ...(!encrypted && options.starttls ? ['STARTTLS'] : []),
          ...(loginOpen() ? ['AUTH PLAIN LOGIN'] : []),
          'PIPELINING',
          '8BITMIME',
        ];
        send(`250-${hostname} Hello\r\n${ext.map((e, i) => `250${i === ext.length - 1 ? ' ' : '-'}${e}\r\n`).join('')}`);
      } else if (upper === 'STARTTLS' && options.starttls && !encrypted) {
        send('220 2.0.0 Ready to start TLS\r\n');
        upgrade();
      } else if (upper === 'QUIT') {
        send('221 2.0.0 Bye\r\n');
        socket.end();
      } else send('502 5.5.1 Not in the lab\r\n');
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > MAX_LINE) return void socket.destroy();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        onLine(line);
        if (socket !== plain && !encrypted) return;
      }
    };
    socket.on('data', onData);
  }

  const server = options.implicitTls
    ? tls.createServer(tlsOptions, (s) => {
        connections += 1;
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
        session(s, true);
      })
    : net.createServer((s) => {
        connections += 1;
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
        session(s, false);
      });
  // Raw ClientHellos of the version prober end in alerts and resets: not errors of the lab.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    address,
    port,
    options,
    commands,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ClientHost {
  domain: string;
  address: string;
  /** standard port → server; ports not listed stay closed */
  ports: Partial<Record<25 | 110 | 143 | 465 | 587 | 993 | 995, ClientServerOptions>>;
  extra?: LabRecord[];
}

const implicit = (kind: ClientServerKind): ClientServerOptions => ({ kind, implicitTls: true });
const SUBMISSION_OK: ClientServerOptions = { kind: 'smtp', starttls: true, loginAfterTlsOnly: true };

/** The scenario hosts: MX `mail.<domain>`. */
export const clientLabHosts: readonly ClientHost[] = [
  {
    // Everything right: 465/587/993/995 over TLS, AUTH only after STARTTLS, 110 and 143 closed.
    domain: 'client-good.test',
    address: '127.0.60.1',
    ports: { 465: implicit('smtp'), 587: SUBMISSION_OK, 993: implicit('imap'), 995: implicit('pop3') },
    extra: [
      { name: '_imaps._tcp', type: 'SRV', data: { priority: 0, weight: 1, port: 993, target: 'mail.client-good.test' } },
      { name: '_submissions._tcp', type: 'SRV', data: { priority: 0, weight: 1, port: 465, target: 'mail.client-good.test' } },
      // RFC 6186 §3.4: "." says plaintext POP3 is not offered.
      { name: '_pop3._tcp', type: 'SRV', data: { priority: 0, weight: 0, port: 0, target: '.' } },
      { name: 'autodiscover', type: 'CNAME', data: 'mail.client-good.test' },
    ],
  },
  {
    // Plaintext IMAP and POP3 open: login before STARTTLS/STLS; the TLS ports are fine.
    domain: 'client-plaintext.test',
    address: '127.0.60.2',
    ports: {
      143: { kind: 'imap', starttls: true },
      110: { kind: 'pop3', starttls: true },
      993: implicit('imap'),
      995: implicit('pop3'),
      587: SUBMISSION_OK,
    },
  },
  {
    // IMAP/POP3 with STARTTLS that refuse login before it (LOGINDISABLED, USER -ERR): a pass.
    domain: 'client-starttls.test',
    address: '127.0.60.3',
    ports: {
      143: { kind: 'imap', starttls: true, loginAfterTlsOnly: true },
      110: { kind: 'pop3', starttls: true, loginAfterTlsOnly: true },
      587: SUBMISSION_OK,
    },
  },
  {
    // Submission and port 25 offer AUTH before STARTTLS.
    domain: 'client-authplain.test',
    address: '127.0.60.4',
    ports: { 25: { kind: 'smtp', starttls: true }, 587: { kind: 'smtp', starttls: true }, 993: implicit('imap') },
  },
  {
    // POP3S and SMTPS with TLS 1.0 and weak suites: the MX checks' TLS profile fails the port.
    domain: 'client-legacy-tls.test',
    address: '127.0.60.6',
    ports: { 995: { kind: 'pop3', implicitTls: true, legacyTls: true }, 587: { ...SUBMISSION_OK, legacyTls: true } },
  },
  {
    // Hostile: 143 accepts and never speaks, 110 sends one endless line.
    domain: 'client-hostile.test',
    address: '127.0.60.5',
    ports: {
      143: { kind: 'imap', hostile: 'silent' },
      110: { kind: 'pop3', hostile: 'endless-line' },
      993: implicit('imap'),
      995: { kind: 'pop3', implicitTls: true, refuse: true },
    },
  },
];

const soa = (origin: string): LabRecord => ({
  name: '@',
  type: 'SOA',
  data: { mname: `ns1.${origin}`, rname: `hostmaster.${origin}`, serial: 2026120201, minimum: 300 },
});

/** DNS for the client scenarios. */
export function clientLabZones(): LabZone[] {
  return clientLabHosts.map((h) => ({
    origin: h.domain,
    records: [
      soa(h.domain),
      { name: '@', type: 'NS', data: `ns1.${h.domain}` },
      { name: 'ns1', type: 'A', data: '127.0.0.53' },
      { name: '@', type: 'MX', data: { preference: 10, exchange: `mail.${h.domain}` } },
      { name: 'mail', type: 'A', data: h.address },
      { name: '@', type: 'TXT', data: txt('v=spf1 mx -all') },
      { name: '_dmarc', type: 'TXT', data: txt(`v=DMARC1; p=reject; rua=mailto:dmarc@${h.domain}`) },
      ...(h.extra ?? []),
    ],
  }));
}

export interface ClientLab {
  servers: LabClientServer[];
  /** `--connect-to` values, one per listening port: `<address>:<port>:<address>:<high port>` */
  connectTo: string[];
  args: string[];
  close(): Promise<void>;
}

/** Starts every client scenario server, with certificates for `mail.<domain>` from `ca`. */
export async function startClientLab(ca: LabCa): Promise<ClientLab> {
  const key = labKey({ type: 'ec', curve: 'P-256' });
  // The legacy suites are RSA ones: an unmaintained server has an RSA certificate.
  const rsa = labKey({ type: 'rsa', bits: 2048 });
  const servers: LabClientServer[] = [];
  const connectTo: string[] = [];
  try {
    for (const h of clientLabHosts) {
      const name = `mail.${h.domain}`;
      const { chain } = ca.issue({ commonName: name, dnsNames: [name], key });
      const modern: tls.SecureContextOptions = { ...MODERN_TLS, key: key.pem, cert: chain };
      for (const [port, options] of Object.entries(h.ports)) {
        const tlsOptions: tls.SecureContextOptions = options.legacyTls
          ? {
              key: rsa.pem,
              cert: ca.issue({ commonName: name, dnsNames: [name], key: rsa }).chain,
              minVersion: 'TLSv1',
              maxVersion: 'TLSv1.2',
              ciphers: LEGACY_CIPHERS,
            }
          : modern;
        const server = await startClientServer(h.address, options, tlsOptions, name);
        servers.push(server);
        connectTo.push(`${h.address}:${port}:${h.address}:${server.port}`);
      }
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
  return {
    servers,
    connectTo,
    args: connectTo.flatMap((c) => ['--connect-to', c]),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
