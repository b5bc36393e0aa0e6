/**
 * Trust-anchor files: DS and DNSKEY records in master-file presentation format (RFC 1035 §5.1,
 * RFC 4034 §2.2 and §5.3) as `dnssec-keygen`, `dnssec-dsfromkey`, `ldns-keygen` and `ldns-key2ds`
 * write them, or BIND's `trust-anchors { … };` block (also `managed-keys`, `trusted-keys`), as
 * `bind.keys` and named.conf snippets hold them.
 *
 * Strict on purpose: a trust anchor decides which answers the audit believes, so anything we cannot
 * read exactly (relative names, `$ORIGIN`, other record types, a revoked key) is an error with a line
 * number rather than something skipped.
 */

import { decodeBase64 } from '../dkim';
import { algorithmFromMnemonic } from './algorithms';
import type { DnskeyData, DsData, TrustAnchor } from './types';

/** A trust-anchor file we refuse. `line` is 1-based; 0 means the file as a whole. */
export class TrustAnchorError extends Error {
  readonly line: number;
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.name = 'TrustAnchorError';
    this.line = line;
    this.reason = reason;
  }
}

/** A real trust-anchor file is a few kilobytes; this bounds the work on whatever else is handed to us. */
const MAX_TEXT = 1_000_000;

/** RFC 4034 §2.1.1: bit 7 (value 256) marks a zone key; RFC 5011 §3: bit 8 (value 128) is REVOKE. */
const ZONE_KEY = 0x0100;
const REVOKE = 0x0080;

/** Digest sizes: SHA-1 (RFC 4034 §5.1.4), SHA-256 (RFC 4509 §2.1), GOST R 34.11-94 (RFC 5933 §4), SHA-384 (RFC 6605 §2). */
const DIGEST_BYTES: ReadonlyMap<number, number> = new Map([
  [1, 20],
  [2, 32],
  [3, 32],
  [4, 48],
]);

/** Public-key sizes: ECDSA P-256/P-384 (RFC 6605 §4), Ed25519/Ed448 (RFC 8080 §3). */
const KEY_BYTES: ReadonlyMap<number, number> = new Map([
  [13, 64],
  [14, 96],
  [15, 32],
  [16, 57],
]);

/** RSA algorithms whose key is RFC 3110 §2 exponent-length | exponent | modulus. */
const RSA_ALGORITHMS = new Set([1, 5, 7, 8, 10]);

/** BIND named.conf statements that hold trust anchors (`dnssec-keys` was their name in BIND 9.15). */
const BIND_BLOCKS = new Set(['trust-anchors', 'managed-keys', 'trusted-keys', 'dnssec-keys']);
const BIND_KINDS = new Set(['initial-key', 'static-key', 'initial-ds', 'static-ds']);

/** Types that are records but not trust anchors: named, so the error says what the line is. */
const OTHER_TYPES = new Set(
  'A AAAA AFSDB APL CAA CDNSKEY CDS CERT CNAME CSYNC DHCID DLV DNAME HINFO HIP HTTPS IPSECKEY KEY KX LOC MX NAPTR NSEC NSEC3 NSEC3PARAM OPENPGPKEY PTR RP RRSIG SIG SMIMEA SPF SRV SSHFP SVCB TA TKEY TLSA TSIG TXT URI ZONEMD'.split(
    ' ',
  ),
);

interface Token {
  text: string;
  line: number;
  quoted: boolean;
}

/**
 * Reads a trust-anchor file. `source` names it in each anchor's `source` (`${source}:${line}`).
 * Bytes are decoded as UTF-8; undecodable bytes are reported as an error, not replaced.
 */
export function parseTrustAnchorFile(input: string | Uint8Array, source: string): TrustAnchor[] {
  let text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  if (text.length > MAX_TEXT) throw new TrustAnchorError(0, `the file is larger than ${MAX_TEXT} characters; not a trust-anchor file`);
  if (text.startsWith('\ufeff')) text = text.slice(1);
  checkText(text);
  const anchors = isBindConfig(text) ? parseBindConfig(text, source) : parseMasterFile(text, source);
  if (anchors.length === 0) throw new TrustAnchorError(0, 'no DS or DNSKEY record found');
  return anchors;
}

/** `example. IN DS 12345 13 2 ABCD…`: owner with trailing dot, digest in upper-case hex (as dnssec-dsfromkey). */
export function formatDs(owner: string, ds: DsData): string {
  return `${absolute(owner)} IN DS ${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${toHex(ds.digest)}`;
}

/** `example. IN DNSKEY 257 3 13 base64…` */
export function formatDnskey(owner: string, key: DnskeyData): string {
  return `${absolute(owner)} IN DNSKEY ${key.flags} ${key.protocol} ${key.algorithm} ${toBase64(key.publicKey)}`;
}

function absolute(owner: string): string {
  return owner === '' ? '.' : `${owner}.`;
}

/** Text that is not UTF-8 (decoded to U+FFFD) or holds control characters is a binary file, not ours. */
function checkText(text: string): void {
  const bad = /[\ufffd\x00-\x08\x0e-\x1f\x7f]/.exec(text);
  if (!bad) return;
  const line = lineAt(text, bad.index);
  if (bad[0] === '\ufffd') throw new TrustAnchorError(line, 'the file is not UTF-8 text');
  const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  throw new TrustAnchorError(line, `binary data (control character U+${code}); not a text file`);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------
// Master-file format (RFC 1035 §5.1)

/** One logical record: the tokens of one line, or of several joined by parentheses. */
interface Entry {
  line: number;
  /** the line began with blank space: RFC 1035 §5.1 says the owner is the previous record's */
  ownerOmitted: boolean;
  tokens: Token[];
}

function parseMasterFile(text: string, source: string): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  let previousOwner: string | undefined;
  for (const entry of masterEntries(text)) {
    const first = entry.tokens[0];
    if (!first) continue;
    if (!entry.ownerOmitted && !first.quoted && first.text.startsWith('$')) {
      directive(first);
      continue;
    }
    let owner: string;
    let index = 0;
    if (entry.ownerOmitted) {
      if (previousOwner === undefined)
        throw new TrustAnchorError(entry.line, 'the record starts with blank space but no earlier record gives its owner name');
      owner = previousOwner;
    } else {
      if (first.quoted) throw new TrustAnchorError(first.line, 'the owner name is a quoted string');
      owner = parseName(first.text, first.line, true);
      index = 1;
    }
    previousOwner = owner;

    // RFC 1035 §5.1: TTL and class are optional and may come in either order.
    let ttlSeen = false;
    let classSeen = false;
    for (;;) {
      const token = entry.tokens[index];
      if (!token || token.quoted) break;
      if (!ttlSeen && isTtl(token.text)) {
        checkTtl(token);
        ttlSeen = true;
      } else if (!classSeen && /^(IN|CH|CS|HS|ANY|NONE|CLASS\d+)$/i.test(token.text)) {
        if (!/^(IN|CLASS0*1)$/i.test(token.text)) throw new TrustAnchorError(token.line, `class ${token.text}: trust anchors are class IN`);
        classSeen = true;
      } else break;
      index++;
    }
    const typeToken = entry.tokens[index];
    if (!typeToken) throw new TrustAnchorError(entry.line, 'the record has no type (expected DS or DNSKEY)');
    const type = recordType(typeToken);
    const rdata = entry.tokens.slice(index + 1);
    for (const token of rdata) if (token.quoted) throw new TrustAnchorError(token.line, `a quoted string in ${type} data`);
    anchors.push(type === 'DS' ? dsAnchor(owner, rdata, entry.line, source) : dnskeyAnchor(owner, rdata, entry.line, source));
  }
  return anchors;
}

function directive(token: Token): void {
  const name = token.text.toUpperCase();
  if (name === '$TTL') return; // a default TTL changes nothing about an anchor
  if (name === '$ORIGIN')
    throw new TrustAnchorError(token.line, '$ORIGIN is not supported: write every owner as an absolute name ending in "."');
  if (name === '$INCLUDE') throw new TrustAnchorError(token.line, '$INCLUDE is not supported: put the records in this file');
  throw new TrustAnchorError(token.line, `unknown directive ${token.text}`);
}

/** DS or DNSKEY, or an error naming what the line is instead. */
function recordType(token: Token): 'DS' | 'DNSKEY' {
  const type = token.text.toUpperCase();
  if (type === 'DS' || type === 'DNSKEY') return type;
  if (type === 'SOA' || type === 'NS') {
    throw new TrustAnchorError(
      token.line,
      `${type} record: this looks like a zone file; a trust-anchor file holds only DS and DNSKEY records`,
    );
  }
  if (type === 'CDS' || type === 'CDNSKEY') {
    throw new TrustAnchorError(token.line, `${type} record is not a trust anchor; write it as ${type.slice(1)}`);
  }
  if (OTHER_TYPES.has(type) || /^TYPE\d+$/.test(type)) {
    throw new TrustAnchorError(token.line, `${type} record is not a trust anchor; only DS and DNSKEY records are accepted`);
  }
  if (token.text === '{' || token.text === '}') {
    throw new TrustAnchorError(
      token.line,
      'unexpected brace: only trust-anchors, managed-keys and trusted-keys blocks of BIND configuration are read',
    );
  }
  throw new TrustAnchorError(token.line, `unknown record type "${token.text}" (expected DS or DNSKEY)`);
}

/** TTL: decimal seconds, or BIND's unit form (1h30m) which dnssec-keygen -L accepts. */
function isTtl(text: string): boolean {
  return /^\d+$/.test(text) || /^(\d+[wdhms])+$/i.test(text);
}

function checkTtl(token: Token): void {
  const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let seconds = 0;
  if (/^\d+$/.test(token.text)) seconds = Number(token.text);
  else for (const [, n, u] of token.text.matchAll(/(\d+)([wdhms])/gi)) seconds += Number(n) * unit[u!.toLowerCase()]!;
  // RFC 2181 §8: a TTL is 0 to 2^31 − 1.
  if (seconds > 0x7fffffff) throw new TrustAnchorError(token.line, `TTL ${token.text} is out of range (0–2147483647)`);
}

/** Splits the text into logical records, following RFC 1035 §5.1 comments, quotes and parentheses. */
function masterEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  let current: Entry | undefined;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let openLine = 0;
  const start = (at: number): Entry => {
    if (!current) {
      current = { line, ownerOmitted: at > lineStart, tokens: [] };
      entries.push(current);
    }
    return current;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      if (depth === 0) current = undefined;
      line++;
      lineStart = ++i;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(') {
      start(i);
      if (depth++ === 0) openLine = line;
      i++;
    } else if (c === ')') {
      if (depth === 0) throw new TrustAnchorError(line, '")" without "("');
      depth--;
      i++;
    } else if (c === '"') {
      const entry = start(i);
      const from = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\n') throw new TrustAnchorError(from, 'unterminated quoted string');
        if (text[i] === '\\' && i + 1 < text.length) value += text[i++];
        value += text[i++];
      }
      if (i >= text.length) throw new TrustAnchorError(from, 'unterminated quoted string');
      i++;
      entry.tokens.push({ text: value, line: from, quoted: true });
    } else {
      const entry = start(i);
      let value = '';
      while (i < text.length && !/[\s;()"]/.test(text[i]!)) {
        // RFC 1035 §5.1: `\X` quotes the next character, so an escaped ";" or space stays in the word.
        if (text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n') value += text[i++];
        value += text[i++];
      }
      entry.tokens.push({ text: value, line, quoted: false });
    }
  }
  if (depth > 0) throw new TrustAnchorError(openLine, '"(" is never closed');
  return entries;
}

// ---------------------------------------------------------------------------------------------
// BIND configuration: trust-anchors { NAME KIND N N N "DATA"; … };  (BIND 9 ARM, trust-anchors)

/** The file is BIND configuration if its first word (after comments of either syntax) opens a statement. */
function isBindConfig(text: string): boolean {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] === ';' || text[i] === '#' || text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return true; // only named.conf has /* */: let its parser report the open comment
      i = end + 2;
    } else break;
  }
  // A named.conf statement: `word {` or `word name {` (options, zone "x", …); its parser says which it is.
  const statement = /^([A-Za-z][A-Za-z-]*)\s*(?:"[^"\n]*"\s*|[A-Za-z0-9._-]+\s+)?\{/.exec(text.slice(i, i + 300));
  const word = /^[A-Za-z-]+/.exec(text.slice(i, i + 40))?.[0].toLowerCase();
  return statement !== null || (word !== undefined && BIND_BLOCKS.has(word));
}

function bindTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new TrustAnchorError(line, 'unterminated /* comment');
      for (let j = i; j < end; j++) if (text.charCodeAt(j) === 10) line++;
      i = end + 2;
    } else if (c === '{' || c === '}' || c === ';') {
      tokens.push({ text: c, line, quoted: false });
      i++;
    } else if (c === '"') {
      // bind.keys splits long keys and digests over lines inside the quotes.
      const from = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\n') line++;
        if (text[i] === '\\' && i + 1 < text.length) value += text[i++];
        value += text[i++];
      }
      if (i >= text.length) throw new TrustAnchorError(from, 'unterminated quoted string');
      i++;
      tokens.push({ text: value, line: from, quoted: true });
    } else {
      let value = '';
      while (i < text.length && !/[\s{};"]/.test(text[i]!)) value += text[i++];
      tokens.push({ text: value, line, quoted: false });
    }
  }
  return tokens;
}

function parseBindConfig(text: string, source: string): TrustAnchor[] {
  const tokens = bindTokens(text);
  const anchors: TrustAnchor[] = [];
  let i = 0;
  const lastLine = tokens.at(-1)?.line ?? 1;
  const next = (what: string): Token => {
    const token = tokens[i++];
    if (!token) throw new TrustAnchorError(lastLine, `the file ends where ${what} was expected`);
    return token;
  };
  const expect = (punct: string, what: string): void => {
    const token = next(`"${punct}"`);
    if (token.quoted || token.text !== punct) throw new TrustAnchorError(token.line, `expected "${punct}" ${what}, found "${token.text}"`);
  };
  const isPunct = (token: Token | undefined, punct: string): boolean => !!token && !token.quoted && token.text === punct;

  while (i < tokens.length) {
    const keyword = next('a statement');
    const block = keyword.text.toLowerCase();
    if (keyword.quoted || !BIND_BLOCKS.has(block)) {
      throw new TrustAnchorError(
        keyword.line,
        `"${keyword.text}" is not a trust-anchor statement (expected trust-anchors, managed-keys or trusted-keys)`,
      );
    }
    expect('{', `after ${block}`);
    while (!isPunct(tokens[i], '}')) {
      const nameToken = next('an owner name or "}"');
      if (!nameToken.quoted && /^[{};]$/.test(nameToken.text))
        throw new TrustAnchorError(nameToken.line, `expected an owner name, found "${nameToken.text}"`);
      // named.conf names are absolute whether or not they end in ".".
      const owner = parseName(nameToken.text, nameToken.line, false);
      let kind = 'static-key'; // trusted-keys entries have no kind: NAME FLAGS PROTOCOL ALGORITHM "KEY"
      if (block !== 'trusted-keys') {
        const kindToken = next('initial-key, static-key, initial-ds or static-ds');
        kind = kindToken.text.toLowerCase();
        if (kindToken.quoted || !BIND_KINDS.has(kind)) {
          throw new TrustAnchorError(kindToken.line, `"${kindToken.text}" is not initial-key, static-key, initial-ds or static-ds`);
        }
      }
      const fields: Token[] = [];
      while (!isPunct(tokens[i], ';')) {
        const token = next('";"');
        if (!token.quoted && (token.text === '{' || token.text === '}'))
          throw new TrustAnchorError(token.line, `expected ";" after the ${owner === '' ? '"."' : owner} entry`);
        fields.push(token);
      }
      i++; // the ";"
      anchors.push(
        kind.endsWith('-ds') ? dsAnchor(owner, fields, nameToken.line, source) : dnskeyAnchor(owner, fields, nameToken.line, source),
      );
    }
    i++; // the "}"
    expect(';', `after the ${block} block`);
  }
  return anchors;
}

// ---------------------------------------------------------------------------------------------
// RDATA

function dsAnchor(owner: string, fields: Token[], line: number, source: string): TrustAnchor {
  if (fields.length < 4)
    throw new TrustAnchorError(fields[0]?.line ?? line, 'DS needs key tag, algorithm, digest type and digest (RFC 4034 §5.3)');
  const [tagToken, algorithmToken, typeToken] = fields as [Token, Token, Token];
  const keyTag = integer(tagToken, 'DS key tag', 0xffff);
  const algorithm = algorithmField(algorithmToken, 'DS');
  const digestType = integer(typeToken, 'DS digest type', 0xff);
  if (digestType === 0)
    throw new TrustAnchorError(typeToken.line, 'DS digest type 0 is reserved (only a CDS delete request uses it, RFC 8078 §4)');
  // RFC 4034 §5.3: hex, whitespace allowed within it.
  const digestTokens = pieces(fields.slice(3));
  if (digestTokens.length === 0) throw new TrustAnchorError(fields[3]!.line, 'DS digest is empty');
  for (const token of digestTokens)
    if (!/^[0-9A-Fa-f]+$/.test(token.text)) throw new TrustAnchorError(token.line, 'DS digest is not hexadecimal');
  const hex = digestTokens.map((t) => t.text).join('');
  const at = digestTokens[0]!.line;
  if (hex.length % 2 !== 0) throw new TrustAnchorError(at, 'DS digest has an odd number of hexadecimal digits');
  const digest = fromHex(hex);
  const expected = DIGEST_BYTES.get(digestType);
  if (expected !== undefined && digest.length !== expected) {
    throw new TrustAnchorError(at, `DS digest is ${digest.length} bytes; digest type ${digestType} has ${expected}`);
  }
  const data: DsData = { keyTag, algorithm, digestType, digest };
  return { owner, kind: 'ds', data, source: `${source}:${line}` };
}

function dnskeyAnchor(owner: string, fields: Token[], line: number, source: string): TrustAnchor {
  if (fields.length < 4)
    throw new TrustAnchorError(fields[0]?.line ?? line, 'DNSKEY needs flags, protocol, algorithm and public key (RFC 4034 §2.2)');
  const [flagsToken, protocolToken, algorithmToken] = fields as [Token, Token, Token];
  const flags = integer(flagsToken, 'DNSKEY flags', 0xffff);
  const protocol = integer(protocolToken, 'DNSKEY protocol', 0xff);
  const algorithm = algorithmField(algorithmToken, 'DNSKEY');
  // RFC 4034 §2.1.2: any other protocol value makes the key invalid for DNSSEC.
  if (protocol !== 3) throw new TrustAnchorError(protocolToken.line, `DNSKEY protocol is ${protocol}; it must be 3 (RFC 4034 §2.1.2)`);
  if (!(flags & ZONE_KEY)) {
    throw new TrustAnchorError(flagsToken.line, `DNSKEY flags ${flags} lack the Zone Key bit (256): not a zone key (RFC 4034 §2.1.1)`);
  }
  // RFC 5011 §3, §7: a revoked key must not be used as a trust anchor.
  if (flags & REVOKE) throw new TrustAnchorError(flagsToken.line, `revoked key (flags ${flags} have the REVOKE bit 128, RFC 5011 §3)`);
  // RFC 4034 §2.2: base64, whitespace allowed within it.
  const keyTokens = pieces(fields.slice(3));
  if (keyTokens.length === 0) throw new TrustAnchorError(fields[3]!.line, 'DNSKEY public key is empty');
  const at = keyTokens[0]!.line;
  for (const token of keyTokens)
    if (!/^[A-Za-z0-9+/=]+$/.test(token.text)) throw new TrustAnchorError(token.line, 'DNSKEY public key is not base64');
  const decoded = decodeBase64(keyTokens.map((t) => t.text).join(''));
  if (!(decoded instanceof Uint8Array)) throw new TrustAnchorError(at, `DNSKEY public key is not valid base64: ${decoded.error}`);
  if (decoded.length === 0) throw new TrustAnchorError(at, 'DNSKEY public key is empty');
  checkKeyShape(algorithm, decoded, at);
  const rdata = new Uint8Array(4 + decoded.length);
  rdata[0] = flags >> 8;
  rdata[1] = flags & 0xff;
  rdata[2] = protocol;
  rdata[3] = algorithm;
  rdata.set(decoded, 4);
  const data: DnskeyData = { flags, protocol, algorithm, publicKey: decoded, keyTag: keyTagOf(rdata) };
  return { owner, kind: 'dnskey', data, rdata, source: `${source}:${line}` };
}

/** A key that cannot be the algorithm's key is a paste error; say so here rather than as a failed signature. */
function checkKeyShape(algorithm: number, key: Uint8Array, line: number): void {
  const size = KEY_BYTES.get(algorithm);
  if (size !== undefined && key.length !== size) {
    throw new TrustAnchorError(
      line,
      `DNSKEY public key is ${key.length} bytes; algorithm ${algorithm} keys are ${size} (RFC 6605 §4, RFC 8080 §3)`,
    );
  }
  if (RSA_ALGORITHMS.has(algorithm)) {
    // RFC 3110 §2: one length byte, or 0 and then two, for the exponent; the modulus is the rest.
    const long = key[0] === 0;
    const exponentLength = long ? ((key[1] ?? 0) << 8) | (key[2] ?? 0) : key[0]!;
    const header = long ? 3 : 1;
    if (exponentLength === 0 || header + exponentLength >= key.length) {
      throw new TrustAnchorError(line, 'DNSKEY RSA public key is malformed: no room for exponent and modulus (RFC 3110 §2)');
    }
  }
}

/** RFC 4034 Appendix B. Algorithm 1 (RSA/MD5) takes bits from the modulus instead (Appendix B.1). */
function keyTagOf(rdata: Uint8Array): number {
  if (rdata[3] === 1) return rdata.length >= 7 ? (rdata[rdata.length - 3]! << 8) | rdata[rdata.length - 2]! : 0;
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? rdata[i]! : rdata[i]! << 8;
  ac += Math.floor(ac / 0x10000) & 0xffff;
  return ac & 0xffff;
}

/** The words of the data fields: a quoted BIND string may hold spaces and line breaks (bind.keys does). */
function pieces(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    let line = token.line;
    for (const part of token.text.split(/([ \t\r\n\f\v]+)/)) {
      if (/^[ \t\r\n\f\v]*$/.test(part)) line += part.split('\n').length - 1;
      else out.push({ text: part, line, quoted: token.quoted });
    }
  }
  return out;
}

function integer(token: Token, what: string, max: number): number {
  if (!/^\d+$/.test(token.text)) throw new TrustAnchorError(token.line, `${what} "${token.text}" is not a number`);
  const value = Number(token.text);
  if (value > max) throw new TrustAnchorError(token.line, `${what} ${token.text} is out of range (0–${max})`);
  return value;
}

/** RFC 4034 §2.2 and §5.3: a decimal number or the mnemonic of Appendix A.1. */
function algorithmField(token: Token, record: string): number {
  const value = /^\d+$/.test(token.text) ? integer(token, `${record} algorithm`, 0xff) : algorithmFromMnemonic(token.text);
  if (value === undefined)
    throw new TrustAnchorError(token.line, `${record} algorithm "${token.text}" is not a number or a known mnemonic`);
  // Algorithm 0 only signals deletion in CDS/CDNSKEY (RFC 8078 §4).
  if (value === 0)
    throw new TrustAnchorError(token.line, `${record} algorithm 0 is reserved (only a CDS/CDNSKEY delete request uses it, RFC 8078 §4)`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * A presentation-format name (RFC 1035 §5.1: `\X` and `\DDD` escapes) in the shared normal form:
 * lower-case, no trailing dot, root = ''. With `requireAbsolute`, a name without the trailing dot is
 * refused: we have no origin to append (master files); named.conf names are always absolute.
 */
function parseName(text: string, line: number, requireAbsolute: boolean): string {
  if (text === '.') return '';
  if (text === '@') throw new TrustAnchorError(line, '"@" means the $ORIGIN, which is not supported: write the owner as an absolute name');
  if (/[^\x21-\x7e]/.test(text))
    throw new TrustAnchorError(line, `owner name "${text}" has a character outside printable ASCII; write IDNs in their xn-- form`);
  const labels: number[][] = [];
  let label: number[] = [];
  let absoluteName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    absoluteName = false;
    if (c === '.') {
      if (label.length === 0) throw new TrustAnchorError(line, `owner name "${text}" has an empty label`);
      labels.push(label);
      label = [];
      absoluteName = true;
    } else if (c === '\\') {
      const digits = /^\d{3}/.exec(text.slice(i + 1, i + 4))?.[0];
      if (digits !== undefined) {
        const byte = Number(digits);
        if (byte > 255) throw new TrustAnchorError(line, `owner name "${text}" has the escape \\${digits}, above 255`);
        label.push(byte);
        i += 3;
      } else if (i + 1 < text.length) {
        label.push(text.charCodeAt(++i));
      } else {
        throw new TrustAnchorError(line, `owner name "${text}" ends in a lone backslash`);
      }
    } else {
      label.push(c.charCodeAt(0));
    }
    if (label.length > 63) throw new TrustAnchorError(line, `owner name "${text}" has a label longer than 63 octets (RFC 1035 §2.3.4)`);
  }
  if (label.length > 0) labels.push(label);
  if (requireAbsolute && !absoluteName) {
    throw new TrustAnchorError(
      line,
      `owner name "${text}" is relative; write it as an absolute name ending in "." (no $ORIGIN is applied)`,
    );
  }
  // RFC 1035 §2.3.4: 255 octets on the wire, each label with its length byte, plus the root byte.
  if (labels.reduce((sum, l) => sum + l.length + 1, 1) > 255)
    throw new TrustAnchorError(line, `owner name "${text}" is longer than 255 octets (RFC 1035 §2.3.4)`);
  return labels.map((l) => l.map(escapeByte).join('')).join('.');
}

/** Lower-case ASCII letters (RFC 4034 §6.2 canonical form); escape what would not read back plainly. */
function escapeByte(byte: number): string {
  if (byte >= 0x41 && byte <= 0x5a) return String.fromCharCode(byte + 0x20);
  if (byte === 0x2e || byte === 0x5c) return `\\${String.fromCharCode(byte)}`;
  if (byte <= 0x20 || byte >= 0x7f) return `\\${String(byte).padStart(3, '0')}`;
  return String.fromCharCode(byte);
}

// ---------------------------------------------------------------------------------------------
// Hex and base64

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Upper-case hex, as DS digests and TLSA data are written in presentation format. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).toUpperCase().padStart(2, '0');
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 §4 with padding. */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63]! : '=';
  }
  return out;
}
