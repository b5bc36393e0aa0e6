/**
 * The tls-key-exchange check in the real chain against the lab and small STARTTLS servers
 * configured for one key-exchange property each. NCSC-NL 2025-05 §3.3.3 (groups, DH) and §3.3.5
 * (hash of the key-exchange signature); RFC 7919 (named FFDHE groups); RFC 8446 §4.2.7.
 */
import { getDiffieHellman } from 'node:crypto';
import type tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../../shared/i18n/index';
import { buildRemediationPlan } from '../../../../shared/remediation/index';
import { evaluateRequirements } from '../../../../shared/requirements';
import type { TlsKeyExchangeData } from '../../../../shared/tls/assess';
import { ffdheGroup } from '../../../../shared/tls/facts';
import { dhParamsPem } from '../../../lab/ca';
import { assessmentOf, runTlsChain, useTlsLab } from './support/tls-chain';

const fixture = useTlsLab();

/** RFC 8446 §4.2.3 schemes with SHA-256 or stronger only: the server cannot be talked into SHA-1 or SHA-224. */
const SHA2_SIGALGS = 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pkcs1_sha256:rsa_pkcs1_sha384:rsa_pkcs1_sha512';

async function run(domain: string, host: string, options: tls.SecureContextOptions) {
  const server = await fixture.miniServer({ domain, host, tls: options });
  return runTlsChain(fixture.lab, domain, { extra: [server.extra] });
}

const groupsOf = (data: TlsKeyExchangeData) =>
  data.addresses[0]!.keyExchange!.groups.map((g) => [g.version, g.method, g.complete, g.groups.map((x) => `${x.name}:${x.class}`)]);

describe('tls-key-exchange check', () => {
  it('modern lab server: the configured curves, all sufficient, signed with SHA-2 (256 and up) only', async () => {
    const r = await runTlsChain(fixture.lab, 'tls-modern.test');
    expect(r.summary('tls-key-exchange')).toEqual([
      ['finding.tls.key_exchange_ok', 'pass', '127.0.40.1'],
      ['finding.tls.key_exchange_ok', 'pass', '::1'],
    ]);
    const data = r.data<TlsKeyExchangeData>('tls-key-exchange');
    // ecdhCurve 'X25519:P-256:P-384' in the lab's modern server.
    expect(groupsOf(data)).toEqual([
      ['TLSv1.3', 'hello_retry_request', true, ['x25519:sufficient', 'secp256r1:sufficient', 'secp384r1:sufficient']],
      ['TLSv1.2', 'server_key_exchange', true, ['x25519:sufficient', 'secp256r1:sufficient', 'secp384r1:sufficient']],
    ]);
    expect(data.addresses[0]!.keyExchange!.signature).toMatchObject({ version: 'TLSv1.2', sha1Accepted: false, sha224Accepted: false });
    expect(data.addresses[0]!.keyExchange!.dh).toBeUndefined();
  });

  it('a modern server that signs only with SHA-2 (256 and up): key exchange passes, with the groups named', async () => {
    const r = await run('tls-kex-strict.test', '127.0.42.20', {
      sigalgs: SHA2_SIGALGS,
      ecdhCurve: 'X25519:P-256',
      ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256',
    });
    expect(r.summary('tls-key-exchange')).toEqual([['finding.tls.key_exchange_ok', 'pass', '127.0.42.20']]);
    expect(r.findings.find((f) => f.key === 'finding.tls.key_exchange_ok')!.params).toMatchObject({
      groups: ['x25519', 'secp256r1'],
      dhBits: null,
      hash: 'SHA-256',
    });
    expect(evaluateRequirements(assessmentOf(r, 'tls-kex-strict.test')).find((v) => v.id === 'algorithms')?.verdict).toBe('pass');
  });

  it('legacy lab server: 1024-bit DH fails, and it signs the key exchange with SHA-1 when asked', async () => {
    const r = await runTlsChain(fixture.lab, 'tls-legacy.test');
    expect(r.summary('tls-key-exchange')).toEqual([
      ['finding.tls.dh_small', 'fail', '127.0.40.2'],
      ['finding.tls.kex_hash_sha1', 'fail', '127.0.40.2'],
    ]);
    const dh = r.findings.find((f) => f.key === 'finding.tls.dh_small')!;
    expect(dh.params).toMatchObject({ bits: 1024, group: null, version: 'TLSv1.2', suite: 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA' });
    expect(translate('cs', dh.key, dh.params)).toContain('jen 1024 bitů');
    // The Exchange Server plan raises SCHANNEL's minimum DH size (NCSC: below ffdhe3072 insufficient).
    const step = buildRemediationPlan(assessmentOf(r, 'tls-legacy.test', 'exchange-2019')).steps.find(
      (s) => s.id === 'tls-ciphers-server',
    )!;
    expect(step.actions).toContainEqual(expect.objectContaining({ kind: 'registry', name: 'ServerMinKeyBitLength', value: '3072' }));
  });

  it.each([
    // RFC 3526 group 14: 2048 bits but not an RFC 7919 group, so NCSC rates it insufficient.
    [
      'a 2048-bit group of its own',
      'tls-dh-2048.test',
      '127.0.42.21',
      () => dhParamsPem(getDiffieHellman('modp14').getPrime(), 2),
      'finding.tls.dh_insufficient',
      'fail',
      2048,
      null,
    ],
    [
      'RFC 7919 ffdhe3072',
      'tls-dh-3072.test',
      '127.0.42.22',
      () => dhParamsPem(Buffer.from(ffdheGroup('ffdhe3072')!.prime, 'hex'), 2),
      'finding.tls.dh_phase_out',
      'warning',
      3072,
      'ffdhe3072',
    ],
  ])('DHE with %s', async (_, domain, host, dhparam, key, status, bits, group) => {
    const r = await run(domain, host, {
      maxVersion: 'TLSv1.2',
      ciphers: 'DHE-RSA-AES256-GCM-SHA384',
      dhparam: dhparam(),
      sigalgs: SHA2_SIGALGS,
    });
    expect(r.summary('tls-key-exchange')).toEqual([[key, status, host]]);
    expect(r.findings.find((f) => f.key === key)!.params).toMatchObject({ bits, group });
    expect(r.data<TlsKeyExchangeData>('tls-key-exchange').addresses[0]!.keyExchange!.dh).toMatchObject({ bits, generator: 2 });
  });

  it('curves rated phase-out and insufficient are named', async () => {
    const r = await run('tls-curves.test', '127.0.42.23', {
      maxVersion: 'TLSv1.2',
      ecdhCurve: 'P-256:P-224:prime192v1',
      ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0',
      sigalgs: SHA2_SIGALGS,
    });
    expect(r.summary('tls-key-exchange')).toEqual([
      ['finding.tls.group_insufficient', 'fail', '127.0.42.23'],
      ['finding.tls.group_phase_out', 'warning', '127.0.42.23'],
    ]);
    expect(r.findings.find((f) => f.key === 'finding.tls.group_insufficient')!.params.groups).toEqual(['secp192r1']);
    expect(r.findings.find((f) => f.key === 'finding.tls.group_phase_out')!.params.groups).toEqual(['secp224r1']);
  });

  it('only RSA key transport: no forward secrecy (fail), and no hello is spent on groups', async () => {
    const r = await run('tls-rsa-only.test', '127.0.42.24', { maxVersion: 'TLSv1.2', ciphers: 'AES256-GCM-SHA384:AES128-GCM-SHA256' });
    expect(r.summary('tls-key-exchange')).toEqual([['finding.tls.no_forward_secrecy', 'fail', '127.0.42.24']]);
    expect(r.data<TlsKeyExchangeData>('tls-key-exchange').addresses[0]!.stats).toMatchObject({ handshakes: 0, connections: 0 });
    // The cipher check fails the suites themselves (and the order the server leaves to the client).
    expect(r.summary('tls-ciphers').map(([k, s]) => `${k} ${s}`)).toEqual([
      'finding.tls.cipher_insufficient fail',
      'finding.tls.cipher_order_not_enforced fail',
    ]);
  });
});
