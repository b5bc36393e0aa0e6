/**
 * Reads a certificate file the user selects, to publish TLSA records for it (DESIGN §5): PEM
 * (certificates, a CSR for the next key, PKCS#7), DER (.cer/.crt/.der, .p7b) and PKCS#12
 * (.pfx/.p12). The content decides the format; the file name only words the errors.
 *
 * PKCS#12 (RFC 7292) is walked here rather than through node-forge's `pkcs12FromAsn1`, which
 * re-encodes the certificates it parses (an RSA certificate signed by an ECDSA CA comes back with
 * other bytes, so `x 0 x` digests would be wrong) and derives PBES2 keys from the UTF-16 code units
 * of the password instead of its UTF-8 bytes (a Czech password with diacritics fails). Only the
 * certificates are decrypted, never the private key. node:crypto does the PKCS#12 KDF, PBKDF2,
 * AES and 3DES; node-forge only RC2 (-legacy files), which Node's OpenSSL 3 offers only in its
 * legacy provider and Electron's BoringSSL not at all.
 */
import { createDecipheriv, createHash, createHmac, createPublicKey, pbkdf2, timingSafeEqual, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import type { TlsaRecord } from '../../../../shared/dane/tlsa';
import { tlsaFromCertificate, tlsaFromPublicKey } from './tlsa-match';

export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

export type CertificateFileErrorKind = 'not-a-certificate' | 'password-required' | 'wrong-password' | 'unreadable' | 'too-large';

/** A file that yields no certificate; the app shows a translated text keyed by `kind`. */
export class CertificateFileError extends Error {
  constructor(
    readonly kind: CertificateFileErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CertificateFileError';
  }
}

export interface FileCertificate {
  der: Uint8Array;
  /** distinguished name, RDNs joined with ", " as in CertificateFacts */
  subject: string;
  issuer: string;
  /** ISO 8601 (the text as printed when it is not a readable time) */
  notAfter: string;
  isCa: boolean;
  /** the PKCS#12 file holds the private key of this certificate (its localKeyId matches a key bag) */
  withPrivateKey: boolean;
}

export interface CertificateFileContents {
  /** in the order of the file */
  certificates: FileCertificate[];
  /** a certificate signing request: the key the next certificate will carry (RFC 7671 §8.1) */
  csr?: { spkiDer: Uint8Array; subject: string };
}

// --- minimal BER/DER (X.690) ---

class DerError extends Error {}

interface Node {
  /** first byte of the element */
  from: number;
  tag: number;
  constructed: boolean;
  /** content */
  start: number;
  end: number;
  /** first byte after the element (after the end-of-contents octets of an indefinite length) */
  next: number;
}

const MAX_DEPTH = 24;

function readNode(b: Uint8Array, at: number, limit: number, depth = 0): Node {
  if (depth > MAX_DEPTH) throw new DerError('nested too deeply');
  if (at + 2 > limit) throw new DerError('truncated');
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag number');
  const constructed = (tag & 0x20) !== 0;
  const first = b[at + 1]!;
  let start = at + 2;
  if (first === 0x80) {
    // X.690 §8.1.3.6: indefinite length (BER, some PKCS#12 writers), ended by two zero octets.
    if (!constructed) throw new DerError('indefinite length on a primitive');
    for (let p = start; ;) {
      if (p + 2 > limit) throw new DerError('truncated');
      if (b[p] === 0 && b[p + 1] === 0) return { from: at, tag, constructed, start, end: p, next: p + 2 };
      p = readNode(b, p, limit, depth + 1).next;
    }
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || start + n > limit) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[start + i]!;
    start += n;
  }
  if (start + length > limit) throw new DerError('truncated');
  return { from: at, tag, constructed, start, end: start + length, next: start + length };
}

function children(b: Uint8Array, node: Node, depth = 0): Node[] {
  const out: Node[] = [];
  for (let p = node.start; p < node.end;) {
    const child = readNode(b, p, node.end, depth + 1);
    out.push(child);
    p = child.next;
  }
  return out;
}

function expect(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) throw new DerError(`${what} expected`);
  return node;
}

/** An OCTET STRING's value, joining the pieces of a constructed one (BER, X.690 §8.7.3). */
function octets(b: Uint8Array, node: Node, depth = 0): Uint8Array {
  if (!node.constructed) return b.subarray(node.start, node.end);
  if (depth > MAX_DEPTH) throw new DerError('nested too deeply');
  return Buffer.concat(children(b, node).map((c) => octets(b, c, depth + 1)));
}

function oid(b: Uint8Array, node: Node | undefined): string {
  const n = expect(node, 0x06, 'OID');
  const parts: number[] = [];
  let value = 0;
  for (let i = n.start; i < n.end; i++) {
    value = value * 128 + (b[i]! & 0x7f);
    if ((b[i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** A small non-negative INTEGER (versions, iteration counts). */
function smallInteger(b: Uint8Array, node: Node | undefined): number {
  const n = expect(node, 0x02, 'INTEGER');
  if (n.end - n.start > 6 || b[n.start]! & 0x80) throw new DerError('integer out of range');
  let value = 0;
  for (let i = n.start; i < n.end; i++) value = value * 256 + b[i]!;
  return value;
}

/** The element with its header, as its DER bytes. */
function whole(b: Uint8Array, node: Node): Uint8Array {
  return b.subarray(node.from, node.next);
}

// --- names (RFC 5280 §4.1.2.4) for a CSR subject ---

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function directoryString(b: Uint8Array, n: Node): string {
  const value = Buffer.from(b.subarray(n.start, n.end));
  switch (n.tag) {
    case 0x1e: // BMPString: UTF-16BE
      return value.swap16().toString('utf16le');
    case 0x1c: {
      // UniversalString: UTF-32BE
      const points: number[] = [];
      for (let i = 0; i + 3 < value.length; i += 4) points.push(value.readUInt32BE(i));
      return String.fromCodePoint(...points.filter((p) => p <= 0x10ffff));
    }
    case 0x14: // TeletexString, read as Latin-1 as OpenSSL does
      return value.toString('latin1');
    default: // UTF8String, PrintableString, IA5String
      return value.toString('utf8');
  }
}

/** `C=CZ, O=Example, CN=mx.example.cz`, in encoded order as Node prints a certificate's subject. */
function nameText(b: Uint8Array, name: Node): string {
  return children(b, name)
    .map((rdn) =>
      children(b, rdn)
        .map((attribute) => {
          const [type, value] = children(b, attribute);
          const id = oid(b, type);
          return `${NAME_ATTRIBUTES[id] ?? id}=${value ? directoryString(b, value) : ''}`;
        })
        .join(' + '),
    )
    .join(', ');
}

// --- certificates, CSRs, PKCS#7 ---

function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

function fileCertificate(der: Uint8Array, withPrivateKey = false): FileCertificate {
  const x509 = new X509Certificate(der);
  const notAfter = Date.parse(x509.validTo);
  return {
    der: new Uint8Array(x509.raw),
    subject: dn(x509.subject),
    issuer: dn(x509.issuer),
    notAfter: Number.isNaN(notAfter) ? x509.validTo : new Date(notAfter).toISOString(),
    isCa: x509.ca,
    withPrivateKey,
  };
}

/** PKCS#10 (RFC 2986 §4): CertificationRequest = { certificationRequestInfo { version, subject, subjectPKInfo, [0] attributes }, algorithm, signature }. */
function readCsr(der: Uint8Array): CertificateFileContents['csr'] {
  const outer = readNode(der, 0, der.length);
  const [info] = children(der, expect(outer, 0x30, 'CertificationRequest'));
  const [version, subject, spki, attributes] = children(der, expect(info, 0x30, 'CertificationRequestInfo'));
  if (smallInteger(der, version) !== 0) throw new DerError('CSR version is not 1');
  expect(subject, 0x30, 'subject');
  expect(attributes, 0xa0, 'attributes');
  const spkiDer = new Uint8Array(whole(der, expect(spki, 0x30, 'subjectPKInfo')));
  createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  return { spkiDer, subject: nameText(der, subject!) };
}

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_ENVELOPED_DATA = '1.2.840.113549.1.7.3';
const OID_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';

/** The certificates of a PKCS#7 / CMS SignedData (RFC 5652 §5.1: `certificates [0] IMPLICIT CertificateSet`), as a .p7b carries a chain. */
function readPkcs7(der: Uint8Array, contentInfo: Node): FileCertificate[] {
  const [type, content] = children(der, contentInfo);
  if (oid(der, type) !== OID_SIGNED_DATA) throw new DerError('not SignedData');
  const [signedData] = children(der, expect(content, 0xa0, 'content'));
  const set = children(der, expect(signedData, 0x30, 'SignedData')).find((n) => n.tag === 0xa0);
  // CertificateChoices other than a plain Certificate (SEQUENCE) are attribute or other certificates.
  return set
    ? children(der, set)
        .filter((n) => n.tag === 0x30)
        .map((n) => fileCertificate(whole(der, n)))
    : [];
}

// --- PKCS#12 (RFC 7292) ---

class DecryptFailure extends Error {}

const MAX_ITERATIONS = 10_000_000;
/** The RFC 7292 Appendix B KDF runs in JavaScript, one hash per iteration: keep a hostile count from freezing the app. */
const MAX_KDF_ITERATIONS = 1_000_000;

const HASHES: Record<string, { name: string; v: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', v: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', v: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', v: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', v: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', v: 128 },
};

/** RFC 7292 Appendix B.1: the password as a BMPString with a terminating NUL; none at all for "no password". */
function bmpPassword(password: string | null): Uint8Array {
  if (password === null) return new Uint8Array(0);
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

/** RFC 7292 Appendix B.2. `id` 1: key, 2: IV, 3: MAC key. */
function pkcs12Kdf(hash: { name: string; v: number }, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number) {
  if (iterations < 1 || iterations > MAX_KDF_ITERATIONS)
    throw new CertificateFileError('unreadable', `PKCS#12 iteration count ${iterations} is over the limit of ${MAX_KDF_ITERATIONS}`);
  const { v } = hash;
  const fill = (x: Uint8Array) => {
    const out = Buffer.alloc(x.length ? v * Math.ceil(x.length / v) : 0);
    for (let i = 0; i < out.length; i++) out[i] = x[i % x.length]!;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(password)]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < n;) {
    let a = createHash(hash.name).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash.name).update(a).digest();
    out.push(a);
    produced += a.length;
    // I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v octets
    const b = fill(a);
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + b[k]! + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, n);
}

interface MacData {
  hash: { name: string; v: number };
  digest: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

/** MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 } */
function readMacData(b: Uint8Array, node: Node): MacData {
  const [mac, salt, iterations] = children(b, expect(node, 0x30, 'MacData'));
  const [algorithm, digest] = children(b, expect(mac, 0x30, 'DigestInfo'));
  const [algorithmId] = children(b, expect(algorithm, 0x30, 'AlgorithmIdentifier'));
  const id = oid(b, algorithmId);
  const hash = HASHES[id];
  if (!hash) throw new CertificateFileError('unreadable', `unsupported PKCS#12 integrity algorithm ${PBE_NAMES[id] ?? id}`);
  return {
    hash,
    digest: octets(b, expect(digest, 0x04, 'digest')),
    salt: octets(b, expect(salt, 0x04, 'macSalt')),
    iterations: iterations ? smallInteger(b, iterations) : 1,
  };
}

function macVerifies(mac: MacData, content: Uint8Array, password: string | null): boolean {
  const size = createHash(mac.hash.name).digest().length;
  const key = pkcs12Kdf(mac.hash, bmpPassword(password), mac.salt, 3, mac.iterations, size);
  const actual = createHmac(mac.hash.name, key).update(content).digest();
  return actual.length === mac.digest.length && timingSafeEqual(actual, mac.digest);
}

/** PKCS#12 password-based encryption (RFC 7292 Appendix C), by OID under 1.2.840.113549.1.12.1. */
const PKCS12_PBE: Record<string, { cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number; ivLength: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, ivLength: 8 },
};
const PBE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.5.14': 'PBMAC1',
};
const OID_PBES2 = '1.2.840.113549.1.5.13';
const OID_PBKDF2 = '1.2.840.113549.1.5.12';
/** RFC 8018 Appendix B.1.2 */
const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
/** RFC 8018 Appendix B.2, RFC 3565 */
const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
};

const pbkdf2Async = promisify(pbkdf2);

function decipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  try {
    const d = createDecipheriv(name, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new DecryptFailure(); // bad padding: the wrong key
  }
}

function rc2Decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const binary = (x: Uint8Array) => Buffer.from(x).toString('binary');
  const cipher = forge.rc2.createDecryptionCipher(binary(key), key.length * 8);
  cipher.start(binary(iv));
  cipher.update(forge.util.createBuffer(binary(data)));
  if (!cipher.finish()) throw new DecryptFailure();
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

/** Decrypts an EncryptedContentInfo's content with the algorithm `algorithm` names. */
async function decrypt(b: Uint8Array, algorithm: Node, data: Uint8Array, password: string | null): Promise<Uint8Array> {
  const [algorithmId, parameters] = children(b, expect(algorithm, 0x30, 'AlgorithmIdentifier'));
  const id = oid(b, algorithmId);
  const pbe = PKCS12_PBE[id];
  if (pbe) {
    const [salt, iterations] = children(b, expect(parameters, 0x30, 'PBE parameters'));
    const s = octets(b, expect(salt, 0x04, 'salt'));
    const count = smallInteger(b, iterations);
    const sha1 = HASHES['1.3.14.3.2.26']!;
    const pw = bmpPassword(password);
    const key = pkcs12Kdf(sha1, pw, s, 1, count, pbe.keyLength);
    const iv = pkcs12Kdf(sha1, pw, s, 2, count, pbe.ivLength);
    return pbe.cipher === 'rc2' ? rc2Decrypt(key, iv, data) : decipher(pbe.cipher, key, iv, data);
  }
  if (id === OID_PBES2) {
    // RFC 8018 §6.2: PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }
    const [kdf, scheme] = children(b, expect(parameters, 0x30, 'PBES2 parameters'));
    const [kdfId, kdfParameters] = children(b, expect(kdf, 0x30, 'keyDerivationFunc'));
    if (oid(b, kdfId) !== OID_PBKDF2) throw new CertificateFileError('unreadable', `unsupported PBES2 key derivation ${oid(b, kdfId)}`);
    const fields = children(b, expect(kdfParameters, 0x30, 'PBKDF2 parameters'));
    const salt = octets(b, expect(fields[0], 0x04, 'salt'));
    const iterations = smallInteger(b, fields[1]);
    const prfNode = fields.slice(2).find((n) => n.tag === 0x30);
    const prfId = prfNode ? oid(b, children(b, prfNode)[0]) : '1.2.840.113549.2.7';
    const [schemeId, ivNode] = children(b, expect(scheme, 0x30, 'encryptionScheme'));
    const cipher = PBES2_CIPHERS[oid(b, schemeId)];
    const prf = PRFS[prfId];
    if (!cipher || !prf) throw new CertificateFileError('unreadable', `unsupported PBES2 encryption ${oid(b, schemeId)} / ${prfId}`);
    if (iterations < 1 || iterations > MAX_ITERATIONS)
      throw new CertificateFileError('unreadable', `PBKDF2 iteration count ${iterations} is over the limit of ${MAX_ITERATIONS}`);
    // RFC 8018 §3 leaves the password encoding open; OpenSSL 3 takes the UTF-8 bytes (tested with diacritics).
    const key = await pbkdf2Async(Buffer.from(password ?? '', 'utf8'), salt, iterations, cipher.keyLength, prf);
    return decipher(cipher.name, key, octets(b, expect(ivNode, 0x04, 'IV')), data);
  }
  throw new CertificateFileError('unreadable', `unsupported PKCS#12 encryption ${PBE_NAMES[id] ?? id}`);
}

const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const BAG_SAFE_CONTENTS = '1.2.840.113549.1.12.10.1.6';
const OID_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

interface Bags {
  certificates: { der: Uint8Array; localKeyId?: string }[];
  keyIds: Set<string>;
}

function localKeyId(b: Uint8Array, attributes: Node | undefined): string | undefined {
  if (!attributes || attributes.tag !== 0x31) return undefined;
  for (const attribute of children(b, attributes)) {
    const [type, values] = children(b, attribute);
    if (oid(b, type) !== OID_LOCAL_KEY_ID || !values) continue;
    const [value] = children(b, values);
    if (value?.tag === 0x04) return Buffer.from(octets(b, value)).toString('hex');
  }
  return undefined;
}

/** SafeContents ::= SEQUENCE OF SafeBag { bagId, bagValue [0] EXPLICIT, bagAttributes SET OPTIONAL } */
function readSafeContents(b: Uint8Array, node: Node, bags: Bags, depth = 0): void {
  if (depth > 4) throw new DerError('SafeContents nested too deeply');
  for (const bag of children(b, expect(node, 0x30, 'SafeContents'))) {
    const [bagId, wrapper, attributes] = children(b, expect(bag, 0x30, 'SafeBag'));
    const type = oid(b, bagId);
    const [value] = children(b, expect(wrapper, 0xa0, 'bagValue'));
    const keyId = localKeyId(b, attributes);
    if (type === BAG_KEY || type === BAG_SHROUDED_KEY) {
      // The key stays encrypted: its localKeyId only tells which certificate it belongs to.
      if (keyId) bags.keyIds.add(keyId);
    } else if (type === BAG_CERT) {
      // CertBag ::= SEQUENCE { certId, certValue [0] EXPLICIT OCTET STRING }; SDSI certificates are skipped.
      const [certId, certValue] = children(b, expect(value, 0x30, 'CertBag'));
      if (oid(b, certId) !== OID_X509_CERTIFICATE) continue;
      const [der] = children(b, expect(certValue, 0xa0, 'certValue'));
      bags.certificates.push({
        der: new Uint8Array(octets(b, expect(der, der?.constructed ? 0x24 : 0x04, 'certificate'))),
        localKeyId: keyId,
      });
    } else if (type === BAG_SAFE_CONTENTS) {
      readSafeContents(b, expect(value, 0x30, 'SafeContents'), bags, depth + 1);
    }
  }
}

/** AuthenticatedSafe ::= SEQUENCE OF ContentInfo, each plain `data` or password-`encryptedData`. */
async function readAuthenticatedSafe(content: Uint8Array, password: string | null): Promise<Bags> {
  const bags: Bags = { certificates: [], keyIds: new Set() };
  const safe = readNode(content, 0, content.length);
  for (const info of children(content, expect(safe, 0x30, 'AuthenticatedSafe'))) {
    const [type, explicit] = children(content, expect(info, 0x30, 'ContentInfo'));
    const contentType = oid(content, type);
    const [inner] = explicit ? children(content, expect(explicit, 0xa0, 'content')) : [];
    if (contentType === OID_DATA) {
      const data = octets(content, expect(inner, inner?.constructed ? 0x24 : 0x04, 'data'));
      readSafeContents(data, readNode(data, 0, data.length), bags);
    } else if (contentType === OID_ENCRYPTED_DATA) {
      // EncryptedData ::= { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT encryptedContent } }
      const [, encryptedContentInfo] = children(content, expect(inner, 0x30, 'EncryptedData'));
      const [, algorithm, encrypted] = children(content, expect(encryptedContentInfo, 0x30, 'EncryptedContentInfo'));
      if (!encrypted) continue;
      const data = await decrypt(
        content,
        algorithm!,
        octets(content, expect(encrypted, encrypted.constructed ? 0xa0 : 0x80, 'content')),
        password,
      );
      try {
        readSafeContents(data, readNode(data, 0, data.length), bags);
      } catch (e) {
        // A wrong key whose padding happened to look right yields garbage.
        if (e instanceof DerError) throw new DecryptFailure();
        throw e;
      }
    } else if (contentType === OID_ENVELOPED_DATA) {
      throw new CertificateFileError('unreadable', 'PKCS#12 public-key privacy mode (EnvelopedData) is not supported');
    }
  }
  return bags;
}

/** PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData MacData OPTIONAL } */
async function readPkcs12(b: Uint8Array, pfx: Node, fileName: string, password?: string): Promise<FileCertificate[]> {
  const [, authSafe, macNode] = children(b, pfx);
  const [type, explicit] = children(b, expect(authSafe, 0x30, 'authSafe'));
  if (oid(b, type) !== OID_DATA) throw new CertificateFileError('unreadable', 'PKCS#12 public-key integrity mode is not supported');
  const [data] = children(b, expect(explicit, 0xa0, 'authSafe content'));
  const content = octets(b, expect(data, data?.constructed ? 0x24 : 0x04, 'authSafe data'));
  // No password given: try the empty one, as a BMPString ("" + NUL, OpenSSL) and as nothing at all.
  const candidates: (string | null)[] = password ? [password] : ['', null];
  const refused = () =>
    password
      ? new CertificateFileError('wrong-password', `The password for ${fileName} is not correct.`)
      : new CertificateFileError('password-required', `${fileName} is protected by a password; enter it to read the certificates.`);

  let bags: Bags | undefined;
  if (macNode) {
    const mac = readMacData(b, macNode);
    const right = candidates.find((p) => macVerifies(mac, content, p));
    if (right === undefined) throw refused();
    try {
      bags = await readAuthenticatedSafe(content, right);
    } catch (e) {
      if (e instanceof DecryptFailure)
        throw new CertificateFileError('unreadable', `${fileName}: the password is right, but the certificates could not be decrypted`);
      throw e;
    }
  } else {
    for (const p of candidates) {
      try {
        bags = await readAuthenticatedSafe(content, p);
        break;
      } catch (e) {
        if (!(e instanceof DecryptFailure)) throw e;
      }
    }
    if (!bags) throw refused();
  }
  const keyIds = bags.keyIds;
  return bags.certificates.map((c) => fileCertificate(c.der, c.localKeyId !== undefined && keyIds.has(c.localKeyId)));
}

// --- the file ---

function notCertificate(fileName: string, why: string): CertificateFileError {
  return new CertificateFileError('not-a-certificate', `${fileName} holds no certificate or certificate request: ${why}.`);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g;
const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const PKCS7_LABELS = new Set(['PKCS7', 'PKCS #7 SIGNED DATA', 'CMS']);

function base64(body: string): Uint8Array {
  const text = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) throw new DerError('not base64');
  return Buffer.from(text, 'base64');
}

/** RFC 7468 textual encoding: every certificate, the first certificate request, PKCS#7 bundles. */
function readPem(text: string, fileName: string): CertificateFileContents {
  const out: CertificateFileContents = { certificates: [] };
  const labels: string[] = [];
  for (const [, label, body] of text.matchAll(PEM_BLOCK)) {
    labels.push(label!);
    try {
      if (CERTIFICATE_LABELS.has(label!)) {
        const der = base64(body!);
        // OpenSSL's TRUSTED CERTIFICATE is the certificate followed by its trust settings.
        const first = readNode(der, 0, der.length);
        out.certificates.push(fileCertificate(der.subarray(0, first.next)));
      } else if (CSR_LABELS.has(label!)) {
        out.csr ??= readCsr(base64(body!));
      } else if (PKCS7_LABELS.has(label!)) {
        const der = base64(body!);
        out.certificates.push(...readPkcs7(der, readNode(der, 0, der.length)));
      }
    } catch (e) {
      if (e instanceof CertificateFileError) throw e;
      throw new CertificateFileError('unreadable', `${fileName}: the ${label} block is damaged (${(e as Error).message}).`);
    }
  }
  if (out.certificates.length || out.csr) return out;
  if (labels.some((l) => l.includes('PRIVATE KEY'))) throw notCertificate(fileName, 'it contains only a private key');
  throw notCertificate(fileName, labels.length ? `it contains only ${[...new Set(labels)].join(', ')}` : 'no PEM block found');
}

/** A binary file: one DER certificate or CSR, a PKCS#7 bundle (.p7b), or PKCS#12 (.pfx/.p12). */
async function readBinary(b: Uint8Array, fileName: string, password?: string): Promise<CertificateFileContents> {
  let outer: Node;
  let fields: Node[];
  try {
    outer = readNode(b, 0, b.length);
    if (outer.tag !== 0x30 || outer.next !== b.length) throw new DerError('not one DER structure');
    fields = children(b, outer);
  } catch {
    throw notCertificate(fileName, 'it is neither PEM text nor a DER or PKCS#12 structure');
  }
  try {
    if (fields[0]?.tag === 0x02 && fields[1]?.tag === 0x30 && smallInteger(b, fields[0]) === 3)
      return { certificates: await readPkcs12(b, outer, fileName, password) };
    if (fields[0]?.tag === 0x06) return { certificates: readPkcs7(b, outer) };
  } catch (e) {
    if (e instanceof CertificateFileError) throw e;
    throw new CertificateFileError('unreadable', `${fileName}: the PKCS#12 or PKCS#7 structure is damaged (${(e as Error).message}).`);
  }
  try {
    return { certificates: [fileCertificate(b)] };
  } catch {
    // not a certificate; perhaps a certificate request
  }
  try {
    return { certificates: [], csr: readCsr(b) };
  } catch {
    throw notCertificate(fileName, 'the DER structure is not a certificate, certificate request, PKCS#7 or PKCS#12');
  }
}

/**
 * Reads the certificates (and a CSR's public key) from a file; throws `CertificateFileError`.
 * `password` opens PKCS#12; without one the empty password is tried.
 */
export async function readCertificateFile(bytes: Uint8Array, fileName: string, password?: string): Promise<CertificateFileContents> {
  if (bytes.length > MAX_CERTIFICATE_FILE_BYTES)
    throw new CertificateFileError('too-large', `${fileName} is larger than 1 MiB; a certificate file takes a few kilobytes.`);
  if (bytes.length === 0) throw notCertificate(fileName, 'the file is empty');
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe; // PEM saved as "Unicode" by Notepad
  const text = utf16 ? Buffer.from(bytes).toString('utf16le') : Buffer.from(bytes).toString('latin1');
  // DER starts with a SEQUENCE; anything else that reads as text is PEM, or text that is no certificate.
  if (bytes[0] !== 0x30 && (text.includes('-----BEGIN ') || !/[\x00-\x08\x0e-\x1f]/.test(text))) return readPem(text, fileName);
  return readBinary(bytes, fileName, password);
}

// --- TLSA records for the file ---

export interface FileTlsaRecord {
  record: TlsaRecord;
  /** `end-entity`: DANE-EE for the server's key; `issuer`: DANE-TA for the CA that issued it */
  role: 'end-entity' | 'issuer';
  source: 'certificate' | 'csr';
  /** index in `certificates` */
  certificate?: number;
  subject: string;
}

/**
 * The records to publish for a file: `3 1 1` for the server certificate's key and for a CSR's
 * key (the next key, RFC 7671 §8.1), `2 1 1` for the CA in the file that issued the server
 * certificate (RFC 7672 §3.1: "3 1 1" with "2 1 1"; pass `taKind: '2 0 1'` for the Cert(0) selector
 * RFC 7671 §5.2.1 prefers). The server certificate is the one whose private key a PKCS#12 holds,
 * else every non-CA certificate, else a lone self-signed one (`openssl req -x509` marks it CA).
 * A file of CA certificates only gives `2 1 1` for the lowest of them.
 */
export function tlsaRecordsForFile(contents: CertificateFileContents, options: { taKind?: '2 1 1' | '2 0 1' } = {}): FileTlsaRecord[] {
  const taKind = options.taKind ?? '2 1 1';
  const certs = contents.certificates;
  const x509 = certs.map((c) => new X509Certificate(c.der));
  const issued = (child: number, parent: number) => {
    try {
      return child !== parent && x509[child]!.checkIssued(x509[parent]!) && x509[child]!.verify(x509[parent]!.publicKey);
    } catch {
      return false;
    }
  };
  const indexes = certs.map((_, i) => i);
  let servers = indexes.filter((i) => certs[i]!.withPrivateKey);
  if (!servers.length) servers = indexes.filter((i) => !certs[i]!.isCa);
  if (!servers.length && !contents.csr && certs.length === 1 && x509[0]!.subject === x509[0]!.issuer) servers = [0];

  const out: FileTlsaRecord[] = servers.map((i) => ({
    record: tlsaFromCertificate(certs[i]!.der, '3 1 1'),
    role: 'end-entity',
    source: 'certificate',
    certificate: i,
    subject: certs[i]!.subject,
  }));
  if (contents.csr)
    out.push({
      record: tlsaFromPublicKey(contents.csr.spkiDer, '3 1 1'),
      role: 'end-entity',
      source: 'csr',
      subject: contents.csr.subject,
    });

  const cas = indexes.filter((i) => certs[i]!.isCa && !servers.includes(i));
  const issuers =
    servers.length || contents.csr
      ? cas.filter((ca) => servers.some((s) => issued(s, ca)))
      : cas.filter((ca) => !cas.some((other) => other !== ca && issued(other, ca)));
  for (const i of issuers)
    out.push({
      record: tlsaFromCertificate(certs[i]!.der, taKind),
      role: 'issuer',
      source: 'certificate',
      certificate: i,
      subject: certs[i]!.subject,
    });
  return out;
}
