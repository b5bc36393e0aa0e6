/**
 * Quoting for everything the app asks a user to paste: PowerShell commands, DNS zone-file lines,
 * registry snippets. Values read from the network (TXT records, selectors, tenant names, MX
 * hosts) only ever reach generated text through these functions, so a record containing quotes,
 * `$(...)`, backticks or a newline stays data and never becomes code.
 */
import { UNSAFE_CHARACTER_CLASS } from './display';
import { parseDomainName } from './domain-name';

export type QuoteErrorReason = 'control_character' | 'invalid_name' | 'invalid_ttl' | 'invalid_registry_path';

export class QuoteError extends Error {
  constructor(
    readonly reason: QuoteErrorReason,
    readonly value: string,
    detail?: string,
  ) {
    super(`${reason}: ${JSON.stringify(value)}${detail ? ` (${detail})` : ''}`);
    this.name = 'QuoteError';
  }
}

// C0/C1 controls, DEL, line/paragraph separators, and the bidirectional format characters that
// can make pasted text read differently from what runs ("Trojan Source", CVE-2021-42574): the
// same characters every view shows escaped (display.ts), so what is refused here is what shows.
const UNSAFE_CHARACTERS = new RegExp(UNSAFE_CHARACTER_CLASS, 'u');

/** True when the text holds a character that must never appear inside a pasted command. */
export function hasUnsafeCharacter(value: string): boolean {
  return UNSAFE_CHARACTERS.test(value);
}

// PowerShell treats the typographic single quotes as quote characters too (about_Quoting_Rules):
// each must be doubled inside a single-quoted string, like the ASCII one.
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/gu;

/**
 * A PowerShell verbatim (single-quoted) string literal. Inside single quotes PowerShell expands
 * nothing (`$`, backtick, `$(...)` are plain text); the only special characters are the quotes
 * themselves, which are doubled. Control characters and line breaks are refused: a pasted
 * newline would end the command.
 */
export function psString(value: string): string {
  if (hasUnsafeCharacter(value)) throw new QuoteError('control_character', value);
  return `'${value.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}

/** A comma-separated PowerShell array of single-quoted strings. */
export function psArray(values: readonly string[]): string {
  return values.map(psString).join(',');
}

/**
 * A validated DNS name in absolute presentation form (A-label, trailing dot). Service labels
 * (`_dmarc`, `_domainkey`, `_25._tcp`) are allowed; anything else that is not a host name is
 * refused rather than quoted, because zone files have no quoting for owner names that is
 * portable across DNS hosting panels.
 */
export function dnsName(name: string, options: { allowServiceLabels?: boolean } = {}): string {
  if (hasUnsafeCharacter(name)) throw new QuoteError('control_character', name);
  const parsed = parseDomainName(name, { allowServiceLabels: options.allowServiceLabels ?? true });
  if (!parsed.ok) throw new QuoteError('invalid_name', name, parsed.reason);
  return `${parsed.ascii}.`;
}

/** True when `name` is a valid DNS name for `dnsName`. */
export function isValidDnsName(name: string, options: { allowServiceLabels?: boolean } = {}): boolean {
  try {
    dnsName(name, options);
    return true;
  } catch {
    return false;
  }
}

/** RFC 1035 §3.3: a <character-string> is a length octet followed by at most 255 octets. */
export const MAX_CHARACTER_STRING = 255;

const encoder = new TextEncoder();

function escapeCharacterString(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    // RFC 1035 §5.1: \DDD is the octet with decimal value DDD.
    else out += `\\${b.toString().padStart(3, '0')}`;
  }
  return `"${out}"`;
}

/**
 * TXT RDATA in presentation format (RFC 1035 §5.1): the UTF-8 octets of `value` split into
 * character-strings of at most 255 octets, each in double quotes, with `"` and `\` escaped and
 * every octet outside printable ASCII written as `\DDD`. Receivers of SPF and DMARC join the
 * strings without separators (RFC 7208 §3.3, RFC 7489 §6.4), so the split point is irrelevant.
 */
export function txtRdata(value: string): string {
  const bytes = encoder.encode(value);
  if (bytes.length === 0) return '""';
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += MAX_CHARACTER_STRING)
    parts.push(escapeCharacterString(bytes.subarray(i, i + MAX_CHARACTER_STRING)));
  return parts.join(' ');
}

export type ZoneRecordType = 'TXT' | 'CNAME' | 'MX' | 'TLSA';

/**
 * One zone-file line, `<owner> <ttl> IN <type> <rdata>`. The owner is validated here; `rdata`
 * must come from `txtRdata`, `dnsName` or the typed helpers below.
 */
export function zoneLine(owner: string, type: ZoneRecordType, rdata: string, ttl?: number): string {
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 2_147_483_647)) throw new QuoteError('invalid_ttl', String(ttl));
  if (hasUnsafeCharacter(rdata)) throw new QuoteError('control_character', rdata);
  return `${dnsName(owner)}${ttl !== undefined ? ` ${ttl}` : ''} IN ${type} ${rdata}`;
}

export function txtLine(owner: string, value: string, ttl?: number): string {
  return zoneLine(owner, 'TXT', txtRdata(value), ttl);
}

export function cnameLine(owner: string, target: string, ttl?: number): string {
  return zoneLine(owner, 'CNAME', dnsName(target, { allowServiceLabels: true }), ttl);
}

export function mxLine(owner: string, preference: number, exchange: string, ttl?: number): string {
  if (!Number.isInteger(preference) || preference < 0 || preference > 65535)
    throw new QuoteError('invalid_name', String(preference), 'MX preference');
  return zoneLine(owner, 'MX', `${preference} ${dnsName(exchange, { allowServiceLabels: false })}`, ttl);
}

/** RFC 6698 §2.2: usage, selector, matching type, then the association data in hex. */
export function tlsaLine(owner: string, usage: number, selector: number, matching: number, hex: string, ttl?: number): string {
  if (![usage, selector, matching].every((n) => Number.isInteger(n) && n >= 0 && n <= 255) || !/^(?:[0-9a-f]{2})+$/i.test(hex)) {
    throw new QuoteError('invalid_name', `${usage} ${selector} ${matching} ${hex}`, 'TLSA data');
  }
  return zoneLine(owner, 'TLSA', `${usage} ${selector} ${matching} ${hex.toLowerCase()}`, ttl);
}

// Registry paths we write are constants; refuse anything a .reg parser or PowerShell provider
// would read differently (brackets end the key in .reg, quotes end the PowerShell literal).
const REGISTRY_PATH = /^HKLM:\\[A-Za-z0-9 ._\\-]+$/;

/** A HKLM path as `HKLM:\...` (PowerShell) and `HKEY_LOCAL_MACHINE\...` (.reg). */
export function registryPath(path: string): { powershell: string; reg: string } {
  if (!REGISTRY_PATH.test(path) || path.includes('\\\\') || path.endsWith('\\')) throw new QuoteError('invalid_registry_path', path);
  return { powershell: path, reg: `HKEY_LOCAL_MACHINE\\${path.slice('HKLM:\\'.length)}` };
}

/** `.reg` string data: double quotes, with `\` and `"` escaped (regedit's import format). */
export function regString(value: string): string {
  if (hasUnsafeCharacter(value)) throw new QuoteError('control_character', value);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
