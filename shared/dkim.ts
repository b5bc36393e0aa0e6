/**
 * DKIM key records (RFC 6376 §3.6.1, RFC 8463 for Ed25519, RFC 8301 for algorithm and key-size
 * rules) and the Exchange Online selector CNAME convention. Pure logic: the public key is decoded
 * with our own base64 and DER readers (no Buffer, no crypto module) so the renderer can use it too.
 */

export type DkimKeyType = 'rsa' | 'ed25519';

export type DkimPublicKey = { type: 'rsa'; bits: number; exponent?: number; format: 'spki' | 'pkcs1' } | { type: 'ed25519'; bits: 256 };

export interface DkimTag {
  name: string;
  value: string;
}

export interface DkimKeyRecord {
  tags: DkimTag[];
  /** declared key type, `k=` (default "rsa") */
  keyType: string;
  /** `h=`: acceptable hash algorithms; undefined means all */
  hashAlgorithms?: string[];
  /** `s=`: service types (default "*") */
  serviceTypes: string[];
  /** `t=` flags */
  flags: string[];
  notes?: string;
  /** `p=` with whitespace removed */
  publicKey: string;
  /** §3.6.1: an empty p= means the key has been revoked */
  revoked: boolean;
  /** t=y: the domain is testing DKIM (verifiers must not treat failures differently) */
  testing: boolean;
  /** t=s: the i= domain must equal d= exactly */
  strictSubdomains: boolean;
  /** decoded key, when p= is present and valid */
  key?: DkimPublicKey;
}

export type DkimProblemCode =
  | 'malformed_tag'
  | 'duplicate_tag'
  | 'version_not_first'
  | 'bad_version'
  | 'missing_key'
  | 'unknown_key_type'
  | 'key_base64'
  | 'key_der'
  | 'key_algorithm_mismatch'
  | 'key_ed25519_length'
  | 'key_ed25519_spki'
  | 'no_sha256'
  | 'not_for_email';

export interface DkimProblem {
  code: DkimProblemCode;
  tag?: string;
  value?: string;
  /** technical detail (offsets, lengths, OIDs) */
  detail?: string;
}

export interface ParsedDkimKey {
  /** undefined when the tag-list itself is invalid and verifiers discard the record */
  record?: DkimKeyRecord;
  problems: DkimProblem[];
  /** a verifier could check an rsa-sha256 or ed25519-sha256 signature with this record */
  usable: boolean;
}

/**
 * Whether a TXT value at a selector name is meant as a DKIM key record. A wildcard TXT (often SPF)
 * answers every selector name; without `v=DKIM1` or a `p=` tag it is not a key record at all.
 */
export function isDkimKeyCandidate(text: string): boolean {
  return /^\s*v\s*=\s*DKIM1\s*(;|$)/.test(text) || /(^|;)\s*p\s*=/.test(text);
}

/** RFC 6376 §3.2: tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]; tag-name = ALPHA *(ALPHA / DIGIT / "_"). */
function parseTagList(text: string, problems: DkimProblem[]): DkimTag[] | undefined {
  const tags: DkimTag[] = [];
  const seen = new Set<string>();
  let valid = true;
  for (const segment of text.split(';')) {
    const spec = segment.trim();
    // the ABNF allows one trailing ";" — be lenient with empty segments elsewhere too
    if (spec === '') continue;
    const eq = spec.indexOf('=');
    const name = eq < 0 ? '' : spec.slice(0, eq).trim();
    if (eq < 0 || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      problems.push({ code: 'malformed_tag', value: spec });
      valid = false;
      continue;
    }
    // §3.2: FWS inside a value is folding whitespace; keep it, callers strip where meaningful
    const value = spec.slice(eq + 1).trim();
    if (seen.has(name)) {
      // §3.2: "if a tag name does occur more than once, the entire tag-list is invalid"
      problems.push({ code: 'duplicate_tag', tag: name, value });
      valid = false;
      continue;
    }
    seen.add(name);
    tags.push({ name, value });
  }
  return valid ? tags : undefined;
}

const splitList = (value: string) =>
  value
    .split(':')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Parses a DKIM key record (RFC 6376 §3.6.1) and decodes its public key. */
export function parseDkimKeyRecord(text: string): ParsedDkimKey {
  const problems: DkimProblem[] = [];
  const tags = parseTagList(text, problems);
  if (!tags) return { problems, usable: false };

  const get = (name: string) => tags.find((t) => t.name === name)?.value;
  const version = get('v');
  if (version !== undefined) {
    // §3.6.1 v=: "MUST be the first tag"; "records beginning with a v= tag with any other value MUST be discarded"
    if (tags[0]!.name !== 'v') {
      problems.push({ code: 'version_not_first', tag: 'v', value: version });
      return { problems, usable: false };
    }
    if (version !== 'DKIM1') {
      problems.push({ code: 'bad_version', tag: 'v', value: version });
      return { problems, usable: false };
    }
  }

  const p = get('p');
  const h = get('h');
  const s = get('s');
  const n = get('n');
  const flags = splitList(get('t') ?? '');
  const record: DkimKeyRecord = {
    tags,
    keyType: get('k') ?? 'rsa',
    ...(h !== undefined ? { hashAlgorithms: splitList(h) } : {}),
    serviceTypes: s !== undefined ? splitList(s) : ['*'],
    flags,
    ...(n !== undefined ? { notes: n } : {}),
    publicKey: (p ?? '').replace(/\s+/g, ''),
    revoked: p !== undefined && p.replace(/\s+/g, '') === '',
    testing: flags.includes('y'),
    strictSubdomains: flags.includes('s'),
  };

  // §3.6.1 p=: REQUIRED
  if (p === undefined) problems.push({ code: 'missing_key', tag: 'p' });
  // §3.6.1 k=, RFC 8463 §4.1: "rsa" and "ed25519"; verifiers ignore keys of other types
  const knownType = record.keyType === 'rsa' || record.keyType === 'ed25519';
  if (!knownType) problems.push({ code: 'unknown_key_type', tag: 'k', value: record.keyType });
  // RFC 8301 §3.1: rsa-sha1 MUST NOT be used for signing or verifying; only sha256 remains
  if (record.hashAlgorithms && !record.hashAlgorithms.includes('sha256')) problems.push({ code: 'no_sha256', tag: 'h', value: h! });
  // §3.6.1 s=: "*" or "email"; unknown service types are ignored
  if (!record.serviceTypes.includes('*') && !record.serviceTypes.includes('email'))
    problems.push({ code: 'not_for_email', tag: 's', value: s! });

  if (!record.revoked && p !== undefined && knownType) {
    const decoded = decodePublicKey(record.publicKey, record.keyType as DkimKeyType);
    if ('problem' in decoded) problems.push({ ...decoded.problem, tag: 'p' });
    else record.key = decoded.key;
  }
  const usable = !record.revoked && record.key !== undefined && problems.length === 0;
  return { record, problems, usable };
}

/** Strict RFC 4648 §4 base64: alphabet, padding only at the end, length a multiple of 4. */
export function decodeBase64(text: string): Uint8Array | { error: string } {
  if (text.length % 4 !== 0) return { error: `length ${text.length} is not a multiple of 4` };
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length - pad; i++) {
    const c = text.charCodeAt(i);
    const v = c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 43 ? 62 : c === 47 ? 63 : -1;
    if (v < 0) return { error: `invalid character ${JSON.stringify(text[i])} at offset ${i}` };
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER TLV at `offset` (X.690 §8.1, definite lengths only as §10.1 requires). */
function readTlv(bytes: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new Error(`truncated TLV at offset ${offset}`);
  const tag = bytes[offset]!;
  let len = bytes[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4) throw new Error(`unsupported length form at offset ${offset}`);
    if (pos + count > limit) throw new Error(`truncated length at offset ${offset}`);
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + bytes[pos++]!;
  }
  if (pos + len > limit) throw new Error(`length ${len} at offset ${offset} runs past the end`);
  return { tag, start: pos, end: pos + len };
}

function children(bytes: Uint8Array, tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = tlv.start; pos < tlv.end;) {
    const child = readTlv(bytes, pos, tlv.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

function decodeOid(bytes: Uint8Array, tlv: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    value = value * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_ED25519 = '1.3.101.112';
const OID_NAMES: Record<string, string> = {
  [OID_RSA]: 'rsa',
  [OID_ED25519]: 'ed25519',
  '1.2.840.10045.2.1': 'ec',
  '1.3.101.110': 'x25519',
};

const TAG_INTEGER = 0x02;
const TAG_BIT_STRING = 0x03;
const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1). */
function rsaFromPkcs1(bytes: Uint8Array, seq: Tlv): { bits: number; exponent?: number } {
  const [mod, exp, ...rest] = children(bytes, seq);
  if (!mod || !exp || rest.length || mod.tag !== TAG_INTEGER || exp.tag !== TAG_INTEGER)
    throw new Error('RSAPublicKey is not SEQUENCE { INTEGER, INTEGER }');
  if (bytes[mod.start]! & 0x80) throw new Error('negative modulus');
  let i = mod.start;
  while (i < mod.end && bytes[i] === 0) i++;
  if (i === mod.end) throw new Error('zero modulus');
  const bits = (mod.end - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
  let exponent: number | undefined = 0;
  for (let j = exp.start; j < exp.end; j++) exponent = exponent * 256 + bytes[j]!;
  if (exp.end - exp.start > 6) exponent = undefined;
  return { bits, ...(exponent !== undefined ? { exponent } : {}) };
}

type DecodeResult = { key: DkimPublicKey } | { problem: Omit<DkimProblem, 'tag'> };

/**
 * Decodes p= for the declared key type. RSA: SubjectPublicKeyInfo (RFC 6376 §3.6.1 and §3.3.1,
 * RFC 5280 §4.1), or a bare RSAPublicKey as some signers publish. Ed25519: RFC 8463 §4.2, the
 * raw 32-byte key.
 */
export function decodePublicKey(base64: string, type: DkimKeyType): DecodeResult {
  const bytes = decodeBase64(base64);
  if (!(bytes instanceof Uint8Array)) return { problem: { code: 'key_base64', detail: bytes.error } };

  if (type === 'ed25519') {
    if (bytes.length === 32) return { key: { type: 'ed25519', bits: 256 } };
    // A common mistake: publishing the SPKI wrapper (44 bytes) instead of the raw key.
    if (bytes.length === 44 && spkiAlgorithm(bytes) === OID_ED25519) return { problem: { code: 'key_ed25519_spki', detail: '44' } };
    return { problem: { code: 'key_ed25519_length', detail: String(bytes.length) } };
  }

  try {
    const top = readTlv(bytes, 0, bytes.length);
    if (top.tag !== TAG_SEQUENCE) throw new Error(`expected SEQUENCE, found tag 0x${top.tag.toString(16)}`);
    if (top.end !== bytes.length) throw new Error(`${bytes.length - top.end} trailing bytes`);
    const parts = children(bytes, top);
    if (parts[0]?.tag === TAG_INTEGER) return { key: { type: 'rsa', ...rsaFromPkcs1(bytes, top), format: 'pkcs1' } };

    const [algorithm, bitString, ...rest] = parts;
    if (!algorithm || !bitString || rest.length || algorithm.tag !== TAG_SEQUENCE || bitString.tag !== TAG_BIT_STRING) {
      throw new Error('not a SubjectPublicKeyInfo');
    }
    const oidTlv = children(bytes, algorithm)[0];
    if (!oidTlv || oidTlv.tag !== TAG_OID) throw new Error('AlgorithmIdentifier without OID');
    const oid = decodeOid(bytes, oidTlv);
    if (oid !== OID_RSA) {
      return {
        problem: { code: 'key_algorithm_mismatch', value: OID_NAMES[oid] ?? oid, detail: `declared rsa, key is ${OID_NAMES[oid] ?? oid}` },
      };
    }
    if (bitString.end - bitString.start < 1 || bytes[bitString.start] !== 0) throw new Error('BIT STRING with unused bits');
    const inner = readTlv(bytes, bitString.start + 1, bitString.end);
    if (inner.tag !== TAG_SEQUENCE || inner.end !== bitString.end) throw new Error('BIT STRING does not hold an RSAPublicKey');
    return { key: { type: 'rsa', ...rsaFromPkcs1(bytes, inner), format: 'spki' } };
  } catch (error) {
    return { problem: { code: 'key_der', detail: error instanceof Error ? error.message : String(error) } };
  }
}

function spkiAlgorithm(bytes: Uint8Array): string | undefined {
  try {
    const top = readTlv(bytes, 0, bytes.length);
    const alg = children(bytes, top)[0];
    const oid = alg && alg.tag === TAG_SEQUENCE ? children(bytes, alg)[0] : undefined;
    return oid && oid.tag === TAG_OID ? decodeOid(bytes, oid) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Exchange Online's selector CNAME targets (Microsoft Learn, "Set up DKIM to sign mail from your
 * Microsoft 365 domain"): `selector1-<domain-with-dashes>._domainkey.<tenant>.onmicrosoft.com`,
 * and since 2024 for newly enabled domains
 * `selector1-<domain-with-dashes>._domainkey.<tenant>.<partition>.dkim.mail.microsoft`.
 */
export interface ExchangeOnlineDkimTarget {
  selector: 'selector1' | 'selector2';
  /** the custom domain with dots replaced by dashes, as in the target */
  domainLabel: string;
  /** initial domain prefix: `contoso` of contoso.onmicrosoft.com */
  tenant: string;
  format: 'onmicrosoft' | 'dkim.mail.microsoft';
  /** e.g. `n-v1` in the new format */
  partition?: string;
}

const EXO_LEGACY = /^(selector[12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.onmicrosoft\.(?:com|us)$/;
const EXO_NEW = /^(selector[12])-([a-z0-9-]+)\._domainkey\.([a-z0-9-]+)\.([a-z0-9-]+)\.dkim\.mail\.microsoft$/;

export function parseExchangeOnlineDkimTarget(target: string): ExchangeOnlineDkimTarget | undefined {
  const name = target.toLowerCase().replace(/\.$/, '');
  const legacy = EXO_LEGACY.exec(name);
  if (legacy) return { selector: legacy[1] as 'selector1', domainLabel: legacy[2]!, tenant: legacy[3]!, format: 'onmicrosoft' };
  const current = EXO_NEW.exec(name);
  if (current)
    return {
      selector: current[1] as 'selector1',
      domainLabel: current[2]!,
      tenant: current[3]!,
      partition: current[4]!,
      format: 'dkim.mail.microsoft',
    };
  return undefined;
}

/** `contoso.com` → `contoso-com`, the form Exchange Online puts in its selector targets. */
export function exchangeOnlineDomainLabel(domain: string): string {
  return domain.toLowerCase().replace(/\.$/, '').replace(/\./g, '-');
}
