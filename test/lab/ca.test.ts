/**
 * The lab CA writes X.509 DER itself; OpenSSL (the binary, an independent parser) and
 * node:crypto must both accept what it makes (RFC 5280).
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabCa, dhParamsPem, issueCertificate, labKey, type LabCa } from './ca';
import { getDiffieHellman } from 'node:crypto';

const run = promisify(execFile);
let ca: LabCa;
beforeAll(async () => {
  ca = await createLabCa();
});
afterAll(() => rm(ca.dir, { recursive: true, force: true }));

async function openssl(...args: string[]): Promise<string> {
  const { stdout } = await run('openssl', args);
  return stdout;
}

describe('lab CA', () => {
  it('writes the root to ca.pem and chains leaf → intermediate → root (verified by openssl verify)', async () => {
    const key = labKey({ type: 'rsa', bits: 2048 });
    const { leaf, chain } = ca.issue({
      commonName: 'mail.firma.test',
      dnsNames: ['mail.firma.test', '*.firma.test'],
      ipAddresses: ['127.0.40.1', '::1'],
      key,
    });
    expect(chain).toBe(leaf.pem + ca.intermediate.pem);
    await writeFile(join(ca.dir, 'leaf.pem'), leaf.pem);
    await writeFile(join(ca.dir, 'inter.pem'), ca.intermediate.pem);
    expect(await openssl('verify', '-CAfile', ca.caFile, '-untrusted', join(ca.dir, 'inter.pem'), join(ca.dir, 'leaf.pem'))).toMatch(
      /: OK/,
    );
    const text = await openssl('x509', '-in', join(ca.dir, 'leaf.pem'), '-noout', '-text');
    expect(text).toMatch(/DNS:mail\.firma\.test, DNS:\*\.firma\.test, IP Address:127\.0\.40\.1, IP Address:0:0:0:0:0:0:0:1/);
    expect(text).toMatch(/TLS Web Server Authentication/);
    expect(text).toMatch(/CA:FALSE/);
    expect(leaf.x509.checkIssued(ca.intermediate.x509)).toBe(true);
    expect(leaf.x509.verify(ca.intermediate.x509.publicKey)).toBe(true);
    expect(ca.intermediate.x509.verify(ca.root.x509.publicKey)).toBe(true);
    expect([ca.root.x509.ca, ca.intermediate.x509.ca, leaf.x509.ca]).toEqual([true, true, false]);
  });

  it('makes ECDSA leaves, SHA-1 signatures, past and future dates, and an AIA caIssuers URL', async () => {
    const ec = labKey({ type: 'ec', curve: 'P-384' });
    const { leaf } = ca.issue({
      commonName: 'ec.firma.test',
      key: ec,
      hash: 'sha1',
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2051-06-01T00:00:00Z'),
      caIssuersUrl: 'http://pki.lab.test/i.crt',
    });
    expect(leaf.x509.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'secp384r1' });
    expect(new Date(leaf.x509.validFrom).toISOString()).toBe('2020-01-01T00:00:00.000Z');
    // RFC 5280 §4.1.2.5: GeneralizedTime from 2050.
    expect(new Date(leaf.x509.validTo).toISOString()).toBe('2051-06-01T00:00:00.000Z');
    expect(leaf.x509.infoAccess).toMatch(/CA Issuers - URI:http:\/\/pki\.lab\.test\/i\.crt/);
    await writeFile(join(ca.dir, 'ec.pem'), leaf.pem);
    expect(await openssl('x509', '-in', join(ca.dir, 'ec.pem'), '-noout', '-text')).toMatch(
      /Signature Algorithm: sha1WithRSAEncryption[\s\S]*NIST CURVE: P-384/,
    );
    const selfSigned = issueCertificate({ commonName: 'self.firma.test', key: ec });
    expect(selfSigned.x509.subject).toBe(selfSigned.x509.issuer);
    expect(selfSigned.x509.verify(ec.publicKey)).toBe(true);
    expect(new X509Certificate(selfSigned.pem).fingerprint256).toBe(selfSigned.x509.fingerprint256);
  });

  it('writes 1024-bit DH parameters OpenSSL reads (RFC 2409 group 2)', async () => {
    await writeFile(join(ca.dir, 'dh.pem'), dhParamsPem(getDiffieHellman('modp2').getPrime(), 2));
    expect(await openssl('dhparam', '-in', join(ca.dir, 'dh.pem'), '-noout', '-text')).toMatch(/DH Parameters: \(1024 bit\)/);
  });
});
