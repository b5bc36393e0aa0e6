/**
 * SPF macros (RFC 7208 §7): parsing of macro-strings and domain-specs, and their expansion.
 *
 *   macro-string = *( macro-expand / macro-literal )
 *   macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
 *   macro-literal = %x21-24 / %x26-7E
 *   transformers = *DIGIT [ "r" ]
 *   delimiter    = "." / "-" / "+" / "," / "/" / "_" / "="
 *   domain-spec  = macro-string domain-end
 *   domain-end   = ( "." toplabel [ "." ] ) / macro-expand
 */
import { dottedIp, formatIp, type IpAddress } from './ip';

export type MacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'c' | 'r' | 't' | 'v';

export type MacroToken =
  | { type: 'literal'; text: string; /** true for %% %_ %- (they count as macro-expand in domain-end) */ escape?: boolean }
  | {
      type: 'macro';
      letter: MacroLetter;
      /** upper-case letter: URL-escape the result (§7.3) */ escape: boolean;
      digits?: number;
      reverse: boolean;
      delimiters: string;
      raw: string;
    };

export type MacroErrorCode = 'invalid_macro' | 'unknown_macro_letter' | 'macro_letter_not_allowed' | 'zero_digits' | 'invalid_character';

export interface MacroError {
  code: MacroErrorCode;
  /** offset in the macro-string */
  position: number;
  /** the offending text */
  text: string;
}

export type MacroParse = { ok: true; tokens: MacroToken[] } | { ok: false; error: MacroError };

const LETTERS = new Set(['s', 'l', 'o', 'd', 'i', 'p', 'h', 'c', 'r', 't', 'v']);
// RFC 7208 §7.3: c, r and t are only allowed in the explanation string.
const EXP_ONLY = new Set(['c', 'r', 't']);

/**
 * Parses a macro-string. `explanation` allows the exp-only letters and spaces (RFC 7208 §6.2
 * explain-string = *( macro-string / SP )).
 */
export function parseMacroString(text: string, options: { explanation?: boolean } = {}): MacroParse {
  const tokens: MacroToken[] = [];
  let literal = '';
  const flush = () => {
    if (literal) tokens.push({ type: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length;) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (ch !== '%') {
      const allowed = (code >= 0x21 && code <= 0x7e) || (options.explanation && code === 0x20);
      if (!allowed) return { ok: false, error: { code: 'invalid_character', position: i, text: ch } };
      literal += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      flush();
      tokens.push({ type: 'literal', text: next === '%' ? '%' : next === '_' ? ' ' : '%20', escape: true });
      i += 2;
      continue;
    }
    if (next !== '{') return { ok: false, error: { code: 'invalid_macro', position: i, text: text.slice(i, i + 2) } };
    const close = text.indexOf('}', i + 2);
    if (close < 0) return { ok: false, error: { code: 'invalid_macro', position: i, text: text.slice(i) } };
    const raw = text.slice(i, close + 1);
    const m = /^%\{([a-zA-Z])(\d*)([rR]?)([.\-+,/_=]*)\}$/.exec(raw);
    if (!m) {
      const letter = raw[2];
      const code2 = letter && !LETTERS.has(letter.toLowerCase()) ? 'unknown_macro_letter' : 'invalid_macro';
      return { ok: false, error: { code: code2, position: i, text: raw } };
    }
    const letterText = m[1]!;
    const letter = letterText.toLowerCase();
    if (!LETTERS.has(letter)) return { ok: false, error: { code: 'unknown_macro_letter', position: i, text: raw } };
    if (EXP_ONLY.has(letter) && !options.explanation)
      return { ok: false, error: { code: 'macro_letter_not_allowed', position: i, text: raw } };
    // RFC 7208 §7.3: "If a DIGIT is specified, the value MUST be nonzero."
    if (m[2] && Number(m[2]) === 0) return { ok: false, error: { code: 'zero_digits', position: i, text: raw } };
    flush();
    tokens.push({
      type: 'macro',
      letter: letter as MacroLetter,
      escape: letterText !== letter,
      ...(m[2] ? { digits: Number(m[2]) } : {}),
      reverse: m[3] !== '',
      delimiters: m[4] ?? '',
      raw,
    });
    i = close + 1;
  }
  flush();
  return { ok: true, tokens };
}

// RFC 7208 §7.1 toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

export type DomainSpecErrorCode = MacroErrorCode | 'empty_domain' | 'invalid_domain_end';

export type DomainSpecParse =
  { ok: true; tokens: MacroToken[] } | { ok: false; error: { code: DomainSpecErrorCode; position: number; text: string } };

/** Parses a domain-spec (RFC 7208 §7.1): a macro-string ending in a macro or in "." toplabel. */
export function parseDomainSpec(text: string): DomainSpecParse {
  if (text === '') return { ok: false, error: { code: 'empty_domain', position: 0, text } };
  const parsed = parseMacroString(text);
  if (!parsed.ok) return parsed;
  const last = parsed.tokens[parsed.tokens.length - 1]!;
  if (last.type === 'macro' || last.escape) return parsed;
  // The trailing literal must be "." toplabel [ "." ].
  let tail = last.text;
  if (tail.endsWith('.')) tail = tail.slice(0, -1);
  const dot = tail.lastIndexOf('.');
  const toplabel = dot < 0 ? undefined : tail.slice(dot + 1);
  if (toplabel === undefined || !TOPLABEL.test(toplabel)) {
    return { ok: false, error: { code: 'invalid_domain_end', position: text.length - last.text.length, text: toplabel ?? last.text } };
  }
  return parsed;
}

/** What the macro letters stand for during one check_host() evaluation (RFC 7208 §7.3). */
export interface MacroContext {
  /** <sender>: local-part@domain */
  sender: string;
  localPart: string;
  senderDomain: string;
  /** <domain> of the record being evaluated */
  domain: string;
  ip: IpAddress;
  helo: string;
  /** host performing the check (`r`) */
  receiver: string;
  /** epoch seconds (`t`) */
  timestamp: number;
  /** validated domain name of <ip> (`p`), "unknown" when there is none */
  validatedName?: (domain: string) => Promise<string>;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** RFC 7208 §7.3: upper-case macros are URL-escaped (RFC 3986 §2.3 unreserved kept as is). */
export function urlEscape(value: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

async function letterValue(letter: MacroLetter, ctx: MacroContext): Promise<string> {
  switch (letter) {
    case 's':
      return ctx.sender;
    case 'l':
      return ctx.localPart;
    case 'o':
      return ctx.senderDomain;
    case 'd':
      return ctx.domain;
    case 'i':
      return dottedIp(ctx.ip);
    case 'p':
      return ctx.validatedName ? ctx.validatedName(ctx.domain) : 'unknown';
    case 'v':
      return ctx.ip.version === 4 ? 'in-addr' : 'ip6';
    case 'h':
      return ctx.helo;
    case 'c':
      return formatIp(ctx.ip);
    case 'r':
      return ctx.receiver;
    case 't':
      return String(ctx.timestamp);
  }
}

/**
 * RFC 7208 §7.3 transformers: split on the delimiters (default "."), optionally reverse, keep
 * the right-most `digits` parts, join with ".".
 */
export function transform(value: string, digits: number | undefined, reverse: boolean, delimiters: string): string {
  const delims = delimiters || '.';
  let parts: string[] = [''];
  for (const ch of value) {
    if (delims.includes(ch)) parts.push('');
    else parts[parts.length - 1] += ch;
  }
  if (reverse) parts.reverse();
  if (digits !== undefined && digits < parts.length) parts = parts.slice(parts.length - digits);
  return parts.join('.');
}

export async function expandMacroString(tokens: readonly MacroToken[], ctx: MacroContext): Promise<string> {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'literal') {
      out += t.text;
      continue;
    }
    const value = transform(await letterValue(t.letter, ctx), t.digits, t.reverse, t.delimiters);
    out += t.escape ? urlEscape(value) : value;
  }
  return out;
}

/**
 * Expands a domain-spec into a name to query: trailing dot removed and, per RFC 7208 §7.3, an
 * expansion longer than 253 characters loses labels from the left until it fits.
 */
export async function expandDomainSpec(tokens: readonly MacroToken[], ctx: MacroContext): Promise<string> {
  let name = await expandMacroString(tokens, ctx);
  if (name.endsWith('.')) name = name.slice(0, -1);
  while (name.length > 253) {
    const dot = name.indexOf('.');
    if (dot < 0) break;
    name = name.slice(dot + 1);
  }
  return name;
}

/** True when the macro-string contains a macro whose value depends on the message (not %% %_ %-). */
export function hasMacros(tokens: readonly MacroToken[]): boolean {
  return tokens.some((t) => t.type === 'macro');
}
