/**
 * TLSA matching as an SMTP client does it (RFC 7672 §3.1–3.2, RFC 7671 §5), against chains from
 * the lab CA; digests cross-checked with the openssl binary.
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchTlsa, tlsaFromCertificate, tlsaFromPublicKey, type TlsaKeyKind } from '../../../../../electron/engine/net/dane/tlsa-match';
import type { TlsaRecord } from '../../../../../shared/dane/tlsa';
import { createLabCa, issueCertificate, labKey, type LabCa, type LabCertificate, type LabKey } from '../../../../lab/ca';

const run = promisify(execFile);
const DAY = 86_400_000;
const HOST = 'mx.firma.test';
const NOW = new Date();
const options = { hostnames: [HOST, 'firma.test'], now: NOW };

let ca: LabCa;
let key: LabKey;
let leaf: LabCertificate;
let dir: string;
beforeAll(async () => {
  ca = await createLabCa();
  key = labKey({ type: 'rsa', bits: 2048 });
  leaf = ca.issue({ commonName: HOST, key }).leaf;
  dir = await mkdtemp(join(tmpdir(), 'mailaudit-tlsa-'));
});
afterAll(async () => {
  await rm(ca.dir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const sha = (alg: 'sha256' | 'sha512', b: Uint8Array) => createHash(alg).update(b).digest('hex').toUpperCase();
const spkiOf = (k: LabKey) => k.publicKey.export({ type: 'spki', format: 'der' });
const record = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({
  usage,
  selector,
  matchingType,
  data,
});
const served = () => [leaf.pem, ca.intermediate.pem];

describe('matchTlsa: DANE-EE(3) (RFC 7672 §3.1.1)', () => {
  it('3 1 1 of the leaf key authenticates, without a name check', () => {
    const r = matchTlsa([record(3, 1, 1, sha('sha256', spkiOf(key)))], served(), options);
    expect(r).toMatchObject({ authenticated: true, via: 'dane-ee', nameChecked: false });
    expect(r.records[0]).toMatchObject({ usable: true, matched: true, matchedCertificate: 0 });
  });

  it('3 1 1 of another key does not', () => {
    const r = matchTlsa([record(3, 1, 1, sha('sha256', spkiOf(labKey({ type: 'ec', curve: 'P-256' }))))], served(), options);
    expect(r).toEqual({ records: [expect.objectContaining({ usable: true, matched: false })], authenticated: false, nameChecked: false });
    expect(r.records[0]!.matchedCertificate).toBeUndefined();
  });

  it('3 1 2 (SHA2-512) and 3 0 0 (the full DER) match too', () => {
    const r = matchTlsa([record(3, 1, 2, sha('sha512', spkiOf(key))), record(3, 0, 0, hex(leaf.der).toLowerCase())], served(), options);
    expect(r.records.map((x) => x.matched)).toEqual([true, true]);
  });

  it('3 0 1 matches the certificate, not the key', () => {
    const r = matchTlsa([record(3, 0, 1, sha('sha256', leaf.der)), record(3, 0, 1, sha('sha256', spkiOf(key)))], served(), options);
    expect(r.records.map((x) => x.matched)).toEqual([true, false]);
  });

  it('ignores names and dates: an expired leaf for another name still matches', () => {
    const expired = ca.issue({
      commonName: 'other.test',
      key,
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - DAY),
    }).leaf;
    const r = matchTlsa([record(3, 1, 1, sha('sha256', spkiOf(key)))], [expired.pem, ca.intermediate.pem], options);
    expect(r).toMatchObject({ authenticated: true, via: 'dane-ee' });
  });

  it('does not match an issuer: DANE-EE is for the leaf only', () => {
    const r = matchTlsa([record(3, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], served(), options);
    expect(r.authenticated).toBe(false);
  });

  it('matches an EC leaf key', () => {
    const ec = labKey({ type: 'ec', curve: 'P-384' });
    const ecLeaf = ca.issue({ commonName: HOST, key: ec }).leaf;
    expect(matchTlsa([record(3, 1, 1, sha('sha256', spkiOf(ec)))], [ecLeaf.pem], options).authenticated).toBe(true);
  });
});

describe('matchTlsa: DANE-TA(2) (RFC 7672 §3.1.2, §3.2)', () => {
  it('2 1 1 of the issuing CA authenticates a chain that verifies, for a leaf with the right name', () => {
    const r = matchTlsa([record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], served(), options);
    expect(r).toMatchObject({ authenticated: true, via: 'dane-ta', nameChecked: true });
    expect(r.records[0]).toMatchObject({ matched: true, matchedCertificate: 1 });
  });

  it('2 1 1 with a host name the leaf does not carry does not authenticate', () => {
    const r = matchTlsa([record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], served(), { hostnames: ['mx.jina.test'], now: NOW });
    expect(r).toMatchObject({ authenticated: false, nameChecked: false });
    expect(r.records[0]).toMatchObject({ matched: false, failure: { certificate: 1, problem: 'name-mismatch' } });
  });

  it('accepts any of the reference identifiers, with or without the trailing dot', () => {
    const hash = sha('sha256', spkiOf(ca.intermediate.key));
    expect(matchTlsa([record(2, 1, 1, hash)], served(), { hostnames: ['firma.test', `${HOST}.`], now: NOW }).authenticated).toBe(true);
  });

  it('2 0 1 of a self-signed root sent in the chain authenticates', () => {
    const r = matchTlsa([record(2, 0, 1, sha('sha256', ca.root.der))], [leaf.pem, ca.intermediate.pem, ca.root.pem], options);
    expect(r.records[0]).toMatchObject({ matched: true, matchedCertificate: 2 });
  });

  it('does not rely on the served order', () => {
    const r = matchTlsa([record(2, 0, 1, sha('sha256', ca.root.der))], [leaf.pem, ca.root.pem, ca.intermediate.pem], options);
    expect(r.records[0]).toMatchObject({ matched: true, matchedCertificate: 1 });
  });

  it('needs the TA in the served chain (RFC 7672 §3.1.2: the server must send it)', () => {
    const r = matchTlsa([record(2, 0, 1, sha('sha256', ca.root.der))], served(), options);
    expect(r.records[0]).toEqual(expect.objectContaining({ matched: false }));
    expect(r.records[0]!.failure).toBeUndefined();
  });

  it('never matches the leaf, not even a self-signed one (as OpenSSL)', () => {
    const self = issueCertificate({ commonName: HOST });
    expect(matchTlsa([record(2, 0, 1, sha('sha256', self.der))], [self.pem], options).authenticated).toBe(false);
    expect(matchTlsa([record(2, 0, 1, sha('sha256', leaf.der))], served(), options).authenticated).toBe(false);
  });

  it('fails when the chain from the leaf does not reach the TA', () => {
    const stranger = issueCertificate({ commonName: 'Stranger CA', ca: true });
    const r = matchTlsa([record(2, 0, 1, sha('sha256', stranger.der))], [leaf.pem, stranger.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { certificate: 1, problem: 'chain-broken' } });
  });

  it('fails when a certificate carries the issuer name but not its signature', () => {
    // Same subject and key identifier as the intermediate, another key: checkIssued alone would pass.
    const impostor = issueCertificate({ commonName: 'MailAudit Lab Issuing CA', ca: true });
    const forged = { ...impostor, keyId: ca.intermediate.keyId };
    const child = issueCertificate({ commonName: HOST }, forged);
    const r = matchTlsa([record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], [child.pem, ca.intermediate.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { problem: 'chain-broken' } });
  });

  it('fails when the TA has the issuer key but another name (RFC 5280 §6.1.3(a)(4): names must chain)', () => {
    const renamed = issueCertificate({ commonName: 'Renamed CA', ca: true, key: ca.intermediate.key });
    const r = matchTlsa([record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], [leaf.pem, renamed.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { certificate: 1, problem: 'chain-broken' } });
  });

  it('fails when a certificate on the path is not a CA (RFC 5280 §6.1.4(k))', async () => {
    // OpenSSL writes a CA:FALSE certificate with keyCertSign, issued by the lab intermediate, that issues the leaf.
    await writeFile(join(dir, 'inter.key'), ca.intermediate.key.pem);
    await writeFile(join(dir, 'inter.pem'), ca.intermediate.pem);
    await writeFile(join(dir, 'ext.cnf'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyCertSign\n');
    await writeFile(join(dir, 'leaf-ext.cnf'), `subjectAltName=DNS:${HOST}\n`);
    const sh = (command: string) => run('sh', ['-c', command], { cwd: dir });
    await sh(`openssl req -new -newkey rsa:2048 -nodes -keyout notca.key -subj '/CN=Not a CA' -out notca.csr 2>/dev/null`);
    await sh(
      `openssl x509 -req -in notca.csr -CA inter.pem -CAkey inter.key -CAcreateserial -days 30 -extfile ext.cnf -out notca.pem 2>/dev/null`,
    );
    await sh(`openssl req -new -newkey rsa:2048 -nodes -keyout sub.key -subj '/CN=${HOST}' -out sub.csr 2>/dev/null`);
    await sh(
      `openssl x509 -req -in sub.csr -CA notca.pem -CAkey notca.key -CAcreateserial -days 30 -extfile leaf-ext.cnf -out sub.pem 2>/dev/null`,
    );
    const notCa = await readFile(join(dir, 'notca.pem'), 'utf8');
    const sub = await readFile(join(dir, 'sub.pem'), 'utf8');
    const viaIntermediate = matchTlsa(
      [record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))],
      [sub, notCa, ca.intermediate.pem],
      options,
    );
    expect(viaIntermediate.records[0]).toMatchObject({ matched: false, failure: { certificate: 2, problem: 'not-a-ca' } });
    const notCaTa = tlsaFromCertificate(new X509Certificate(notCa).raw, '2 0 1');
    expect(matchTlsa([notCaTa], [sub, notCa], options).records[0]).toMatchObject({ matched: false, failure: { problem: 'not-a-ca' } });
  });

  it('terminates on a chain with a cycle (two CAs cross-signed by each other)', () => {
    const kx = labKey({ type: 'ec', curve: 'P-256' });
    const ky = labKey({ type: 'ec', curve: 'P-256' });
    const yFirst = issueCertificate({ commonName: 'Y CA', ca: true, key: ky });
    const x = issueCertificate({ commonName: 'X CA', ca: true, key: kx }, yFirst);
    const y = issueCertificate({ commonName: 'Y CA', ca: true, key: ky }, x);
    const child = issueCertificate({ commonName: HOST, dnsNames: [HOST] }, x);
    const stranger = issueCertificate({ commonName: 'Stranger CA', ca: true });
    const r = matchTlsa([record(2, 0, 1, sha('sha256', stranger.der))], [child.pem, x.pem, y.pem, stranger.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { certificate: 3, problem: 'chain-broken' } });
    expect(matchTlsa([record(2, 0, 1, sha('sha256', y.der))], [child.pem, x.pem, y.pem], options).records[0]).toMatchObject({
      matched: true,
      matchedCertificate: 2,
    });
  });

  it('checks dates: an expired leaf fails under DANE-TA', () => {
    const expired = ca.issue({ commonName: HOST, notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) }).leaf;
    const r = matchTlsa([record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], [expired.pem, ca.intermediate.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { problem: 'expired' } });
  });

  it('checks dates: a leaf not yet valid fails', () => {
    const future = ca.issue({ commonName: HOST, notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 90 * DAY) }).leaf;
    const r = matchTlsa([record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], [future.pem, ca.intermediate.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { problem: 'not-yet-valid' } });
  });

  it('checks the dates of the TA certificate too (OpenSSL fails an expired DANE-TA root)', () => {
    const oldRoot = issueCertificate({
      commonName: 'Old Root',
      ca: true,
      notBefore: new Date(Date.now() - 800 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const child = issueCertificate({ commonName: HOST }, oldRoot);
    const r = matchTlsa([record(2, 0, 1, sha('sha256', oldRoot.der))], [child.pem, oldRoot.pem], options);
    expect(r.records[0]).toMatchObject({ matched: false, failure: { certificate: 1, problem: 'expired' } });
  });

  it('matches wildcards in the left-most label only (RFC 7672 §3.2.3)', () => {
    const wild = ca.issue({ commonName: 'wild', dnsNames: ['*.firma.test'] }).leaf;
    const partial = ca.issue({ commonName: 'partial', dnsNames: ['m*.firma.test'] }).leaf;
    const ta = [record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))];
    const at = (cert: LabCertificate, host: string) =>
      matchTlsa(ta, [cert.pem, ca.intermediate.pem], { hostnames: [host], now: NOW }).authenticated;
    expect(at(wild, 'mx.firma.test')).toBe(true);
    expect(at(wild, 'a.mx.firma.test')).toBe(false);
    expect(at(wild, 'firma.test')).toBe(false);
    expect(at(partial, 'mx.firma.test')).toBe(false);
  });
});

describe('matchTlsa: unusable records never authenticate', () => {
  it.each([
    [0, 'usage-pkix'],
    [1, 'usage-pkix'],
    [4, 'unknown-usage'],
  ])('usage %i with data that matches the leaf → %s', (usage, reason) => {
    const r = matchTlsa([record(usage, 1, 1, sha('sha256', spkiOf(key)))], served(), options);
    expect(r).toMatchObject({ authenticated: false, records: [{ usable: false, reason, matched: false }] });
  });

  it('PKIX-TA(0) with the issuer does not authenticate either', () => {
    const r = matchTlsa([record(0, 1, 1, sha('sha256', spkiOf(ca.intermediate.key)))], served(), options);
    expect(r.authenticated).toBe(false);
  });

  it('bad digest lengths are unusable', () => {
    const full = sha('sha512', spkiOf(key));
    const r = matchTlsa(
      [record(3, 1, 1, full), record(3, 1, 2, full.slice(0, 64)), record(3, 1, 1, sha('sha256', spkiOf(key)).slice(2))],
      served(),
      options,
    );
    expect(r.records.map((x) => x.reason)).toEqual(['bad-digest-length', 'bad-digest-length', 'bad-digest-length']);
    expect(r.authenticated).toBe(false);
  });

  it('an unknown selector is unusable', () => {
    expect(matchTlsa([record(3, 2, 1, sha('sha256', spkiOf(key)))], served(), options).records[0]).toMatchObject({
      usable: false,
      reason: 'unknown-selector',
    });
  });
});

describe('matchTlsa: the whole RRset', () => {
  it('reports each record and prefers DANE-EE when both kinds match', () => {
    const r = matchTlsa(
      [
        record(3, 1, 1, 'EF'.repeat(32)),
        record(2, 1, 1, sha('sha256', spkiOf(ca.intermediate.key))),
        record(3, 1, 1, sha('sha256', spkiOf(key))),
      ],
      served(),
      options,
    );
    expect(r.records.map((x) => x.matched)).toEqual([false, true, true]);
    expect(r).toMatchObject({ authenticated: true, via: 'dane-ee', nameChecked: false });
  });

  it('copes with an unreadable certificate in the chain', () => {
    const r = matchTlsa(
      [record(3, 1, 1, sha('sha256', spkiOf(key)))],
      ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
      options,
    );
    expect(r.authenticated).toBe(false);
    expect(matchTlsa([record(3, 1, 1, sha('sha256', spkiOf(key)))], [], options).authenticated).toBe(false);
  });
});

describe('tlsaFromCertificate / tlsaFromPublicKey', () => {
  it('3 1 1 equals what openssl computes from the certificate', async () => {
    const file = join(dir, 'leaf.pem');
    await writeFile(file, leaf.pem);
    const { stdout } = await run('sh', [
      '-c',
      `openssl x509 -in '${file}' -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r`,
    ]);
    const expected = stdout.split(' ')[0]!.toUpperCase();
    expect(expected).toMatch(/^[0-9A-F]{64}$/);
    expect(tlsaFromCertificate(leaf.der, '3 1 1')).toEqual(record(3, 1, 1, expected));
    expect(tlsaFromCertificate(leaf.der)).toEqual(record(3, 1, 1, expected));
  });

  it('2 0 1 and 3 0 2 equal openssl digests of the DER certificate', async () => {
    const file = join(dir, 'inter.pem');
    await writeFile(file, ca.intermediate.pem);
    const digest = async (alg: string) =>
      (await run('sh', ['-c', `openssl x509 -in '${file}' -outform DER | openssl dgst -${alg} -r`])).stdout.split(' ')[0]!.toUpperCase();
    expect(tlsaFromCertificate(ca.intermediate.der, '2 0 1')).toEqual(record(2, 0, 1, await digest('sha256')));
    expect(tlsaFromCertificate(ca.intermediate.der, '3 0 2')).toEqual(record(3, 0, 2, await digest('sha512')));
  });

  it('2 1 0 and 3 0 0 carry the SPKI and the certificate themselves', () => {
    expect(tlsaFromCertificate(ca.intermediate.der, '2 1 0').data).toBe(hex(spkiOf(ca.intermediate.key)));
    expect(tlsaFromCertificate(leaf.der, '3 0 0').data).toBe(hex(leaf.der));
  });

  it('a record made here matches the chain it was made from', () => {
    const made = [tlsaFromCertificate(leaf.der, '3 1 1'), tlsaFromCertificate(ca.intermediate.der, '2 1 1')];
    expect(matchTlsa(made, served(), options).records.map((x) => x.matched)).toEqual([true, true]);
  });

  it('tlsaFromPublicKey gives the same 3 1 1 as the certificate, and 3 1 2', () => {
    expect(tlsaFromPublicKey(spkiOf(key))).toEqual(tlsaFromCertificate(leaf.der, '3 1 1'));
    expect(tlsaFromPublicKey(spkiOf(key), '3 1 2')).toEqual(record(3, 1, 2, sha('sha512', spkiOf(key))));
  });

  it('refuses what is not a certificate, a key, or a DANE kind', () => {
    expect(() => tlsaFromCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toThrow();
    expect(() => tlsaFromPublicKey(new Uint8Array([1, 2, 3]))).toThrow();
    expect(() => tlsaFromPublicKey(spkiOf(key), '3 0 1' as TlsaKeyKind)).toThrow(/selector/);
    expect(() => tlsaFromCertificate(leaf.der, '1 1 1' as never)).toThrow(/DANE/);
  });

  it('reads the key of a certificate node:crypto parses the same way', () => {
    expect(tlsaFromCertificate(leaf.der).data).toBe(
      sha('sha256', new X509Certificate(leaf.der).publicKey.export({ type: 'spki', format: 'der' })),
    );
  });
});
