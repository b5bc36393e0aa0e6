/**
 * The lab's certificate authority (DESIGN §6): a root, an intermediate, and leaf certificates made
 * at lab start. Keys come from node:crypto (RSA and EC alike — node-forge cannot make EC
 * certificates), the X.509 structure is DER written here (RFC 5280 §4.1), and node:crypto signs
 * it, so any key type, date (expired, not yet valid) or signature hash (SHA-1) can be produced.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// --- minimal DER (X.690) ---

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const nul = () => tlv(0x05);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);

function integer(value: Buffer | number): Buffer {
  let b = typeof value === 'number' ? Buffer.from([value]) : value;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const OID = {
  cn: '2.5.4.3',
  o: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** Signature algorithms by key type and hash (RFC 4055, RFC 5758). RSA ones carry NULL parameters, ECDSA ones none. */
const SIGNATURE_OIDS: Record<string, string> = {
  'rsa-sha1': '1.2.840.113549.1.1.5',
  'rsa-sha256': '1.2.840.113549.1.1.11',
  'rsa-sha384': '1.2.840.113549.1.1.12',
  'rsa-sha512': '1.2.840.113549.1.1.13',
  'ec-sha1': '1.2.840.10045.4.1',
  'ec-sha256': '1.2.840.10045.4.3.2',
  'ec-sha384': '1.2.840.10045.4.3.3',
  'ec-sha512': '1.2.840.10045.4.3.4',
};

const name = (cn: string, o = 'MailAudit Lab') => seq(set(seq(oid(OID.o), utf8(o))), set(seq(oid(OID.cn), utf8(cn))));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

// --- keys and certificates ---

export type LabKeySpec = { type: 'rsa'; bits: number } | { type: 'ec'; curve: 'P-256' | 'P-384' | 'P-521' };

export interface LabKey {
  spec: LabKeySpec;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 PEM */
  pem: string;
}

export function labKey(spec: LabKeySpec): LabKey {
  const pair =
    spec.type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: spec.bits }) : generateKeyPairSync('ec', { namedCurve: spec.curve });
  return { spec, ...pair, pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export interface LabCertificate {
  pem: string;
  der: Buffer;
  x509: X509Certificate;
  key: LabKey;
  /** subject key identifier, for the AKI of what it signs */
  keyId: Buffer;
  subjectName: Buffer;
}

export interface IssueOptions {
  commonName: string;
  /** dNSName entries of the subjectAltName */
  dnsNames?: string[];
  ipAddresses?: string[];
  key?: LabKey;
  notBefore?: Date;
  notAfter?: Date;
  hash?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** a CA certificate (basicConstraints cA) */
  ca?: boolean;
  /** caIssuers URL (RFC 5280 §4.2.2.1), as public CAs put in every leaf */
  caIssuersUrl?: string;
}

const DAY = 86_400_000;

function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

/** Issues a certificate for `options` signed by `issuer`, or self-signed when `issuer` is undefined. */
export function issueCertificate(options: IssueOptions, issuer?: LabCertificate): LabCertificate {
  const key = options.key ?? labKey({ type: 'rsa', bits: 2048 });
  const signer = issuer?.key ?? key;
  const hash = options.hash ?? 'sha256';
  const algorithm = SIGNATURE_OIDS[`${signer.spec.type}-${hash}`]!;
  const sigAlg = signer.spec.type === 'rsa' ? seq(oid(algorithm), nul()) : seq(oid(algorithm));
  const subjectName = name(options.commonName);
  const spki = key.publicKey.export({ type: 'spki', format: 'der' });
  const ski = keyId(key.publicKey);
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;

  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, options.ca ? seq(bool(true)) : seq()),
    // keyCertSign + cRLSign for CAs; digitalSignature (+ keyEncipherment for RSA) for servers.
    extension(
      OID.keyUsage,
      true,
      options.ca ? bits(Buffer.from([0x06]), 1) : key.spec.type === 'rsa' ? bits(Buffer.from([0xa0]), 5) : bits(Buffer.from([0x80]), 7),
    ),
    extension(OID.subjectKeyId, false, octets(ski)),
  ];
  if (issuer) extensions.push(extension(OID.authorityKeyId, false, seq(tlv(0x80, issuer.keyId))));
  if (!options.ca) {
    extensions.push(extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth), oid(OID.clientAuth))));
    const alt = [
      ...(options.dnsNames ?? [options.commonName]).map((n) => tlv(0x82, Buffer.from(n, 'ascii'))),
      ...(options.ipAddresses ?? []).map((a) => tlv(0x87, ipBytes(a))),
    ];
    extensions.push(extension(OID.subjectAltName, false, seq(...alt)));
  }
  if (options.caIssuersUrl)
    extensions.push(
      extension(OID.authorityInfoAccess, false, seq(seq(oid(OID.caIssuers), tlv(0x86, Buffer.from(options.caIssuersUrl, 'ascii'))))),
    );

  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(2)),
    integer(serial),
    sigAlg,
    issuer?.subjectName ?? subjectName,
    seq(time(options.notBefore ?? new Date(now - DAY)), time(options.notAfter ?? new Date(now + 365 * DAY))),
    subjectName,
    spki,
    explicit(3, seq(...extensions)),
  );
  const signature = sign(hash, tbs, signer.privateKey);
  const der = seq(tbs, sigAlg, bits(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { pem, der, x509: new X509Certificate(der), key, keyId: ski, subjectName };
}

function ipBytes(address: string): Buffer {
  if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const url = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head, tail] = url.includes('::') ? url.split('::') : [url, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

export interface LabCa {
  root: LabCertificate;
  intermediate: LabCertificate;
  /** directory holding `ca.pem` (the root: what `--ca-file` takes) */
  dir: string;
  caFile: string;
  /** a leaf signed by the intermediate; `chain` is leaf + intermediate as a server should send it */
  issue(options: IssueOptions): { leaf: LabCertificate; chain: string };
}

/**
 * A set of lab servers whose certificates come from one lab CA, reached by the CLI through
 * `--connect-to`: `args` is everything the CLI needs (--connect-to …, --ca-file …).
 */
export interface LabServerSet<S> {
  ca: LabCa;
  /** `--ca-file` for the lab CA */
  caFile: string;
  /** servers by the host name they stand for */
  servers: Map<string, S>;
  /** `--connect-to` values, `<host or address>:<port>:<address>:<high port>` */
  connectTo: string[];
  args: string[];
  close(): Promise<void>;
}

export interface LabCaCertificates {
  root: LabCertificate;
  intermediate: LabCertificate;
}

/** A fresh root and intermediate (RSA 2048). */
export function labCaCertificates(): LabCaCertificates {
  const now = Date.now();
  const root = issueCertificate({
    commonName: 'MailAudit Lab Root CA',
    ca: true,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now + 3650 * DAY),
  });
  const intermediate = issueCertificate(
    { commonName: 'MailAudit Lab Issuing CA', ca: true, notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 1825 * DAY) },
    root,
  );
  return { root, intermediate };
}

/**
 * Creates the root and intermediate (or takes `certificates`, e.g. ones DNS records already name,
 * as DANE TLSA records do) and writes the root to `<dir>/ca.pem`.
 */
export async function createLabCa(options: { dir?: string; certificates?: LabCaCertificates } = {}): Promise<LabCa> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mailaudit-lab-ca-')));
  const { root, intermediate } = options.certificates ?? labCaCertificates();
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, root.pem, 'utf8');
  return {
    root,
    intermediate,
    dir,
    caFile,
    issue(issueOptions) {
      const leaf = issueCertificate(issueOptions, intermediate);
      return { leaf, chain: leaf.pem + intermediate.pem };
    },
  };
}

/** PKCS#3 `DH PARAMETERS` PEM for a prime and generator, as `dhparam` in node:tls takes it. */
export function dhParamsPem(prime: Buffer, generator: number): string {
  const der = seq(integer(prime), integer(generator));
  return `-----BEGIN DH PARAMETERS-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END DH PARAMETERS-----\n`;
}
