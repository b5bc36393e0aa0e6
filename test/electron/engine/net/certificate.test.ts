/**
 * Full handshakes with node:tls over a real STARTTLS socket from the lab SMTP server: the facts
 * of each kind of certificate, and the typed failures of servers that break the handshake.
 */
import { rm } from 'node:fs/promises';
import { createHash, X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateFacts,
  splitPem,
  tlsHandshake,
  closeTlsPolitely,
  type HandshakeOutcome,
  type HandshakeOptions,
} from '../../../../electron/engine/net/certificate';
import { Connector } from '../../../../electron/engine/net/connect';
import { probeSmtpStartTls } from '../../../../electron/engine/net/smtp';
import { createLabCa, issueCertificate, labKey, type LabCa, type LabKey } from '../../../lab/ca';
import { startSmtpServer, type LabSmtpServer, type SmtpServerTls } from '../../../lab/smtp-server';
import { greetAndEhlo, scriptedServer, type ScriptIo, type ScriptedServer } from '../../../support/scripted-server';

let ca: LabCa;
let rsa: LabKey;
let ec: LabKey;
beforeAll(async () => {
  ca = await createLabCa();
  rsa = labKey({ type: 'rsa', bits: 2048 });
  afterAll(() => rm(ca.dir, { recursive: true, force: true }));
  ec = labKey({ type: 'ec', curve: 'P-256' });
});

const running: (LabSmtpServer | ScriptedServer)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const HOST = 'mx.firma.test';

/** STARTTLS against a lab server with this TLS setup, then the handshake. */
async function handshake(serverTls: SmtpServerTls, options: Partial<HandshakeOptions> = {}): Promise<HandshakeOutcome> {
  const server = await startSmtpServer({ hostname: HOST, tls: serverTls });
  running.push(server);
  return handshakeOn(server.port, options);
}

async function handshakeOn(port: number, options: Partial<HandshakeOptions> = {}): Promise<HandshakeOutcome> {
  const probe = await probeSmtpStartTls(new Connector().connect, { host: HOST, address: '127.0.0.1', port }, { replyTimeoutMs: 2_000 });
  if (probe.kind !== 'ready') throw new Error(`no STARTTLS: ${probe.kind}`);
  const outcome = await tlsHandshake(probe.socket, { servername: HOST, extraCaPem: [ca.root.pem], ...options });
  if (outcome.ok) await closeTlsPolitely(outcome.socket);
  return outcome;
}

function ok(outcome: HandshakeOutcome) {
  if (!outcome.ok) throw new Error(`handshake failed: ${outcome.problem} ${outcome.detail}`);
  return outcome.facts;
}

describe('tlsHandshake over STARTTLS', () => {
  it('reads a trusted RSA chain: subjects, dates, key, signature, fingerprints, and what is a trust anchor', async () => {
    const { leaf, chain } = ca.issue({
      commonName: HOST,
      dnsNames: [HOST, 'mail.firma.test'],
      key: rsa,
      caIssuersUrl: 'http://pki.lab.test/issuing.crt',
    });
    const facts = ok(await handshake({ key: rsa.pem, cert: chain }));
    expect(facts).toMatchObject({ protocol: 'TLSv1.3', authorized: true, hostname: HOST, hostMatch: true });
    expect(facts.authorizationError).toBeUndefined();
    expect(facts.ephemeral?.type).toBe('ECDH');
    expect(facts.chain.map((c) => [c.commonName, c.selfIssued, c.ca, c.inTrustStore])).toEqual([
      [HOST, false, false, false],
      ['MailAudit Lab Issuing CA', false, true, false],
      // Added by the TLS library from the trust store, not sent by the server.
      ['MailAudit Lab Root CA', true, true, true],
    ]);
    const c = facts.chain[0]!;
    expect(c).toMatchObject({
      subject: `O=MailAudit Lab, CN=${HOST}`,
      issuer: 'O=MailAudit Lab, CN=MailAudit Lab Issuing CA',
      dnsNames: [HOST, 'mail.firma.test'],
      keyType: 'rsa',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      signatureHash: 'sha256',
      caIssuers: ['http://pki.lab.test/issuing.crt'],
      fingerprint256: leaf.x509.fingerprint256,
      validTo: new Date(leaf.x509.validTo).toISOString(),
    });
    // The SPKI hash a TLSA 3 1 1 record would carry.
    expect(c.spkiSha256).toBe(
      createHash('sha256')
        .update(rsa.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    );
    expect(splitPem(c.pem)).toHaveLength(1);
  });

  it('reads an ECDSA certificate (node-forge could not)', async () => {
    const facts = ok(await handshake({ key: ec.pem, cert: ca.issue({ commonName: HOST, key: ec }).chain }));
    expect(facts.chain[0]).toMatchObject({ keyType: 'ec', keyBits: 256, curve: 'P-256', signatureAlgorithm: 'sha256WithRSAEncryption' });
    expect(facts.authorized).toBe(true);
  });

  it.each([
    ['self-signed', () => ({ key: rsa.pem, cert: issueCertificate({ commonName: HOST, key: rsa }).pem }), 'DEPTH_ZERO_SELF_SIGNED_CERT', 1],
    [
      'leaf without its intermediate',
      () => ({ key: rsa.pem, cert: ca.issue({ commonName: HOST, key: rsa }).leaf.pem }),
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      1,
    ],
    [
      'expired',
      () => ({
        key: rsa.pem,
        cert: ca.issue({ commonName: HOST, key: rsa, notBefore: new Date(Date.now() - 9e9), notAfter: new Date(Date.now() - 864e5) }).chain,
      }),
      'CERT_HAS_EXPIRED',
      3,
    ],
  ])('%s: the handshake completes and reports %s', async (_name, serverTls, error, length) => {
    const facts = ok(await handshake(serverTls()));
    expect(facts.authorized).toBe(false);
    expect(facts.authorizationError).toBe(error);
    expect(facts.chain).toHaveLength(length);
  });

  it('without the lab CA, the same chain is untrusted', async () => {
    const facts = ok(await handshake({ key: rsa.pem, cert: ca.issue({ commonName: HOST, key: rsa }).chain }, { extraCaPem: [] }));
    expect([facts.authorized, facts.authorizationError]).toEqual([false, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
  });

  it('checks the MX name separately from the chain (RFC 6125, wildcards in the left-most label only)', async () => {
    const wrong = ok(await handshake({ key: rsa.pem, cert: ca.issue({ commonName: 'mail.other.test', key: rsa }).chain }));
    expect([wrong.authorized, wrong.hostMatch]).toEqual([true, false]);
    expect(wrong.hostMismatch).toMatch(/mx\.firma\.test/);
    const wildcard = ok(await handshake({ key: rsa.pem, cert: ca.issue({ commonName: '*.firma.test', key: rsa }).chain }));
    expect(wildcard.hostMatch).toBe(true);
    const deep = ok(await handshake({ key: rsa.pem, cert: ca.issue({ commonName: '*.test', key: rsa }).chain }));
    expect(deep.hostMatch).toBe(false);
  });

  it('sees SHA-1 signatures and 1024-bit keys that the server still serves', async () => {
    const weak = labKey({ type: 'rsa', bits: 1024 });
    const facts = ok(
      await handshake({
        key: weak.pem,
        cert: ca.issue({ commonName: HOST, key: weak, hash: 'sha1' }).chain,
        ciphers: 'DEFAULT:@SECLEVEL=0',
      }),
    );
    expect(facts.chain[0]).toMatchObject({ keyBits: 1024, signatureHash: 'sha1', signatureAlgorithm: 'sha1WithRSAEncryption' });
  });

  it('completes with a TLS 1.0-only server with CBC suites (relaxed client settings under OpenSSL)', async () => {
    const facts = ok(
      await handshake({
        key: rsa.pem,
        cert: ca.issue({ commonName: HOST, key: rsa }).chain,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1',
        ciphers: 'AES128-SHA:@SECLEVEL=0',
      }),
    );
    expect([facts.protocol, facts.cipher]).toEqual(['TLSv1', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
  });
});

/** `der` with the ASCII text `from` (same length) replaced by `to`: a malformed field the signature no longer covers. */
function patchDer(der: Buffer, from: string, to: string): Buffer {
  const at = der.indexOf(from, 0, 'latin1');
  if (at < 0 || from.length !== to.length) throw new Error(`"${from}" not in the certificate`);
  const out = Buffer.from(der);
  out.write(to, at, 'latin1');
  return out;
}

const toPem = (der: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

describe('certificates the TLS library loads but cannot fully read', () => {
  it('a date that is no valid time (month 13) is a fact about the certificate, and the handshake completes', async () => {
    // RFC 5280 §4.1.2.5.1: UTCTime YYMMDDHHMMSSZ; "261301233331Z" has month 13. OpenSSL loads the
    // certificate and Node prints its notBefore as "Bad time value".
    const issued = issueCertificate({ commonName: HOST, key: rsa, notBefore: new Date(Date.UTC(2026, 11, 1, 23, 33, 31)) });
    const cert = toPem(patchDer(issued.der, '261201233331Z', '261301233331Z'));
    const outcome = await handshake({ key: rsa.pem, cert });
    const facts = ok(outcome);
    const leaf = facts.chain[0]!;
    expect(leaf.invalidDates).toEqual({ notBefore: '261301233331Z', notAfter: expect.stringMatching(/^\d{12}Z$/) });
    expect(leaf.validFrom).toBeUndefined();
    expect(leaf.validTo).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(leaf).toMatchObject({ keyType: 'rsa', keyBits: 2048 });
  });

  it('a public key OpenSSL cannot decode is a fact (keyUnreadable), with the SPKI hash taken from the encoded bytes', () => {
    const issued = issueCertificate({ commonName: HOST, key: rsa });
    // rsaEncryption 1.2.840.113549.1.1.1 → 1.2.840.113549.1.1.99 (no such key type): same length, undecodable.
    const rsaOid = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]);
    const der = Buffer.from(issued.der);
    const at = der.indexOf(rsaOid);
    der[at + rsaOid.length - 1] = 0x63;
    const x = new X509Certificate(der);
    expect(() => x.publicKey).toThrow();
    const facts = certificateFacts(x, new Set());
    expect(facts).toMatchObject({ keyType: 'unknown', keyBits: 0, keyUnreadable: expect.stringMatching(/decode/) });
    const spki = Buffer.from(rsa.publicKey.export({ type: 'spki', format: 'der' }));
    spki[spki.indexOf(rsaOid) + rsaOid.length - 1] = 0x63;
    expect(facts.spkiSha256).toBe(createHash('sha256').update(spki).digest('hex'));
    expect(facts.validFrom).toMatch(/^\d{4}-/);
    expect(facts.invalidDates).toBeUndefined();
  });
});

describe('servers that break the handshake end as typed results', () => {
  const afterStartTls = async (then: (io: ScriptIo) => void, options: Partial<HandshakeOptions> = {}) => {
    const server = await scriptedServer(async (io) => {
      await greetAndEhlo(io, ['STARTTLS']);
      await io.line();
      io.send('220 Ready to start TLS\r\n');
      // Wait for the ClientHello bytes to arrive, then misbehave.
      await new Promise((r) => io.socket.once('data', r));
      await then(io);
    });
    running.push(server);
    return handshakeOn(server.port, { timeoutMs: 1_000, ...options });
  };

  it.each([
    ['a reset', (io: ScriptIo) => io.socket.resetAndDestroy(), ['reset']],
    ['a plain close', (io: ScriptIo) => io.socket.end(), ['closed']],
    ['garbage instead of a ServerHello', (io: ScriptIo) => io.send('500 what is this\r\n'.repeat(10)), ['protocol']],
    ['a TLS alert (handshake_failure)', (io: ScriptIo) => io.send(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])), ['alert']],
    ['silence', () => {}, ['timeout']],
  ] as const)('%s', async (_name, action, problems) => {
    const started = Date.now();
    const outcome = await afterStartTls((io) => {
      action(io);
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(problems, outcome.detail).toContain(outcome.problem);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('cancellation aborts a pending handshake', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await afterStartTls(() => {}, { timeoutMs: 30_000, signal: controller.signal });
    expect(outcome).toMatchObject({ ok: false, problem: 'aborted' });
  });
});

describe('trust anchors', () => {
  it('splitPem finds every certificate in a bundle', () => {
    expect(splitPem(`junk\n${ca.root.pem}${ca.intermediate.pem}`)).toHaveLength(2);
    expect(splitPem('no certificates')).toEqual([]);
    expect(tls.rootCertificates.length).toBeGreaterThan(50);
  });
});
