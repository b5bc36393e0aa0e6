/**
 * Certificate files a user selects to publish TLSA records (DESIGN §5): PEM, DER, PKCS#7 and
 * PKCS#12 as OpenSSL writes them — its OpenSSL 3 default (AES-256-CBC, PBKDF2-SHA256, SHA-256
 * MAC, what Windows calls AES256-SHA256), -legacy (RC2-40 and 3DES) and 3DES with a SHA-1 MAC
 * (Windows' TripleDES-SHA1) — and the errors for everything else.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CertificateFileError,
  MAX_CERTIFICATE_FILE_BYTES,
  readCertificateFile,
  tlsaRecordsForFile,
  type CertificateFileContents,
  type CertificateFileErrorKind,
} from '../../../../../electron/engine/net/dane/certificate-file';
import { matchTlsa } from '../../../../../electron/engine/net/dane/tlsa-match';
import { formatTlsa } from '../../../../../shared/dane/tlsa';
import { createLabCa, issueCertificate, labKey, type LabCa, type LabCertificate, type LabKey } from '../../../../lab/ca';

const run = promisify(execFile);
const HOST = 'mx.firma.test';
const CZECH = 'žluťoučký kůň';

let ca: LabCa;
let key: LabKey;
let leaf: LabCertificate;
let dir: string;
/** SHA-256 of the leaf's SPKI as the openssl binary computes it */
let leafSpkiSha256: string;

const file = (name: string) => join(dir, name);
const openssl = async (...args: string[]) => (await run('openssl', args, { encoding: 'buffer' })).stdout;

beforeAll(async () => {
  ca = await createLabCa();
  key = labKey({ type: 'rsa', bits: 2048 });
  leaf = ca.issue({ commonName: HOST, key }).leaf;
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-certfile-'));
  await writeFile(file('leaf.pem'), leaf.pem);
  await writeFile(file('key.pem'), key.pem);
  await writeFile(file('inter.pem'), ca.intermediate.pem);
  const { stdout } = await run('sh', [
    '-c',
    `openssl x509 -in '${file('leaf.pem')}' -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r`,
  ]);
  leafSpkiSha256 = stdout.split(' ')[0]!.toUpperCase();
});
afterAll(async () => {
  await rm(ca.dir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

/** `openssl pkcs12 -export` of a certificate, its key and a chain (PEM files in `dir`), with extra options. */
async function exportPkcs12(files: { cert: string; key: string; chain: string }, password: string, ...options: string[]): Promise<Buffer> {
  const out = file(`p12-${randomBytes(4).toString('hex')}.p12`);
  await run('openssl', [
    'pkcs12',
    '-export',
    '-in',
    file(files.cert),
    '-inkey',
    file(files.key),
    '-certfile',
    file(files.chain),
    '-passout',
    `pass:${password}`,
    '-out',
    out,
    ...options,
  ]).catch((e: Error) => {
    throw new Error(`openssl pkcs12 ${options.join(' ')}: ${e.message}`);
  });
  return readFile(out);
}

/** The leaf, its key and the intermediate. */
const pkcs12 = (password: string, ...options: string[]) =>
  exportPkcs12({ cert: 'leaf.pem', key: 'key.pem', chain: 'inter.pem' }, password, ...options);

async function info(p12: Buffer, password: string): Promise<string> {
  const path = file(`info-${randomBytes(4).toString('hex')}.p12`);
  await writeFile(path, p12);
  const { stderr } = await run('openssl', ['pkcs12', '-in', path, '-info', '-noout', '-passin', `pass:${password}`, '-legacy']);
  return stderr;
}

async function failure(promise: Promise<unknown>): Promise<CertificateFileError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof CertificateFileError) return e;
    throw e;
  }
  throw new Error('no CertificateFileError');
}

async function kindOf(promise: Promise<unknown>): Promise<CertificateFileErrorKind> {
  return (await failure(promise)).kind;
}

/** The leaf (with its key) and the intermediate, and the records for them. */
function expectLeafAndIntermediate(contents: CertificateFileContents) {
  expect(contents.certificates.map((c) => [Buffer.from(c.der).equals(leaf.der) ? 'leaf' : 'other', c.isCa, c.withPrivateKey])).toEqual([
    ['leaf', false, true],
    ['other', true, false],
  ]);
  expect(Buffer.from(contents.certificates[1]!.der).equals(ca.intermediate.der)).toBe(true);
  expect(tlsaRecordsForFile(contents).map((r) => [r.role, formatTlsa(r.record)])).toEqual([
    ['end-entity', `3 1 1 ${leafSpkiSha256}`],
    [
      'issuer',
      `2 1 1 ${createHash('sha256')
        .update(ca.intermediate.key.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')
        .toUpperCase()}`,
    ],
  ]);
}

describe('PKCS#12', () => {
  it('reads the OpenSSL 3 default (AES-256-CBC, PBKDF2 hmacWithSHA256, SHA-256 MAC; Windows AES256-SHA256)', async () => {
    const p12 = await pkcs12('secret');
    expect(await info(p12, 'secret')).toMatch(/MAC: sha256[\s\S]*PBES2, PBKDF2, AES-256-CBC/);
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx', 'secret'));
  });

  it('reads -legacy (certificates RC2-40, key 3DES, SHA-1 MAC)', async () => {
    const p12 = await pkcs12('secret', '-legacy');
    expect(await info(p12, 'secret')).toMatch(/MAC: sha1[\s\S]*pbeWithSHA1And40BitRC2-CBC/);
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.p12', 'secret'));
  });

  it('reads 3DES for certificates and key with a SHA-1 MAC (Windows TripleDES-SHA1)', async () => {
    const p12 = await pkcs12('secret', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1');
    expect(await info(p12, 'secret')).toMatch(/MAC: sha1[\s\S]*pbeWithSHA1And3-KeyTripleDES-CBC/);
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx', 'secret'));
  });

  it('reads AES-128-CBC certificates with a SHA-512 MAC', async () => {
    const p12 = await pkcs12('secret', '-certpbe', 'AES-128-CBC', '-macalg', 'sha512');
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx', 'secret'));
  });

  it('reads unencrypted certificates (-certpbe NONE) once the MAC verifies', async () => {
    const p12 = await pkcs12('secret', '-certpbe', 'NONE');
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx', 'secret'));
    expect(await kindOf(readCertificateFile(p12, 'mail.pfx', 'wrong'))).toBe('wrong-password');
  });

  it('takes a password with diacritics: UTF-8 for PBES2, BMPString for the MAC and 3DES (RFC 7292 App. B.1)', async () => {
    expectLeafAndIntermediate(await readCertificateFile(await pkcs12(CZECH), 'mail.pfx', CZECH));
    expectLeafAndIntermediate(await readCertificateFile(await pkcs12(CZECH, '-legacy'), 'mail.pfx', CZECH));
    expect(await kindOf(readCertificateFile(await pkcs12(CZECH), 'mail.pfx', 'zlutoucky kun'))).toBe('wrong-password');
  });

  it('opens a file without a password when none is given', async () => {
    expectLeafAndIntermediate(await readCertificateFile(await pkcs12(''), 'mail.pfx'));
    expectLeafAndIntermediate(await readCertificateFile(await pkcs12(''), 'mail.pfx', ''));
  });

  it('opens a MAC made with no password at all (an empty octet string, not an empty BMPString)', async () => {
    const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(key.pem), [forge.pki.certificateFromPem(leaf.pem)], null, {
      useMac: true,
    });
    const bytes = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
    const contents = await readCertificateFile(bytes, 'nopass.pfx');
    expect(formatTlsa(tlsaRecordsForFile(contents)[0]!.record)).toBe(`3 1 1 ${leafSpkiSha256}`);
    expect(await kindOf(readCertificateFile(bytes, 'nopass.pfx', 'x'))).toBe('wrong-password');
  });

  it('refuses an iteration count that would freeze the app', async () => {
    const error = await failure(
      readCertificateFile(await pkcs12('secret', '-legacy', '-iter', '1000001', '-maciter'), 'slow.pfx', 'secret'),
    );
    expect(error.kind).toBe('unreadable');
    expect(error.message).toMatch(/iteration count 1000001/);
  });

  it('wrong password → wrong-password; none for a protected file → password-required', async () => {
    const p12 = await pkcs12('secret');
    const wrong = await failure(readCertificateFile(p12, 'mail.pfx', 'Secret'));
    expect(wrong.kind).toBe('wrong-password');
    expect(wrong.message).toMatch(/password for mail\.pfx is not correct/);
    expect(await kindOf(readCertificateFile(p12, 'mail.pfx'))).toBe('password-required');
    expect(await kindOf(readCertificateFile(await pkcs12('secret', '-legacy'), 'mail.pfx', 'x'))).toBe('wrong-password');
  });

  it('without a MAC (-nomac) the decryption tells a wrong password', async () => {
    const p12 = await pkcs12('secret', '-nomac', '-certpbe', 'AES-256-CBC');
    expect(await info(p12, 'secret')).toMatch(/MAC is absent[\s\S]*Encrypted data: PBES2/);
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx', 'secret'));
    expect(await kindOf(readCertificateFile(p12, 'mail.pfx', 'wrong'))).toBe('wrong-password');
    expect(await kindOf(readCertificateFile(p12, 'mail.pfx'))).toBe('password-required');
  });

  it('without a MAC, a wrong password whose padding happens to look right is still a wrong password', async () => {
    // One AES key in ~256 ends the plaintext with a valid padding octet; 4000 tries all but surely meet one.
    const p12 = await pkcs12('secret', '-nomac', '-noiter', '-certpbe', 'AES-256-CBC');
    const kinds = new Set<string>();
    for (let i = 0; i < 4000; i++) kinds.add(await kindOf(readCertificateFile(p12, 'mail.pfx', `wrong-${i}`)));
    expect([...kinds]).toEqual(['wrong-password']);
  });

  it('reads certificates neither encrypted nor MAC-protected (-nomac alone) whatever the password', async () => {
    const p12 = await pkcs12('secret', '-nomac');
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx', 'anything'));
    expectLeafAndIntermediate(await readCertificateFile(p12, 'mail.pfx'));
  });

  it('reads BER with indefinite lengths and a constructed OCTET STRING, as some exporters write', async () => {
    expectLeafAndIntermediate(await readCertificateFile(toIndefiniteBer(await pkcs12('secret')), 'mail.pfx', 'secret'));
  });

  it('reports an encryption it does not support (RC4) as unreadable, naming it', async () => {
    const p12 = await pkcs12('secret', '-legacy', '-certpbe', 'PBE-SHA1-RC4-128');
    const error = await failure(readCertificateFile(p12, 'mail.pfx', 'secret'));
    expect(error.kind).toBe('unreadable');
    expect(error.message).toMatch(/pbeWithSHAAnd128BitRC4/);
  });

  it('keeps the exact bytes of an EC certificate, and of an RSA one signed by an EC CA (node-forge would re-encode it)', async () => {
    const ecCa = issueCertificate({ commonName: 'EC CA', ca: true, key: labKey({ type: 'ec', curve: 'P-256' }) });
    const ecKey = labKey({ type: 'ec', curve: 'P-256' });
    const ecLeaf = issueCertificate({ commonName: HOST, key: ecKey }, ecCa);
    const rsaLeaf = issueCertificate({ commonName: HOST, key }, ecCa);
    for (const [cert, k] of [
      [ecLeaf, ecKey],
      [rsaLeaf, key],
    ] as const) {
      await writeFile(file('x.pem'), cert.pem);
      await writeFile(file('x.key'), k.pem);
      await writeFile(file('ca.pem'), ecCa.pem);
      const p12 = await exportPkcs12({ cert: 'x.pem', key: 'x.key', chain: 'ca.pem' }, 's');
      const contents = await readCertificateFile(p12, 'x.p12', 's');
      expect(contents.certificates.map((c) => Buffer.from(c.der).equals(cert.der) || Buffer.from(c.der).equals(ecCa.der))).toEqual([
        true,
        true,
      ]);
      expect(
        matchTlsa(
          tlsaRecordsForFile(contents).map((r) => r.record),
          [cert.pem, ecCa.pem],
          { hostnames: [HOST], now: new Date() },
        ),
      ).toMatchObject({
        authenticated: true,
        via: 'dane-ee',
      });
    }
  });

  it('takes the certificate whose key the file holds as the server certificate, even one marked CA', async () => {
    const selfKey = labKey({ type: 'rsa', bits: 2048 });
    const self = issueCertificate({ commonName: HOST, key: selfKey, ca: true });
    await writeFile(file('self.pem'), self.pem);
    await writeFile(file('self.key'), selfKey.pem);
    const p12 = await exportPkcs12({ cert: 'self.pem', key: 'self.key', chain: 'inter.pem' }, 's');
    const contents = await readCertificateFile(p12, 'self.p12', 's');
    const records = tlsaRecordsForFile(contents);
    expect(records.map((r) => [r.role, r.certificate])).toEqual([['end-entity', 0]]);
    expect(records[0]!.record.data).toBe(
      createHash('sha256')
        .update(selfKey.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')
        .toUpperCase(),
    );
  });
});

describe('PEM, DER and PKCS#7', () => {
  it('reads a PEM chain beside a private key, in file order', async () => {
    const text = `Bag Attributes: junk\n${leaf.pem}${key.pem}${ca.intermediate.pem}`;
    const contents = await readCertificateFile(Buffer.from(text), 'chain.pem');
    expect(contents.certificates.map((c) => [c.subject, c.isCa, c.withPrivateKey])).toEqual([
      ['O=MailAudit Lab, CN=mx.firma.test', false, false],
      ['O=MailAudit Lab, CN=MailAudit Lab Issuing CA', true, false],
    ]);
    expect(contents.certificates[0]!.issuer).toBe('O=MailAudit Lab, CN=MailAudit Lab Issuing CA');
    expect(contents.certificates[0]!.notAfter).toBe(new Date(leaf.x509.validTo).toISOString());
    expect(tlsaRecordsForFile(contents).map((r) => [r.role, r.record.usage, r.certificate])).toEqual([
      ['end-entity', 3, 0],
      ['issuer', 2, 1],
    ]);
  });

  it("reads OpenSSL's TRUSTED CERTIFICATE (the certificate followed by trust settings)", async () => {
    const pem = await openssl('x509', '-in', file('leaf.pem'), '-trustout', '-addtrust', 'serverAuth');
    expect(pem.toString()).toMatch(/BEGIN TRUSTED CERTIFICATE/);
    expect((await readCertificateFile(pem, 'trusted.pem')).certificates[0]!.der).toEqual(new Uint8Array(leaf.der));
  });

  it('reads a DER certificate (.cer)', async () => {
    const contents = await readCertificateFile(leaf.der, 'mail.cer');
    expect(contents.certificates).toHaveLength(1);
    expect(formatTlsa(tlsaRecordsForFile(contents)[0]!.record)).toBe(`3 1 1 ${leafSpkiSha256}`);
  });

  it('reads a PEM saved as UTF-16 ("Unicode" in Notepad)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(leaf.pem, 'utf16le')]);
    expect((await readCertificateFile(bytes, 'mail.crt')).certificates[0]!.der).toEqual(new Uint8Array(leaf.der));
  });

  it('reads a PKCS#7 chain (.p7b), DER and PEM', async () => {
    await writeFile(file('chain.pem'), leaf.pem + ca.intermediate.pem);
    const der = await openssl('crl2pkcs7', '-nocrl', '-certfile', file('chain.pem'), '-outform', 'DER');
    const pem = await openssl('crl2pkcs7', '-nocrl', '-certfile', file('chain.pem'));
    for (const bytes of [der, pem]) {
      const contents = await readCertificateFile(bytes, 'chain.p7b');
      expect(contents.certificates.map((c) => c.isCa)).toEqual([false, true]);
      expect(tlsaRecordsForFile(contents).map((r) => r.role)).toEqual(['end-entity', 'issuer']);
    }
  });

  it('gives the next key from a CSR (PEM, NEW CERTIFICATE REQUEST, DER), so its TLSA is published before the switch', async () => {
    const nextKey = labKey({ type: 'ec', curve: 'P-256' });
    await writeFile(file('next.key'), nextKey.pem);
    const pem = (await openssl('req', '-new', '-key', file('next.key'), '-subj', '/C=CZ/O=Firma s.r.o./CN=mx.firma.test')).toString();
    const der = await openssl('req', '-new', '-key', file('next.key'), '-subj', '/C=CZ/O=Firma s.r.o./CN=mx.firma.test', '-outform', 'DER');
    const expected = createHash('sha256')
      .update(nextKey.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .toUpperCase();
    for (const bytes of [Buffer.from(pem), Buffer.from(pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST')), der]) {
      const contents = await readCertificateFile(bytes, 'next.csr');
      expect(contents.certificates).toEqual([]);
      expect(contents.csr?.subject).toBe('C=CZ, O=Firma s.r.o., CN=mx.firma.test');
      expect(tlsaRecordsForFile(contents)).toEqual([
        {
          record: { usage: 3, selector: 1, matchingType: 1, data: expected },
          role: 'end-entity',
          source: 'csr',
          subject: contents.csr!.subject,
        },
      ]);
    }
  });

  it('takes a lone self-signed server certificate that openssl req -x509 marked CA as the end entity', async () => {
    const pem = (await openssl('req', '-x509', '-new', '-key', file('key.pem'), '-subj', `/CN=${HOST}`, '-days', '30')).toString();
    const contents = await readCertificateFile(Buffer.from(pem), 'self.pem');
    expect(contents.certificates[0]!.isCa).toBe(true);
    expect(tlsaRecordsForFile(contents).map((r) => formatTlsa(r.record))).toEqual([`3 1 1 ${leafSpkiSha256}`]);
  });

  it('gives 2 1 1 (or 2 0 1) for the lowest CA of a file of CA certificates', async () => {
    const contents = await readCertificateFile(Buffer.from(ca.root.pem + ca.intermediate.pem), 'cas.pem');
    expect(tlsaRecordsForFile(contents).map((r) => [r.role, r.certificate])).toEqual([['issuer', 1]]);
    const full = tlsaRecordsForFile(contents, { taKind: '2 0 1' })[0]!.record;
    expect(full).toEqual({
      usage: 2,
      selector: 0,
      matchingType: 1,
      data: createHash('sha256').update(ca.intermediate.der).digest('hex').toUpperCase(),
    });
  });
});

describe('not a certificate', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'not-a-certificate', /empty/],
    ['a text file', Buffer.from('Dear admin,\nplease publish our TLSA record.\n'), 'not-a-certificate', /no PEM block/],
    ['garbage bytes', Buffer.from('0011fe8899aabbcc77', 'hex'), 'not-a-certificate', /neither PEM/],
    ['DER that is no certificate', Buffer.from('300602010102010a', 'hex'), 'not-a-certificate', /not a certificate/],
    [
      'a private key only',
      Buffer.from('-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n'),
      'not-a-certificate',
      /private key/,
    ],
    [
      'a damaged PEM certificate',
      Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB$$$\n-----END CERTIFICATE-----\n'),
      'unreadable',
      /damaged/,
    ],
    [
      'a PEM certificate of garbage',
      Buffer.from('-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n'),
      'unreadable',
      /damaged/,
    ],
  ])('%s → %s', async (_name, bytes, kind, message) => {
    const error = await failure(readCertificateFile(bytes, 'file.cer'));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('refuses a file over 1 MiB before reading it', async () => {
    const big = Buffer.concat([Buffer.from(leaf.pem), Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES)]);
    expect(await kindOf(readCertificateFile(big, 'big.pem'))).toBe('too-large');
    expect(
      (await readCertificateFile(Buffer.concat([Buffer.from(leaf.pem), Buffer.alloc(1000, 0x20)]), 'ok.pem')).certificates,
    ).toHaveLength(1);
  });

  it('refuses a PKCS#12 that is cut short', async () => {
    const p12 = await pkcs12('secret');
    expect(await kindOf(readCertificateFile(p12.subarray(0, p12.length - 40), 'mail.pfx', 'secret'))).toBe('not-a-certificate');
  });
});

// --- BER re-encoding of a DER PKCS#12 (X.690 §8.1.3.6 indefinite lengths, §8.7.3 constructed OCTET STRING) ---

function tlv(b: Buffer, at: number): { tag: number; start: number; end: number } {
  let length = b[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[start + i]!;
    start += n;
  }
  return { tag: b[at]!, start, end: start + length };
}

const EOC = Buffer.from([0, 0]);
const indefinite = (tag: number, ...content: Buffer[]) => Buffer.concat([Buffer.from([tag, 0x80]), ...content, EOC]);

/** PFX { version, ContentInfo { OID, [0] { OCTET STRING } }, MacData } with indefinite lengths and the data in 100-octet pieces. */
function toIndefiniteBer(der: Buffer): Buffer {
  const pfx = tlv(der, 0);
  const version = tlv(der, pfx.start);
  const authSafe = tlv(der, version.end);
  const type = tlv(der, authSafe.start);
  const explicit = tlv(der, type.end);
  const data = tlv(der, explicit.start);
  const value = der.subarray(data.start, data.end);
  const pieces: Buffer[] = [];
  for (let i = 0; i < value.length; i += 100) {
    const piece = value.subarray(i, i + 100);
    pieces.push(Buffer.concat([Buffer.from([0x04, 0x81, piece.length]), piece]));
  }
  return indefinite(
    0x30,
    der.subarray(pfx.start, version.end),
    indefinite(0x30, der.subarray(authSafe.start, type.end), indefinite(0xa0, indefinite(0x24, ...pieces))),
    der.subarray(authSafe.end, pfx.end),
  );
}
