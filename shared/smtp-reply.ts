/**
 * SMTP replies (RFC 5321 §4.2): parsing reply lines, assembling multi-line replies, reading the
 * EHLO extension list, and what a reply means at each step of a STARTTLS conversation
 * (RFC 3207 §4). Pure: the engine's socket code feeds it lines.
 */

export interface SmtpReply {
  code: number;
  /** text of each line after the code and separator */
  lines: string[];
}

export type ReplyLine = { code: number; last: boolean; text: string };

/**
 * RFC 5321 §4.2: `Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF`.
 * A bare code (`250`) is accepted as a last line, as §4.2.1 and real servers do. Returns null for
 * anything else (garbage, a non-SMTP service).
 */
export function parseReplyLine(line: string): ReplyLine | null {
  const m = /^([2-5][0-5][0-9])(?:([- ])(.*))?$/s.exec(line);
  if (!m) return null;
  // Control characters other than TAB have no place in a reply line (§4.2: textstring is VCHAR, SP, HTAB).
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(m[3] ?? '')) return null;
  return { code: Number(m[1]), last: m[2] !== '-', text: m[3] ?? '' };
}

/** Collects lines into replies; `push` returns the reply when its last line arrives. */
export class ReplyAssembler {
  private code: number | undefined;
  private lines: string[] = [];

  /** @throws ReplyFormatError for a line that is not a reply line or changes the code mid-reply */
  push(line: string): SmtpReply | undefined {
    const parsed = parseReplyLine(line);
    if (!parsed) throw new ReplyFormatError(line, 'not an SMTP reply line');
    // §4.2.1: every line of a multi-line reply carries the same code.
    if (this.code !== undefined && parsed.code !== this.code)
      throw new ReplyFormatError(line, `reply code changed from ${this.code} to ${parsed.code} within one reply`);
    this.code = parsed.code;
    this.lines.push(parsed.text);
    if (!parsed.last) return undefined;
    const reply = { code: parsed.code, lines: this.lines };
    this.code = undefined;
    this.lines = [];
    return reply;
  }

  get pendingLines(): number {
    return this.lines.length;
  }
}

export class ReplyFormatError extends Error {
  constructor(
    readonly line: string,
    reason: string,
  ) {
    super(`${reason}: ${JSON.stringify(line.slice(0, 80))}`);
    this.name = 'ReplyFormatError';
  }
}

/** One line of text for evidence: `250-…`, `250 …`. */
export function replyText(reply: SmtpReply): string[] {
  return reply.lines.map((text, i) => `${reply.code}${i === reply.lines.length - 1 ? ' ' : '-'}${text}`.trimEnd());
}

/**
 * RFC 5321 §4.1.1.1: the first line of a 250 EHLO reply greets, each further line names one
 * extension: `ehlo-keyword *( SP ehlo-param )`. Keywords are upper-cased, params kept.
 */
export function ehloExtensions(reply: SmtpReply): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (reply.code !== 250) return out;
  for (const line of reply.lines.slice(1)) {
    const [keyword, ...params] = line.trim().split(/\s+/);
    if (keyword && /^[A-Za-z0-9][A-Za-z0-9-]*$/.test(keyword)) out.set(keyword.toUpperCase(), params);
  }
  return out;
}

export type GreetingMeaning = 'ok' | 'rate_limited' | 'refused' | 'unexpected';
export type EhloMeaning = 'ok' | 'try_helo' | 'rate_limited' | 'temporary' | 'unexpected';
export type StartTlsMeaning = 'ready' | 'temporarily_refused' | 'rate_limited' | 'refused' | 'unexpected';

/** RFC 5321 §3.1, §4.2.2–4.2.3: 220 ready, 421 not available now (often rate limiting), 554 no service for us. */
export function greetingMeaning(code: number): GreetingMeaning {
  if (code === 220) return 'ok';
  if (code === 421) return 'rate_limited';
  if (code === 554 || (code >= 500 && code < 600)) return 'refused';
  return 'unexpected';
}

/** RFC 5321 §4.1.4, §3.2: a server that does not know EHLO answers 5xx and the client falls back to HELO. */
export function ehloMeaning(code: number): EhloMeaning {
  if (code === 250) return 'ok';
  if (code === 421) return 'rate_limited';
  if (code >= 500 && code < 600) return 'try_helo';
  if (code >= 400 && code < 500) return 'temporary';
  return 'unexpected';
}

/** RFC 3207 §4: 220 ready to start TLS, 454 TLS not available due to a temporary reason, 501 syntax; 421 closing (§4.2.2 of RFC 5321). */
export function startTlsMeaning(code: number): StartTlsMeaning {
  if (code === 220) return 'ready';
  if (code === 454) return 'temporarily_refused';
  if (code === 421) return 'rate_limited';
  if (code >= 500 && code < 600) return 'refused';
  return 'unexpected';
}

/**
 * RFC 5321 §4.1.3 address literal of the client's own address, for EHLO when no name is set:
 * `[192.0.2.1]`, `[IPv6:2001:db8::1]`.
 */
export function addressLiteral(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `[${mapped[1]}]`;
  return address.includes(':') ? `[IPv6:${address}]` : `[${address}]`;
}
