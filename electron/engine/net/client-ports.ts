/**
 * The mail client ports seen from outside (issue 9 §2): submission with STARTTLS (587, RFC 6409,
 * RFC 3207), implicit TLS for SMTP, IMAP and POP3 (465, 993, 995; RFC 8314), and the plaintext
 * IMAP and POP3 ports (143, 110): can a client log in before TLS? IMAP: `LOGINDISABLED` absent
 * from the pre-TLS CAPABILITY (RFC 3501 §6.2.3, RFC 9051 §6.2.3). POP3: `USER` answered +OK before
 * STLS (RFC 1939 §7, RFC 2595 §4). Never a password: POP3 gets a made-up USER name and then QUIT.
 * Every read is bounded in time and size (LineReader), so a silent peer or an endless line ends
 * as an outcome within seconds, never a hang.
 */
import type { Socket } from 'node:net';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ehloExtensions, replyText } from '../../../shared/smtp-reply';
import { closeTlsPolitely, tlsHandshake, type TlsHandshakeFacts } from './certificate';
import { ConnectError, formatEndpoint, type ConnectFn } from './connect';
import { LineReader, StreamError, type LineReaderLimits } from './line-reader';
import { SmtpConversation, negotiateStartTls } from './smtp';

export const CLIENT_PROTOCOLS = ['smtps', 'submission', 'imaps', 'imap', 'pop3s', 'pop3'] as const;
export type ClientProtocol = (typeof CLIENT_PROTOCOLS)[number];

/** The ports RFC 8314 / RFC 6409 / RFC 3501 / RFC 1939 assign. */
export const STANDARD_PORTS: Readonly<Record<ClientProtocol, number>> = {
  smtps: 465,
  submission: 587,
  imaps: 993,
  imap: 143,
  pop3s: 995,
  pop3: 110,
};

export const isImplicitTls = (p: ClientProtocol): boolean => p === 'smtps' || p === 'imaps' || p === 'pop3s';

export interface ClientEndpoint {
  /** the name used for SNI and the certificate */
  host: string;
  address: string;
  port: number;
  protocol: ClientProtocol;
}

/**
 * closed: RST to our SYN; filtered: no answer to the SYN in time; unreachable: ICMP unreachable
 * (a router or firewall refused); refused: the service answered and turned us away (BYE, -ERR,
 * 554); silent: accepted but never spoke; garbled: an endless line, a flood or not the protocol;
 * dropped: closed or reset mid-conversation; tls_failed: the TLS handshake failed; ok: spoke.
 */
export type ClientPortOutcome =
  'closed' | 'filtered' | 'unreachable' | 'connect_error' | 'refused' | 'silent' | 'garbled' | 'dropped' | 'tls_failed' | 'ok';

export interface ClientPortResult extends ClientEndpoint {
  family: 4 | 6;
  /** where the connection really went, `addr:port` (differs under --connect-to) */
  endpoint: string;
  outcome: ClientPortOutcome;
  /** for outcomes other than ok: what happened, in English, for evidence */
  detail?: string;
  /** the greeting line(s) as received */
  greeting?: string;
  /** capabilities before TLS (IMAP CAPABILITY atoms, POP3 CAPA tags, EHLO keywords) */
  capabilities?: string[];
  /** STARTTLS / STLS offered on a plaintext port */
  starttls?: boolean;
  /** a login is possible before TLS (IMAP without LOGINDISABLED, POP3 USER +OK, SMTP AUTH offered) */
  plaintextLogin?: boolean;
  /** what showed it, e.g. `USER mailaudit-probe → +OK` */
  loginEvidence?: string;
  /** SMTP: AUTH mechanisms offered after TLS */
  authAfterTls?: string[];
  /** the completed TLS handshake (implicit TLS, or 587 after STARTTLS) */
  tls?: TlsHandshakeFacts;
  /** `S: …` / `C: …`, at most 40 lines */
  transcript: string[];
  durationMs: number;
}

export interface ClientProbeOptions {
  signal?: AbortSignal;
  extraCaPem?: readonly string[];
  heloName?: string;
  /** TCP handshake (default 8 s) */
  connectTimeoutMs?: number;
  /** greeting and each reply (default 10 s) */
  replyTimeoutMs?: number;
}

const LIMITS: LineReaderLimits = { maxLineBytes: 4096, maxTotalBytes: 64 * 1024 };
const DEFAULT_CONNECT_MS = 8_000;
const DEFAULT_REPLY_MS = 10_000;
const MAX_RESPONSE_LINES = 60;
const TRANSCRIPT_LINES = 40;
const GOODBYE_MS = 1_000;
/** RFC 1939 USER with a name no mailbox has: +OK or -ERR is all we want to see. */
export const POP3_PROBE_USER = 'mailaudit-probe';

class Outcome extends Error {
  constructor(
    readonly outcome: ClientPortOutcome,
    detail: string,
  ) {
    super(detail);
  }
}

function streamOutcome(error: StreamError, stage: string): Outcome {
  const detail = `${stage}: ${error.message}`;
  if (error.problem === 'timeout' || error.problem === 'too_slow') return new Outcome('silent', detail);
  if (error.problem === 'closed' || error.problem === 'reset') return new Outcome('dropped', detail);
  if (error.problem === 'aborted') return new Outcome('connect_error', detail);
  return new Outcome('garbled', detail);
}

/** A line conversation (IMAP, POP3) with a transcript. */
class Lines {
  readonly reader: LineReader;
  constructor(
    socket: Socket,
    private readonly result: ClientPortResult,
    private readonly replyMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.reader = new LineReader(socket, LIMITS);
  }
  note(line: string): void {
    if (this.result.transcript.length < TRANSCRIPT_LINES) this.result.transcript.push(line.length > 200 ? `${line.slice(0, 200)}…` : line);
  }
  async read(stage: string): Promise<string> {
    try {
      const line = await this.reader.readLine(this.replyMs, this.signal);
      this.note(`S: ${line}`);
      return line;
    } catch (error) {
      if (error instanceof StreamError) throw streamOutcome(error, stage);
      throw error;
    }
  }
  send(text: string, shown = text): void {
    this.note(`C: ${shown}`);
    this.reader.write(`${text}\r\n`);
  }
}

/** IMAP: greeting, CAPABILITY (unless the greeting carried it), LOGOUT. */
async function imapConversation(lines: Lines, result: ClientPortResult, plaintext: boolean): Promise<void> {
  const greeting = await lines.read('greeting');
  result.greeting = greeting;
  if (/^\* BYE\b/i.test(greeting)) throw new Outcome('refused', greeting);
  const preauth = /^\* PREAUTH\b/i.test(greeting);
  if (!/^\* OK\b/i.test(greeting) && !preauth) throw new Outcome('garbled', `greeting: not an IMAP greeting: ${greeting.slice(0, 100)}`);
  let caps = /\[CAPABILITY ([^\]]*)\]/i.exec(greeting)?.[1];
  if (caps === undefined) {
    lines.send('a1 CAPABILITY');
    for (let i = 0; ; i++) {
      if (i >= MAX_RESPONSE_LINES) throw new Outcome('garbled', `CAPABILITY: more than ${MAX_RESPONSE_LINES} lines`);
      const line = await lines.read('CAPABILITY');
      const m = /^\* CAPABILITY (.*)$/i.exec(line);
      if (m) caps = m[1];
      if (/^a1 /i.test(line)) break;
    }
  }
  const atoms = (caps ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 100);
  result.capabilities = atoms;
  const upper = atoms.map((a) => a.toUpperCase());
  result.starttls = upper.includes('STARTTLS');
  if (plaintext) {
    const loginDisabled = upper.includes('LOGINDISABLED');
    result.plaintextLogin = preauth || !loginDisabled;
    result.loginEvidence = preauth
      ? 'PREAUTH greeting'
      : loginDisabled
        ? 'CAPABILITY lists LOGINDISABLED'
        : 'CAPABILITY without LOGINDISABLED';
  }
  lines.send('a2 LOGOUT');
}

/** POP3: greeting, CAPA, on the plaintext port `USER <made-up name>`, QUIT. Never PASS. */
async function pop3Conversation(lines: Lines, result: ClientPortResult, plaintext: boolean): Promise<void> {
  const greeting = await lines.read('greeting');
  result.greeting = greeting;
  if (/^-ERR\b/i.test(greeting)) throw new Outcome('refused', greeting);
  if (!/^\+OK\b/i.test(greeting)) throw new Outcome('garbled', `greeting: not a POP3 greeting: ${greeting.slice(0, 100)}`);
  lines.send('CAPA');
  const capa = await lines.read('CAPA');
  const tags: string[] = [];
  if (/^\+OK\b/i.test(capa)) {
    for (let i = 0; ; i++) {
      if (i >= MAX_RESPONSE_LINES) throw new Outcome('garbled', `CAPA: more than ${MAX_RESPONSE_LINES} lines`);
      const line = await lines.read('CAPA');
      if (line === '.') break;
      tags.push(line.trim());
    }
  }
  result.capabilities = tags;
  result.starttls = tags.some((t) => /^STLS$/i.test(t));
  if (plaintext) {
    lines.send(`USER ${POP3_PROBE_USER}`);
    const answer = await lines.read('USER');
    result.plaintextLogin = /^\+OK\b/i.test(answer);
    result.loginEvidence = `USER ${POP3_PROBE_USER} → ${answer.slice(0, 120)}`;
  }
  lines.send('QUIT');
}

/** Reads the SMTP greeting and EHLO over an implicit-TLS socket: AUTH after TLS. */
async function smtpsConversation(socket: Socket, result: ClientPortResult, options: ClientProbeOptions, replyMs: number): Promise<void> {
  const c = new SmtpConversation(socket, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.heloName ? { heloName: options.heloName } : {}),
    replyTimeoutMs: replyMs,
  });
  try {
    const greeting = await c.readReply(replyMs);
    result.greeting = replyText(greeting).join(' / ');
    if (greeting.code !== 220) throw new Outcome('refused', result.greeting);
    const ehlo = await c.command(`EHLO ${c.session.heloName}`, replyMs);
    result.authAfterTls = ehloExtensions(ehlo).get('AUTH') ?? [];
  } catch (error) {
    if (error instanceof StreamError) throw streamOutcome(error, result.greeting ? 'EHLO' : 'greeting');
    throw error;
  } finally {
    result.transcript.push(...c.session.transcript.slice(0, TRANSCRIPT_LINES - result.transcript.length));
  }
}

/** Submission: greeting, EHLO, STARTTLS (AUTH before it?), TLS, EHLO again (AUTH after it). */
async function submission(socket: Socket, result: ClientPortResult, options: ClientProbeOptions, replyMs: number): Promise<void> {
  const n = await negotiateStartTls(socket, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.heloName ? { heloName: options.heloName } : {}),
    greetingTimeoutMs: replyMs,
    replyTimeoutMs: replyMs,
  });
  result.transcript.push(...n.session.transcript.slice(0, TRANSCRIPT_LINES));
  if (n.session.greeting) result.greeting = replyText(n.session.greeting).join(' / ');
  result.capabilities = n.session.extensions;
  const auth = n.session.extensions.find((e) => /^AUTH\b/i.test(e));
  result.plaintextLogin = auth !== undefined;
  result.loginEvidence = auth ? `EHLO before STARTTLS: ${auth}` : 'EHLO before STARTTLS: no AUTH';
  if (n.kind === 'not_offered') {
    result.starttls = false;
    return;
  }
  if (n.kind === 'reply') throw new Outcome('refused', `${n.stage}: ${replyText(n.reply).join(' / ')}`);
  if (n.kind === 'failed') {
    const o =
      n.problem === 'timeout' || n.problem === 'too_slow'
        ? 'silent'
        : n.problem === 'closed' || n.problem === 'reset'
          ? 'dropped'
          : 'garbled';
    throw new Outcome(o, `${n.stage}: ${n.detail}`);
  }
  result.starttls = true;
  const tls = await handshake(n.socket, result, options);
  try {
    await smtpAfterTls(tls, result, options, replyMs);
  } finally {
    await closeTlsPolitely(tls);
  }
}

async function smtpAfterTls(socket: TLSSocket, result: ClientPortResult, options: ClientProbeOptions, replyMs: number): Promise<void> {
  const c = new SmtpConversation(socket, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.heloName ? { heloName: options.heloName } : {}),
  });
  try {
    const ehlo = await c.command(`EHLO ${c.session.heloName}`, replyMs);
    result.authAfterTls = ehloExtensions(ehlo).get('AUTH') ?? [];
  } catch (error) {
    // The TLS part is what matters here; a server that goes quiet after TLS is noted, not failed.
    if (error instanceof StreamError) result.detail = `EHLO after TLS: ${error.message}`;
    else throw error;
  } finally {
    result.transcript.push(...c.session.transcript.slice(0, TRANSCRIPT_LINES - result.transcript.length));
  }
}

async function handshake(socket: Socket, result: ClientPortResult, options: ClientProbeOptions): Promise<TLSSocket> {
  const h = await tlsHandshake(socket, {
    servername: result.host,
    extraCaPem: options.extraCaPem ?? [],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!h.ok) throw new Outcome('tls_failed', `TLS handshake: ${h.problem} (${h.detail})`);
  result.tls = h.facts;
  return h.socket;
}

/** Probes one port; everything the server does is in the result. Rejects only on programming errors. */
export async function probeClientPort(
  connect: ConnectFn,
  target: ClientEndpoint,
  options: ClientProbeOptions = {},
): Promise<ClientPortResult> {
  const started = Date.now();
  const replyMs = options.replyTimeoutMs ?? DEFAULT_REPLY_MS;
  const result: ClientPortResult = {
    ...target,
    family: net.isIPv6(target.address) ? 6 : 4,
    endpoint: formatEndpoint(target.address, target.port),
    outcome: 'ok',
    transcript: [],
    durationMs: 0,
  };
  let socket: Socket;
  try {
    socket = await connect({
      host: target.host,
      address: target.address,
      port: target.port,
      timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    result.endpoint = error.endpoint;
    result.outcome =
      error.problem === 'refused'
        ? 'closed'
        : error.problem === 'timeout'
          ? 'filtered'
          : error.problem === 'unreachable'
            ? 'unreachable'
            : 'connect_error';
    result.detail = error.message;
    result.durationMs = Date.now() - started;
    return result;
  }
  result.endpoint = formatEndpoint(socket.remoteAddress ?? target.address, socket.remotePort ?? target.port);
  let open: Socket | undefined = socket;
  try {
    const { protocol } = target;
    if (protocol === 'submission') {
      open = undefined; // negotiateStartTls and the TLS close own the socket
      await submission(socket, result, options, replyMs);
    } else if (isImplicitTls(protocol)) {
      const tls = await handshake(socket, result, options);
      open = tls;
      if (protocol === 'smtps') await smtpsConversation(tls, result, options, replyMs);
      else {
        const lines = new Lines(tls, result, replyMs, options.signal);
        await (protocol === 'imaps' ? imapConversation(lines, result, false) : pop3Conversation(lines, result, false));
      }
      open = undefined;
      // IMAP and POP3 said LOGOUT / QUIT already.
      await closeTlsPolitely(tls, protocol === 'smtps' ? 'QUIT\r\n' : '');
    } else {
      const lines = new Lines(socket, result, replyMs, options.signal);
      await (protocol === 'imap' ? imapConversation(lines, result, true) : pop3Conversation(lines, result, true));
      // LOGOUT / QUIT were sent: let them leave before the socket closes, bounded.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, GOODBYE_MS);
        socket.end(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  } catch (error) {
    if (!(error instanceof Outcome)) throw error;
    result.outcome = error.outcome;
    result.detail = error.message;
  } finally {
    open?.destroy();
    socket.destroy();
  }
  result.durationMs = Date.now() - started;
  return result;
}
