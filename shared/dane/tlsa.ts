/**
 * TLSA records (RFC 6698) as the DANE check reads them: the presentation format, the RFC 7218
 * mnemonics, which records an SMTP client may use (RFC 7672 §3.1) and whether the RRset is ready
 * for a key rollover (RFC 7671 §8). Pure: it loads in the renderer too.
 */

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** certificate association data, hex, upper-case ('' when the record carries none) */
  data: string;
}

// --- RFC 7218 mnemonics ---

export const TLSA_USAGES = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' } as const;
export const TLSA_SELECTORS = { 0: 'Cert', 1: 'SPKI' } as const;
export const TLSA_MATCHING_TYPES = { 0: 'Full', 1: 'SHA2-256', 2: 'SHA2-512' } as const;

export type TlsaUsageMnemonic = (typeof TLSA_USAGES)[keyof typeof TLSA_USAGES];
export type TlsaSelectorMnemonic = (typeof TLSA_SELECTORS)[keyof typeof TLSA_SELECTORS];
export type TlsaMatchingTypeMnemonic = (typeof TLSA_MATCHING_TYPES)[keyof typeof TLSA_MATCHING_TYPES];

export function usageMnemonic(usage: number): TlsaUsageMnemonic | undefined {
  return (TLSA_USAGES as Record<number, TlsaUsageMnemonic>)[usage];
}

export function selectorMnemonic(selector: number): TlsaSelectorMnemonic | undefined {
  return (TLSA_SELECTORS as Record<number, TlsaSelectorMnemonic>)[selector];
}

export function matchingTypeMnemonic(matchingType: number): TlsaMatchingTypeMnemonic | undefined {
  return (TLSA_MATCHING_TYPES as Record<number, TlsaMatchingTypeMnemonic>)[matchingType];
}

/** `DANE-EE(3) SPKI(1) SHA2-256(1)`; a value without a mnemonic stays a bare number. */
export function describeTlsaParameters(r: Pick<TlsaRecord, 'usage' | 'selector' | 'matchingType'>): string {
  const one = (name: string | undefined, n: number) => (name ? `${name}(${n})` : String(n));
  return [
    one(usageMnemonic(r.usage), r.usage),
    one(selectorMnemonic(r.selector), r.selector),
    one(matchingTypeMnemonic(r.matchingType), r.matchingType),
  ].join(' ');
}

// --- presentation format (RFC 6698 §2.2) ---

export class TlsaSyntaxError extends Error {
  constructor(
    message: string,
    readonly text: string,
  ) {
    super(`${message}: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`);
    this.name = 'TlsaSyntaxError';
  }
}

const OCTET = /^[0-9]{1,3}$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

function octet(field: string | undefined, what: string, text: string): number {
  if (field === undefined || !OCTET.test(field) || Number(field) > 255) throw new TlsaSyntaxError(`${what} is not a number 0–255`, text);
  return Number(field);
}

/**
 * Parses `3 1 1 ABCD…`: three 8-bit fields in decimal, then the data in hex, which may be split by
 * white space (RFC 6698 §2.2) and may be empty, as our DNS layer renders an RDATA without it.
 * The RFC 3597 generic form `\# 35 030101AB…` is accepted too. Throws `TlsaSyntaxError`.
 */
export function parseTlsaText(text: string): TlsaRecord {
  const fields = text.trim().split(/\s+/).filter(Boolean);
  if (fields[0] === '\\#') return parseGeneric(fields, text);
  if (fields.length < 3) throw new TlsaSyntaxError('TLSA needs usage, selector and matching type', text);
  const usage = octet(fields[0], 'usage', text);
  const selector = octet(fields[1], 'selector', text);
  const matchingType = octet(fields[2], 'matching type', text);
  const data = fields.slice(3).join('');
  if (!HEX.test(data)) throw new TlsaSyntaxError('association data is not hex of whole octets', text);
  return { usage, selector, matchingType, data: data.toUpperCase() };
}

function parseGeneric(fields: string[], text: string): TlsaRecord {
  const length = fields[1] !== undefined && /^[0-9]{1,5}$/.test(fields[1]) ? Number(fields[1]) : NaN;
  const hex = fields.slice(2).join('');
  if (Number.isNaN(length) || !HEX.test(hex) || hex.length !== length * 2) throw new TlsaSyntaxError('malformed RFC 3597 RDATA', text);
  if (length < 3) throw new TlsaSyntaxError('TLSA RDATA shorter than 3 octets', text);
  const byte = (i: number) => parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return { usage: byte(0), selector: byte(1), matchingType: byte(2), data: hex.slice(6).toUpperCase() };
}

/** `3 1 1 ABCD…` (data upper-case, as our DNS layer prints it); throws `TlsaSyntaxError` for a record no zone could hold. */
export function formatTlsa(r: TlsaRecord): string {
  const fields = [r.usage, r.selector, r.matchingType];
  const text = `${fields.join(' ')}${r.data ? ` ${r.data.toUpperCase()}` : ''}`;
  if (!fields.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) || !HEX.test(r.data))
    throw new TlsaSyntaxError('not a valid TLSA record', text);
  return text;
}

// --- usability for SMTP (RFC 7672 §3.1) ---

export type TlsaUnusableReason =
  /** PKIX-TA(0) / PKIX-EE(1): RFC 7672 §3.1.3 */
  | 'usage-pkix'
  | 'unknown-usage'
  | 'unknown-selector'
  | 'unknown-matching-type'
  /** a SHA2-256 digest that is not 32 octets, or a SHA2-512 one not 64 */
  | 'bad-digest-length'
  /** Full(0) with no data */
  | 'full-data-empty';

export interface TlsaClassification {
  usable: boolean;
  reason?: TlsaUnusableReason;
}

const DIGEST_OCTETS: Record<number, number> = { 1: 32, 2: 64 };

/**
 * Whether an SMTP client may use the record. RFC 7672 §3.1: only DANE-TA(2) and DANE-EE(3) are
 * usable for SMTP; PKIX-TA(0) and PKIX-EE(1) "MUST be treated as unusable" (§3.1.3); values not in
 * the RFC 6698 §7.2–7.4 registries are unusable (RFC 6698 §4.1, RFC 7671 §4). A digest of the
 * wrong length can never match, so it is unusable too (as OpenSSL's DANE code treats it).
 */
export function classifyTlsa(r: TlsaRecord): TlsaClassification {
  if (r.usage === 0 || r.usage === 1) return { usable: false, reason: 'usage-pkix' };
  if (r.usage !== 2 && r.usage !== 3) return { usable: false, reason: 'unknown-usage' };
  if (r.selector !== 0 && r.selector !== 1) return { usable: false, reason: 'unknown-selector' };
  if (r.matchingType !== 0 && r.matchingType !== 1 && r.matchingType !== 2) return { usable: false, reason: 'unknown-matching-type' };
  const octets = r.data.length / 2;
  if (r.matchingType === 0) return octets === 0 ? { usable: false, reason: 'full-data-empty' } : { usable: true };
  return octets === DIGEST_OCTETS[r.matchingType] ? { usable: true } : { usable: false, reason: 'bad-digest-length' };
}

// --- rollover readiness (RFC 7671 §8) ---

export interface RolloverReadiness {
  ready: boolean;
  /**
   * `next-key-published`: a usable record with the same parameters as a matching one matches
   * something else — the next key (RFC 7671 §8.1); `ta-and-ee`: DANE-EE and DANE-TA records both
   * match, so a new key from the same issuer stays authenticated (RFC 7672 §3.1, "3 1 1" +
   * "2 1 1"); `single-record`: only the current key is published; `no-match`: no usable record
   * matches the current chain, so there is nothing to roll over from.
   */
  why: 'next-key-published' | 'ta-and-ee' | 'single-record' | 'no-match';
}

/**
 * Whether the RRset survives the next certificate change, given which records (indexes into
 * `records`) matched the served chain. A non-matching record counts as a published next key only
 * when a matching record has the same usage, selector and matching type: RFC 7671 §8.1 augments
 * the current records with "corresponding records", and §8.4 wants each parameter combination to
 * match the current chain on its own (a stale record is indistinguishable and counts as well).
 */
export function rolloverReadiness(records: readonly TlsaRecord[], matchedIndexes: Iterable<number>): RolloverReadiness {
  const matched = new Set(matchedIndexes);
  const usable = records.map((r) => classifyTlsa(r).usable);
  const current = records.filter((_, i) => usable[i] && matched.has(i));
  if (current.length === 0) return { ready: false, why: 'no-match' };
  const parameters = (r: TlsaRecord) => `${r.usage} ${r.selector} ${r.matchingType}`;
  const currentParameters = new Set(current.map(parameters));
  const next = records.some((r, i) => usable[i] && !matched.has(i) && currentParameters.has(parameters(r)));
  if (next) return { ready: true, why: 'next-key-published' };
  if (current.some((r) => r.usage === 3) && current.some((r) => r.usage === 2)) return { ready: true, why: 'ta-and-ee' };
  return { ready: false, why: 'single-record' };
}
