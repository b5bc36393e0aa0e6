/**
 * The tls-extras check in the real chain against the lab: NCSC-NL 2025-05 §3.4.1 (no TLS
 * compression), §3.4.2 (secure renegotiation, RFC 5746) and §4.1 (extended master secret, RFC 7627).
 * Compression and insecure renegotiation cannot be switched on in Node's OpenSSL; their verdicts are
 * covered by the table test of shared/tls/assess.ts.
 */
import { describe, expect, it } from 'vitest';
import { remediationEntry } from '../../../../shared/remediation/catalogue';
import { evaluateRequirements } from '../../../../shared/requirements';
import type { TlsExtrasData } from '../../../../shared/tls/assess';
import { assessmentOf, runTlsChain, useTlsLab } from './support/tls-chain';

const fixture = useTlsLab();

/** OpenSSL 3.0 SSL_OP_NO_EXTENDED_MASTER_SECRET (ssl.h: SSL_OP_BIT(0)); Node does not export the name. */
const SSL_OP_NO_EXTENDED_MASTER_SECRET = 0x1;
const SHA2_SIGALGS = 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pkcs1_sha256:rsa_pkcs1_sha384:rsa_pkcs1_sha512';

describe('tls-extras check', () => {
  it('modern and legacy lab servers: compression off, secure renegotiation and EMS on, judged at TLS 1.2 with one hello', async () => {
    for (const [domain, addresses] of [
      ['tls-modern.test', ['127.0.40.1', '::1']],
      ['tls-legacy.test', ['127.0.40.2']],
    ] as const) {
      const r = await runTlsChain(fixture.lab, domain);
      expect(r.summary('tls-extras')).toEqual(addresses.map((a) => ['finding.tls.extras_ok', 'pass', a]));
      for (const a of r.data<TlsExtrasData>('tls-extras').addresses) {
        expect(a.extras).toMatchObject({ version: 'TLSv1.2', compression: false, secureRenegotiation: true, extendedMasterSecret: true });
        expect(a.stats).toMatchObject({ handshakes: 1, connections: 1 });
      }
      expect(r.findings.find((f) => f.key === 'finding.tls.extras_ok')!.params.version).toBe('TLSv1.2');
    }
  });

  it('a server without the extended master secret: a warning (recommended), the row partial, the step routed to the TLS settings', async () => {
    const server = await fixture.miniServer({
      domain: 'tls-no-ems.test',
      host: '127.0.42.30',
      tls: {
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-RSA-AES256-GCM-SHA384',
        sigalgs: SHA2_SIGALGS,
        secureOptions: SSL_OP_NO_EXTENDED_MASTER_SECRET,
      },
    });
    const r = await runTlsChain(fixture.lab, 'tls-no-ems.test', { extra: [server.extra] });
    expect(r.summary('tls-extras')).toEqual([['finding.tls.no_extended_master_secret', 'warning', '127.0.42.30']]);
    const f = r.findings.find((x) => x.key === 'finding.tls.no_extended_master_secret')!;
    expect(remediationEntry(f)).toEqual({ kind: 'steps', builder: 'tls-protocols' });
    expect(r.summary('tls-ciphers').map(([k]) => k)).toEqual(['finding.tls.ciphers_ok']);
    expect(r.summary('tls-key-exchange').map(([k]) => k)).toEqual(['finding.tls.key_exchange_ok']);
    expect(evaluateRequirements(assessmentOf(r, 'tls-no-ems.test')).find((v) => v.id === 'algorithms')?.verdict).toBe('partial');
  });

  it('a TLS 1.3-only server: nothing to judge, no hello sent', async () => {
    const server = await fixture.miniServer({ domain: 'tls-13-only.test', host: '127.0.42.31', tls: { minVersion: 'TLSv1.3' } });
    const r = await runTlsChain(fixture.lab, 'tls-13-only.test', { extra: [server.extra] });
    expect(r.summary('tls-versions')).toEqual([['finding.tls.versions_modern', 'pass', '127.0.42.31']]);
    expect(r.summary('tls-extras')).toEqual([['finding.tls.extras_tls13_only', 'pass', '127.0.42.31']]);
    expect(r.data<TlsExtrasData>('tls-extras').addresses[0]).toMatchObject({
      extras: { notApplicable: 'only_tls13' },
      stats: { handshakes: 0, connections: 0 },
    });
    // Its key exchange is judged on the TLS 1.3 groups alone. OpenSSL's default group list includes
    // the RFC 7919 groups, and NCSC rates ffdhe2048 insufficient and ffdhe3072 and up phase-out.
    expect(r.summary('tls-key-exchange').map(([k]) => k)).toEqual(['finding.tls.group_insufficient', 'finding.tls.group_phase_out']);
    expect(r.findings.find((f) => f.key === 'finding.tls.group_insufficient')!.params.groups).toEqual(['ffdhe2048']);
    expect(r.findings.find((f) => f.key === 'finding.tls.group_phase_out')!.params.groups).toEqual([
      'ffdhe3072',
      'ffdhe4096',
      'ffdhe6144',
      'ffdhe8192',
    ]);
  });
});
