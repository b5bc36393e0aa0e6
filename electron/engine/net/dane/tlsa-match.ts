/**
 * Matching TLSA records against the certificate chain an MX host served, as an SMTP client does
 * it (RFC 7672 §3.1–3.2, RFC 7671 §5), and TLSA records for a certificate or key.
 *
 * The rules, checked against OpenSSL's DANE code (`openssl s_client -dane_tlsa_rrdata`):
 * - DANE-EE(3) matches the leaf only; its names and dates are not checked (RFC 7672 §3.1.1).
 * - DANE-TA(2) matches an issuer in the served chain, never the leaf, not even a self-signed one
 *   (the server must send the TA certificate, RFC 7672 §3.1.2). The path from the leaf up to it
 *   must verify, every certificate on it (the TA included, as OpenSSL does) must be within its
 *   dates, and the leaf must carry one of the reference identifiers (RFC 7672 §3.2.2–3.2.3).
 * - PKIX-TA(0) and PKIX-EE(1) records, and unusable ones, never authenticate (RFC 7672 §3.1.3).
 */
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { tbsFields } from '../../../../shared/certificate';
import { classifyTlsa, type TlsaRecord, type TlsaUnusableReason } from '../../../../shared/dane/tlsa';

/** Why a DANE-TA record whose data matched an issuer in the chain still did not authenticate. */
export type DaneTaProblem = 'chain-broken' | 'not-a-ca' | 'expired' | 'not-yet-valid' | 'invalid-dates' | 'name-mismatch';

export interface TlsaRecordMatch {
  record: TlsaRecord;
  usable: boolean;
  reason?: TlsaUnusableReason;
  /** the record authenticates the served chain */
  matched: boolean;
  /** index in the chain of the certificate the record matched (0 for DANE-EE) */
  matchedCertificate?: number;
  /** DANE-TA only: the data matched `chain[certificate]`, but the chain up to it failed */
  failure?: { certificate: number; problem: DaneTaProblem };
}

export interface TlsaMatchResult {
  records: TlsaRecordMatch[];
  authenticated: boolean;
  /** DANE-EE wins when both kinds match (it does not depend on names or dates) */
  via?: 'dane-ee' | 'dane-ta';
  /** the authentication rested on a name check: true for DANE-TA, false for DANE-EE (RFC 7672 §3.1.1) or none */
  nameChecked: boolean;
}

export interface TlsaMatchOptions {
  /** reference identifiers: the MX host name and the TLSA base domain (RFC 7672 §3.2.2) */
  hostnames: string[];
  now: Date;
}

interface Served {
  x509: X509Certificate;
  der: Uint8Array;
  spki: Uint8Array | undefined;
}

function parse(pem: string): Served | undefined {
  try {
    const x509 = new X509Certificate(pem);
    // The SPKI exactly as encoded in the certificate (a re-export of the key could differ).
    return { x509, der: x509.raw, spki: tbsFields(x509.raw)?.spki };
  } catch {
    return undefined;
  }
}

/** Certificate association data for one certificate (RFC 6698 §2.1.2–2.1.3), hex upper-case. */
function associationData(c: Served, selector: number, matchingType: number): string | undefined {
  const bytes = selector === 0 ? c.der : selector === 1 ? c.spki : undefined;
  if (!bytes) return undefined;
  if (matchingType === 0) return Buffer.from(bytes).toString('hex').toUpperCase();
  const hash = matchingType === 1 ? 'sha256' : matchingType === 2 ? 'sha512' : undefined;
  return hash && createHash(hash).update(bytes).digest('hex').toUpperCase();
}

function dataMatches(c: Served | undefined, r: TlsaRecord): boolean {
  return c !== undefined && associationData(c, r.selector, r.matchingType) === r.data.toUpperCase();
}

/** `child` names `parent` as its issuer and carries a signature `parent`'s key verifies. */
function issuedBy(child: Served, parent: Served): boolean {
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

/**
 * The shortest path of chain indexes from the leaf (0) up to `ta`, each certificate issued by the
 * next. Breadth-first over the served certificates, so their order is not relied on and each
 * signature is checked at most once.
 */
function pathTo(chain: (Served | undefined)[], ta: number): number[] | undefined {
  const previous = new Map<number, number>([[0, -1]]);
  for (const queue = [0]; queue.length > 0;) {
    const at = queue.shift()!;
    if (at === ta) {
      const path: number[] = [];
      for (let i = at; i !== -1; i = previous.get(i)!) path.unshift(i);
      return path;
    }
    for (let next = 1; next < chain.length; next++) {
      const child = chain[at];
      const parent = chain[next];
      if (previous.has(next) || !child || !parent || !issuedBy(child, parent)) continue;
      previous.set(next, at);
      queue.push(next);
    }
  }
  return undefined;
}

/** RFC 6125 §6.4 as RFC 7672 §3.2.3 asks: DNS-IDs when present, else the CN; `*` only as the whole left-most label. */
function namesMatch(leaf: X509Certificate, hostnames: readonly string[]): boolean {
  return hostnames.some((name) => {
    const host = name.replace(/\.$/, '');
    return (
      host !== '' &&
      leaf.checkHost(host, { subject: 'default', wildcards: true, partialWildcards: false, multiLabelWildcards: false }) !== undefined
    );
  });
}

function datesProblem(x: X509Certificate, now: Date): DaneTaProblem | undefined {
  const from = Date.parse(x.validFrom);
  const to = Date.parse(x.validTo);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'invalid-dates';
  if (now.getTime() < from) return 'not-yet-valid';
  if (now.getTime() > to) return 'expired';
  return undefined;
}

/** Why the chain up to the DANE-TA certificate at `ta` does not authenticate the leaf, or undefined when it does. */
function daneTaProblem(chain: (Served | undefined)[], ta: number, options: TlsaMatchOptions): DaneTaProblem | undefined {
  const path = pathTo(chain, ta);
  if (!path) return 'chain-broken';
  const certificates = path.map((i) => chain[i]!.x509);
  // RFC 5280 §6.1.4(k): every issuer on the path is a CA.
  if (certificates.slice(1).some((c) => !c.ca)) return 'not-a-ca';
  for (const c of certificates) {
    const problem = datesProblem(c, options.now);
    if (problem) return problem;
  }
  return namesMatch(certificates[0]!, options.hostnames) ? undefined : 'name-mismatch';
}

/** Certificates of a served chain looked at; a real chain has two to four, a hostile one may have hundreds. */
const MAX_CHAIN = 16;

/** Matches `records` (one TLSA RRset) against `chainPem`, the chain as served, leaf first. */
export function matchTlsa(records: readonly TlsaRecord[], chainPem: readonly string[], options: TlsaMatchOptions): TlsaMatchResult {
  const chain = chainPem.slice(0, MAX_CHAIN).map(parse);
  const results = records.map((record): TlsaRecordMatch => {
    const { usable, reason } = classifyTlsa(record);
    if (!usable) return { record, usable, ...(reason ? { reason } : {}), matched: false };
    if (record.usage === 3) {
      // RFC 7672 §3.1.1: DANE-EE matches the leaf; its names and validity are ignored.
      return dataMatches(chain[0], record) ? { record, usable, matched: true, matchedCertificate: 0 } : { record, usable, matched: false };
    }
    // DANE-TA: any issuer in the served chain (RFC 7671 §5.2.2); the first that validates wins.
    let failure: TlsaRecordMatch['failure'];
    for (let i = 1; i < chain.length; i++) {
      if (!dataMatches(chain[i], record)) continue;
      const problem = daneTaProblem(chain, i, options);
      if (!problem) return { record, usable, matched: true, matchedCertificate: i };
      failure ??= { certificate: i, problem };
    }
    return { record, usable, matched: false, ...(failure ? { failure } : {}) };
  });
  const ee = results.some((r) => r.matched && r.record.usage === 3);
  const ta = results.some((r) => r.matched && r.record.usage === 2);
  const via = ee ? 'dane-ee' : ta ? 'dane-ta' : undefined;
  return { records: results, authenticated: via !== undefined, ...(via ? { via } : {}), nameChecked: via === 'dane-ta' };
}

// --- records for a certificate or a key ---

type Digit<N extends number> = `${N}`;
/** `usage selector matchingType` for the DANE usages an SMTP server can publish (RFC 7672 §3.1). */
export type TlsaKind = `${Digit<2 | 3>} ${Digit<0 | 1>} ${Digit<0 | 1 | 2>}`;
export type TlsaKeyKind = `${Digit<2 | 3>} 1 ${Digit<0 | 1 | 2>}`;

function kindFields(kind: string): [number, number, number] {
  const m = /^([23]) ([01]) ([012])$/.exec(kind);
  if (!m) throw new TypeError(`not a DANE TLSA kind: ${kind}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function recordFor(kind: string, selected: Uint8Array): TlsaRecord {
  const [usage, selector, matchingType] = kindFields(kind);
  const data =
    matchingType === 0
      ? Buffer.from(selected).toString('hex')
      : createHash(matchingType === 1 ? 'sha256' : 'sha512')
          .update(selected)
          .digest('hex');
  return { usage, selector, matchingType, data: data.toUpperCase() };
}

/** The TLSA record of `kind` (default `3 1 1`, RFC 7672 §3.1.1's recommendation) for a DER certificate; throws for anything else. */
export function tlsaFromCertificate(der: Uint8Array, kind: TlsaKind = '3 1 1'): TlsaRecord {
  const x509 = new X509Certificate(der);
  const spki = tbsFields(x509.raw)?.spki;
  if (!spki) throw new TypeError('the certificate has no readable SubjectPublicKeyInfo');
  return recordFor(kind, kindFields(kind)[1] === 0 ? x509.raw : spki);
}

/** The TLSA record of `kind` (selector SPKI) for a DER SubjectPublicKeyInfo, e.g. the next key from a CSR (RFC 7671 §8.1). */
export function tlsaFromPublicKey(spkiDer: Uint8Array, kind: TlsaKeyKind = '3 1 1'): TlsaRecord {
  createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' }); // throws for what is not a public key
  if (kindFields(kind)[1] !== 1) throw new TypeError(`a public key needs selector SPKI(1): ${kind}`);
  return recordFor(kind, spkiDer);
}
