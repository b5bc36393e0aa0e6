/**
 * The SMTP conversation up to TLS (RFC 5321, RFC 3207): greeting, EHLO (HELO when EHLO is
 * refused), STARTTLS. One command at a time and each reply read completely before the next, so a
 * server's extra or early bytes are never mistaken for an answer. Every outcome — a 421 at the
 * greeting, a 454 to STARTTLS, a stall, a reset, garbage — is a typed result, not an exception.
 * A successful negotiation returns the socket right after the 220 reply to STARTTLS, paused and
 * with no listeners, for `tls.connect({ socket })` or the raw ClientHello prober.
 */
import type { Socket } from 'node:net';
import {
  ReplyAssembler,
  ReplyFormatError,
  addressLiteral,
  ehloExtensions,
  ehloMeaning,
  greetingMeaning,
  replyText,
  startTlsMeaning,
  type SmtpReply,
} from '../../../shared/smtp-reply';
import { ConnectError, formatEndpoint, type ConnectFn, type ConnectProblem } from './connect';
import { LineReader, StreamError, type LineReaderLimits, type StreamProblem } from './line-reader';

export type { SmtpReply } from '../../../shared/smtp-reply';

export interface SmtpOptions {
  signal?: AbortSignal;
  /** EHLO/HELO argument; default the local address as an address literal (RFC 5321 §4.1.3) */
  heloName?: string;
  /** wait for the 220 greeting (default 20 s: greeting delays of several seconds are common anti-spam practice) */
  greetingTimeoutMs?: number;
  /** wait for each further reply (default 15 s) */
  replyTimeoutMs?: number;
  limits?: Partial<LineReaderLimits>;
  /** most lines in one reply (default 100) */
  maxReplyLines?: number;
}

/**
 * RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF. Real servers exceed it a
 * little (long EHLO banners), so four times that is tolerated; nothing legitimate needs more.
 */
export const DEFAULT_LIMITS: LineReaderLimits = { maxLineBytes: 2048, maxTotalBytes: 64 * 1024 };
export const DEFAULT_GREETING_TIMEOUT_MS = 20_000;
export const DEFAULT_REPLY_TIMEOUT_MS = 15_000;
const QUIT_WAIT_MS = 2_000;
const TRANSCRIPT_LINES = 80;

export type SmtpStage = 'greeting' | 'ehlo' | 'helo' | 'starttls';

/** What was said, as JSON for the Assessment. */
export interface SmtpSession {
  heloName: string;
  greeting?: SmtpReply;
  ehlo?: SmtpReply;
  helo?: SmtpReply;
  starttls?: SmtpReply;
  /** EHLO keywords with their parameters, e.g. `SIZE 35882577`, `STARTTLS` */
  extensions: string[];
  /** `S: 220 …` / `C: EHLO …`, at most 80 lines */
  transcript: string[];
}

export type ReplyProblem = 'rate_limited' | 'refused' | 'temporarily_refused' | 'temporary' | 'unexpected';

export type StartTlsNegotiation =
  | {
      kind: 'ready';
      /** paused, no listeners: start TLS on it */
      socket: Socket;
      session: SmtpSession;
      /** bytes the server sent after its 220 and before any TLS (RFC 3207 §5: there must be none) */
      unexpectedBytes: number;
    }
  /** the server answered, but not with what lets us go on */
  | { kind: 'reply'; stage: SmtpStage; problem: ReplyProblem; reply: SmtpReply; session: SmtpSession }
  /** EHLO worked (or only HELO did) and STARTTLS is not among the extensions */
  | { kind: 'not_offered'; session: SmtpSession }
  | { kind: 'failed'; stage: SmtpStage; problem: StreamProblem; detail: string; session: SmtpSession };

/** A conversation on an open socket; used by `negotiateStartTls` and later by IMAP/POP3 siblings. */
export class SmtpConversation {
  readonly reader: LineReader;
  readonly session: SmtpSession;
  private readonly signal: AbortSignal | undefined;
  private readonly maxReplyLines: number;

  constructor(
    readonly socket: Socket,
    private readonly options: SmtpOptions = {},
  ) {
    this.reader = new LineReader(socket, { ...DEFAULT_LIMITS, ...options.limits });
    this.signal = options.signal;
    this.maxReplyLines = options.maxReplyLines ?? 100;
    this.session = { heloName: options.heloName ?? addressLiteral(socket.localAddress ?? '127.0.0.1'), extensions: [], transcript: [] };
  }

  /** Reads one complete reply; throws StreamError. */
  async readReply(timeoutMs: number): Promise<SmtpReply> {
    const assembler = new ReplyAssembler();
    // One deadline for the whole reply, not per line: a server dribbling lines cannot extend it.
    const started = Date.now();
    const deadline = started + timeoutMs;
    for (;;) {
      let line: string;
      try {
        line = await this.reader.readLine(Math.max(1, deadline - Date.now()), this.signal);
      } catch (error) {
        // Part of the reply came: the server is answering, only too slowly. Say so, with the
        // whole reply's time, rather than "no complete line" within what was left of the deadline.
        const lines = assembler.pendingLines;
        if (error instanceof StreamError && error.problem === 'timeout' && (lines > 0 || this.reader.pending > 0))
          throw new StreamError(
            'too_slow',
            `the server is too slow: its reply was still incomplete after ${Date.now() - started} ms (limit ${timeoutMs} ms; ${lines} ${lines === 1 ? 'line' : 'lines'} received)`,
          );
        throw error;
      }
      this.note(`S: ${line}`);
      let reply: SmtpReply | undefined;
      try {
        reply = assembler.push(line);
      } catch (error) {
        if (error instanceof ReplyFormatError) throw new StreamError('malformed', error.message);
        throw error;
      }
      if (reply) return reply;
      if (assembler.pendingLines >= this.maxReplyLines)
        throw new StreamError('too_much_data', `a reply of more than ${this.maxReplyLines} lines`);
    }
  }

  async command(text: string, timeoutMs = this.options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS): Promise<SmtpReply> {
    // A server speaks only in reply (RFC 5321 §4.3): bytes before our command would be taken for its answer.
    if (this.reader.pending > 0 && text !== 'QUIT')
      throw new StreamError('malformed', `${this.reader.pending} bytes arrived before ${text.split(' ')[0]} was sent`);
    this.note(`C: ${text}`);
    this.reader.write(`${text}\r\n`);
    return this.readReply(timeoutMs);
  }

  /** RFC 5321 §4.1.1.10: say goodbye and close; bounded, never throws. */
  async quit(): Promise<void> {
    try {
      if (!this.socket.destroyed && this.socket.writable) await this.command('QUIT', QUIT_WAIT_MS);
    } catch {
      // A server that does not answer QUIT is closed anyway.
    } finally {
      this.socket.destroy();
    }
  }

  private note(line: string): void {
    if (this.session.transcript.length < TRANSCRIPT_LINES)
      this.session.transcript.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
  }
}

/**
 * Greeting → EHLO (→ HELO) → STARTTLS on a connected socket. Except for `ready`, the socket is
 * closed before this returns (after a polite QUIT where the server is still listening).
 */
export async function negotiateStartTls(socket: Socket, options: SmtpOptions = {}): Promise<StartTlsNegotiation> {
  const c = new SmtpConversation(socket, options);
  const session = c.session;
  const replyMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  let stage: SmtpStage = 'greeting';
  const stop = async (result: Exclude<StartTlsNegotiation, { kind: 'ready' }>, polite: boolean) => {
    if (polite) await c.quit();
    else socket.destroy();
    return result;
  };
  try {
    const greeting = await c.readReply(options.greetingTimeoutMs ?? DEFAULT_GREETING_TIMEOUT_MS);
    session.greeting = greeting;
    const g = greetingMeaning(greeting.code);
    // RFC 5321 §3.1: after 554 the server waits for QUIT; after 421 it closes by itself.
    if (g !== 'ok') return await stop({ kind: 'reply', stage, problem: g, reply: greeting, session }, g === 'refused');

    stage = 'ehlo';
    const ehlo = await c.command(`EHLO ${session.heloName}`, replyMs);
    session.ehlo = ehlo;
    const e = ehloMeaning(ehlo.code);
    if (e === 'try_helo') {
      stage = 'helo';
      const helo = await c.command(`HELO ${session.heloName}`, replyMs);
      session.helo = helo;
      if (helo.code === 250) return await stop({ kind: 'not_offered', session }, true);
      return await stop(
        {
          kind: 'reply',
          stage,
          problem: helo.code === 421 ? 'rate_limited' : helo.code >= 500 ? 'refused' : helo.code >= 400 ? 'temporary' : 'unexpected',
          reply: helo,
          session,
        },
        helo.code !== 421,
      );
    }
    if (e !== 'ok') return await stop({ kind: 'reply', stage, problem: e, reply: ehlo, session }, e !== 'rate_limited');
    const extensions = ehloExtensions(ehlo);
    session.extensions = [...extensions].map(([k, params]) => [k, ...params].join(' '));
    // RFC 3207 §4: the client issues STARTTLS only when the server advertised it.
    if (!extensions.has('STARTTLS')) return await stop({ kind: 'not_offered', session }, true);

    stage = 'starttls';
    const reply = await c.command('STARTTLS', replyMs);
    session.starttls = reply;
    const s = startTlsMeaning(reply.code);
    if (s !== 'ready') return await stop({ kind: 'reply', stage, problem: s, reply, session }, s !== 'rate_limited');
    const rest = c.reader.detach();
    return { kind: 'ready', socket, session, unexpectedBytes: rest.length };
  } catch (error) {
    socket.destroy();
    if (error instanceof StreamError) return { kind: 'failed', stage, problem: error.problem, detail: error.message, session };
    throw error;
  }
}

export interface SmtpTarget {
  host: string;
  address: string;
  /** default 25 */
  port?: number;
}

export type SmtpProbe =
  | (StartTlsNegotiation & { endpoint: string })
  | { kind: 'connect_failed'; problem: ConnectProblem; detail: string; code?: string; endpoint: string };

/** How long new connections to a server that answered 421 fail fast (no retry storm). */
export const RATE_LIMIT_PAUSE_MS = 60_000;

/** Connects through `connect` and negotiates STARTTLS; connection failures are results too. */
export async function probeSmtpStartTls(
  connect: ConnectFn,
  target: SmtpTarget,
  options: SmtpOptions & { connectTimeoutMs?: number } = {},
): Promise<SmtpProbe> {
  const port = target.port ?? 25;
  let socket: Socket;
  try {
    socket = await connect({
      host: target.host,
      address: target.address,
      port,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.connectTimeoutMs ? { timeoutMs: options.connectTimeoutMs } : {}),
    });
  } catch (error) {
    if (error instanceof ConnectError)
      return {
        kind: 'connect_failed',
        problem: error.problem,
        detail: error.message,
        ...(error.code ? { code: error.code } : {}),
        endpoint: error.endpoint,
      };
    throw error;
  }
  const endpoint = formatEndpoint(socket.remoteAddress ?? target.address, socket.remotePort ?? port);
  const result = await negotiateStartTls(socket, options);
  if (result.kind === 'reply' && result.problem === 'rate_limited')
    connect.pause({ host: target.host, address: target.address, port }, RATE_LIMIT_PAUSE_MS);
  return { ...result, endpoint };
}

/** Why an opener could not deliver a socket ready for TLS. */
export class StartTlsUnavailableError extends Error {
  constructor(readonly probe: Exclude<SmtpProbe, { kind: 'ready' }>) {
    super(describeProbe(probe));
    this.name = 'StartTlsUnavailableError';
  }
}

function describeProbe(p: Exclude<SmtpProbe, { kind: 'ready' }>): string {
  switch (p.kind) {
    case 'connect_failed':
      return `connection failed (${p.problem}): ${p.detail}`;
    case 'reply':
      return `${p.stage}: ${replyText(p.reply).join(' / ')}`;
    case 'not_offered':
      return 'STARTTLS is not offered';
    case 'failed':
      return `${p.stage}: ${p.problem} (${p.detail})`;
  }
}

/**
 * For the TLS prober: each call opens a new connection and returns its socket right after the
 * 220 to STARTTLS; throws StartTlsUnavailableError otherwise (a 421 also pauses the address).
 */
export function smtpStartTlsOpener(
  connect: ConnectFn,
  target: SmtpTarget,
  options: SmtpOptions & { connectTimeoutMs?: number } = {},
): () => Promise<Socket> {
  return async () => {
    const probe = await probeSmtpStartTls(connect, target, options);
    if (probe.kind === 'ready') {
      if (probe.unexpectedBytes > 0) {
        probe.socket.destroy();
        throw new StartTlsUnavailableError({
          kind: 'failed',
          stage: 'starttls',
          problem: 'malformed',
          detail: `${probe.unexpectedBytes} bytes after the 220 reply to STARTTLS`,
          session: probe.session,
          endpoint: probe.endpoint,
        });
      }
      return probe.socket;
    }
    throw new StartTlsUnavailableError(probe);
  };
}
