/**
 * Verdicts of the TLS checks from probe results, table-driven. NCSC-NL 2025-05 as Internet.nl
 * applies it: insufficient → fail, phase-out → warning, good/sufficient → pass; DESIGN §4 for the
 * extended master secret (recommended: warning). Cases the lab servers cannot produce (SSL 3.0,
 * compression, no RFC 5746) are here.
 */
import { describe, expect, it } from 'vitest';
import { hasMessage, messages } from '../../../shared/i18n/index';
import { remediationEntry } from '../../../shared/remediation/catalogue';
import {
  cipherFindings,
  extrasFindings,
  keyExchangeFindings,
  versionFindings,
  type TlsAddressBase,
  type TlsCiphersAddress,
  type TlsExtrasAddress,
  type TlsFinding,
  type TlsKeyExchangeAddress,
} from '../../../shared/tls/assess';
import { classifyGroup, classifyProtocol, classifySuite } from '../../../shared/tls/classify';
import { groupByName, suiteByName } from '../../../shared/tls/facts';
import type { HandshakeEvidence, TlsCiphersResult, TlsVersionsResult, VersionState } from '../../../shared/tls/profile';
import { TLS_VERSIONS, type TlsVersionName } from '../../../shared/tls/protocol';

const STATS = { connections: 5, openFailures: 0, handshakes: 5, durationMs: 12 };
const base: TlsAddressBase = {
  host: 'mx.firma.cz',
  address: '192.0.2.25',
  family: 4,
  port: 25,
  endpoint: '192.0.2.25:25',
  state: 'completed',
  stats: STATS,
};
const keys = (fs: TlsFinding[]) => fs.map((f) => `${f.status} ${f.key.replace('finding.tls.', '')}`);

function versions(
  states: Partial<Record<TlsVersionName, VersionState>>,
  evidence: HandshakeEvidence = { outcome: 'alert', alert: 'protocol_version' },
): TlsVersionsResult {
  const probes = TLS_VERSIONS.map((version) => {
    const state = states[version] ?? 'not_supported';
    return {
      version,
      state,
      class: classifyProtocol(version),
      evidence: state === 'supported' ? { outcome: 'server_hello' as const, version } : evidence,
    };
  });
  return { probes, supported: probes.filter((p) => p.state === 'supported').map((p) => p.version), stats: STATS };
}

describe('tls-versions verdicts (measure requirement 2, NCSC 3.3.1)', () => {
  it.each<[string, Partial<Record<TlsVersionName, VersionState>>, string[]]>([
    ['TLS 1.2 and 1.3', { 'TLSv1.2': 'supported', 'TLSv1.3': 'supported' }, ['pass versions_modern']],
    ['TLS 1.3 only', { 'TLSv1.3': 'supported' }, ['pass versions_modern']],
    ['TLS 1.2 only: sufficient', { 'TLSv1.2': 'supported' }, ['pass versions_tls12_max']],
    [
      'TLS 1.0–1.2',
      { 'TLSv1.0': 'supported', 'TLSv1.1': 'supported', 'TLSv1.2': 'supported' },
      ['fail legacy_versions_offered', 'pass versions_tls12_max'],
    ],
    ['SSL 3.0 too', { SSLv3: 'supported', 'TLSv1.2': 'supported', 'TLSv1.3': 'supported' }, ['fail ssl3_offered', 'pass versions_modern']],
    [
      'nothing newer than TLS 1.1',
      { 'TLSv1.0': 'supported', 'TLSv1.1': 'supported' },
      ['fail legacy_versions_offered', 'fail no_modern_version'],
    ],
    [
      'TLS 1.3 unanswered: not verified, the rest still judged',
      { 'TLSv1.2': 'supported', 'TLSv1.3': 'unknown' },
      ['pass versions_tls12_max', 'not_tested versions_unknown'],
    ],
    ['nothing answered clearly', { 'TLSv1.2': 'unknown', 'TLSv1.3': 'unknown' }, ['not_tested versions_unknown']],
  ])('%s', (_, states, expected) => {
    expect(keys(versionFindings({ ...base, versions: versions(states) }))).toEqual(expected);
  });

  it('a server that closes on every hello takes STARTTLS but speaks no TLS; one that alerts to every hello offers no usable version', () => {
    expect(keys(versionFindings({ ...base, versions: versions({}, { outcome: 'reset' }) }))).toEqual(['fail no_tls_handshake']);
    expect(keys(versionFindings({ ...base, versions: versions({}) }))).toEqual(['fail no_modern_version']);
  });

  it('an interrupted step reports why and keeps what it proved, never a pass', () => {
    const a = {
      ...base,
      state: 'interrupted' as const,
      problem: { kind: 'rate_limited' as const, detail: 'x', reply: '421 4.7.0 slow down' },
      versions: versions({ 'TLSv1.0': 'supported', 'TLSv1.3': 'supported', 'TLSv1.2': 'unknown' }),
    };
    const fs = versionFindings(a);
    expect(keys(fs)).toEqual(['not_tested rate_limited', 'fail legacy_versions_offered']);
    expect(fs[0]!.params).toMatchObject({
      reply: '421 4.7.0 slow down',
      host: 'mx.firma.cz',
      address: '192.0.2.25',
      port: 25,
      endpoint: '192.0.2.25:25',
      handshakes: 5,
    });
    expect(
      keys(versionFindings({ ...base, state: 'interrupted', problem: { kind: 'deadline', detail: 'x' }, versions: versions({}) })),
    ).toEqual(['not_tested deadline']);
    expect(keys(versionFindings({ ...base, state: 'interrupted', problem: { kind: 'timeout', detail: 'x' } }))).toEqual([
      'not_tested connection_failed',
    ]);
  });
});

function ciphers(perVersion: [TlsVersionName, string[], 'server' | 'client'][]): TlsCiphersResult {
  return {
    versions: perVersion.map(([version, names, preference]) => ({
      version,
      suites: names.map((name) => {
        const code = suiteByName(name)!.code;
        return { code, name, class: classifySuite(code, version) };
      }),
      preference,
      complete: true,
    })),
    stats: STATS,
  };
}

describe('tls-ciphers verdicts (NCSC 3.3.2–3.3.5, appendix B; order: sections 2–3)', () => {
  const GOOD13 = ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256'];
  it.each<[string, TlsCiphersResult, string[]]>([
    [
      'only good and sufficient suites',
      ciphers([
        ['TLSv1.3', GOOD13, 'server'],
        ['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'], 'server'],
      ]),
      ['pass ciphers_ok'],
    ],
    [
      'phase-out suites after the sufficient ones',
      ciphers([['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'], 'server']]),
      ['warning cipher_phase_out'],
    ],
    [
      'phase-out suite preferred',
      ciphers([['TLSv1.2', ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'], 'server']]),
      ['warning cipher_phase_out', 'fail cipher_order_weak_first'],
    ],
    [
      'client order with phase-out suites',
      ciphers([['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384'], 'client']]),
      ['warning cipher_phase_out', 'fail cipher_order_not_enforced'],
    ],
    [
      '3DES and RSA key transport',
      ciphers([['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'], 'server']]),
      ['fail cipher_insufficient'],
    ],
  ])('%s', (_, c, expected) => {
    expect(keys(cipherFindings({ ...base, ciphers: c } satisfies TlsCiphersAddress))).toEqual(expected);
  });

  it('lists insufficient suites once by IANA name, newest version first, for Disable-TlsCipherSuite', () => {
    const c = ciphers([
      ['TLSv1.0', ['TLS_RSA_WITH_AES_128_CBC_SHA'], 'server'],
      ['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA'], 'server'],
    ]);
    const f = cipherFindings({ ...base, ciphers: c }).find((x) => x.key === 'finding.tls.cipher_insufficient')!;
    expect(f.params).toMatchObject({
      suites: ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA'],
      versions: ['TLSv1.2', 'TLSv1.0'],
    });
  });

  it('an incomplete enumeration is not a pass', () => {
    const c = ciphers([['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'], 'server']]);
    c.versions[0]!.complete = false;
    c.versions[0]!.incompleteBecause = { outcome: 'timeout' };
    expect(keys(cipherFindings({ ...base, ciphers: c }))).toEqual(['not_tested ciphers_incomplete']);
  });
});

const group = (name: string) => {
  const code = groupByName(name)!.code;
  return { code, name, class: classifyGroup(code) };
};

describe('tls-key-exchange verdicts (NCSC 3.3.3, 3.3.5)', () => {
  const ecdhe = ciphers([['TLSv1.2', ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'], 'server']]);
  const k = (over: Partial<TlsKeyExchangeAddress['keyExchange'] & object>): TlsKeyExchangeAddress => ({
    ...base,
    keyExchange: {
      groups: [{ version: 'TLSv1.2', groups: [group('x25519')], method: 'server_key_exchange', complete: true }],
      stats: STATS,
      ...over,
    },
  });
  it.each<[string, TlsKeyExchangeAddress, string[]]>([
    [
      'x25519, SHA-256',
      k({ signature: { version: 'TLSv1.2', suite: 0xc030, sha1Accepted: false, sha224Accepted: false, class: 'good' } }),
      ['pass key_exchange_ok'],
    ],
    [
      'SHA-1 accepted',
      k({ signature: { version: 'TLSv1.2', suite: 0xc030, sha1Accepted: true, class: 'insufficient' } }),
      ['fail kex_hash_sha1'],
    ],
    [
      'SHA-224 accepted',
      k({ signature: { version: 'TLSv1.2', suite: 0xc030, sha1Accepted: false, sha224Accepted: true, class: 'phase_out' } }),
      ['warning kex_hash_sha224'],
    ],
    // No answer to the SHA-1-only offer (timeout, garbage) is not a refusal: no pass on it.
    [
      'SHA-1 test unanswered',
      k({ signature: { version: 'TLSv1.2', suite: 0xc030, unanswered: 'SHA-1', class: 'good' } }),
      ['not_tested kex_hash_unknown'],
    ],
    [
      'TLS 1.0: MD5+SHA-1 by the protocol',
      k({ signature: { version: 'TLSv1.0', suite: 0xc014, legacyHash: 'md5_sha1', class: 'insufficient' } }),
      ['fail kex_hash_legacy'],
    ],
    ['DH 1024', k({ dh: { version: 'TLSv1.2', suite: 0x0033, bits: 1024, generator: 2, class: 'insufficient' } }), ['fail dh_small']],
    [
      'ffdhe2048 in DHE',
      k({ dh: { version: 'TLSv1.2', suite: 0x009f, bits: 2048, generator: 2, group: 'ffdhe2048', class: 'insufficient' } }),
      ['fail dh_insufficient'],
    ],
    [
      'ffdhe4096 in DHE',
      k({ dh: { version: 'TLSv1.2', suite: 0x009f, bits: 4096, generator: 2, group: 'ffdhe4096', class: 'phase_out' } }),
      ['warning dh_phase_out'],
    ],
    [
      'secp224r1 and sect163k1',
      k({
        groups: [
          {
            version: 'TLSv1.2',
            groups: [group('x25519'), group('secp224r1'), group('sect163k1')],
            method: 'server_key_exchange',
            complete: true,
          },
        ],
      }),
      ['fail group_insufficient', 'warning group_phase_out'],
    ],
    [
      'a list that may be incomplete',
      k({
        groups: [
          {
            version: 'TLSv1.2',
            groups: [group('secp256r1')],
            method: 'server_key_exchange',
            complete: false,
            note: 'certificate_curve_preferred',
          },
        ],
      }),
      ['info groups_incomplete', 'pass key_exchange_ok'],
    ],
  ])('%s', (_, a, expected) => {
    expect(keys(keyExchangeFindings(a, ecdhe))).toEqual(expected);
  });

  it('no ECDHE, DHE or TLS 1.3 suite at all: no forward secrecy', () => {
    const rsa = ciphers([['TLSv1.2', ['TLS_RSA_WITH_AES_256_GCM_SHA384'], 'server']]);
    expect(keys(keyExchangeFindings({ ...base, keyExchange: { groups: [], stats: STATS } }, rsa))).toEqual(['fail no_forward_secrecy']);
  });
});

describe('tls-extras verdicts (NCSC 3.4.1, 3.4.2, 4.1)', () => {
  const e = (compression: boolean, secureRenegotiation: boolean, extendedMasterSecret: boolean): TlsExtrasAddress => ({
    ...base,
    extras: {
      version: 'TLSv1.2',
      compression,
      secureRenegotiation,
      extendedMasterSecret,
      classes: {
        compression: compression ? 'insufficient' : 'good',
        secureRenegotiation: secureRenegotiation ? 'good' : 'insufficient',
        extendedMasterSecret: extendedMasterSecret ? 'good' : 'insufficient',
      },
      stats: STATS,
    },
  });
  it.each<[string, TlsExtrasAddress, string[]]>([
    ['all good', e(false, true, true), ['pass extras_ok']],
    ['compression on (CRIME)', e(true, true, true), ['fail compression_enabled']],
    ['no RFC 5746', e(false, false, true), ['fail insecure_renegotiation']],
    ['no extended master secret: recommended only', e(false, true, false), ['warning no_extended_master_secret']],
    ['TLS 1.3 only', { ...base, extras: { notApplicable: 'only_tls13', stats: STATS } }, ['pass extras_tls13_only']],
    [
      'no usable answer',
      { ...base, extras: { version: 'TLSv1.2', evidence: { outcome: 'timeout' }, stats: STATS } },
      ['not_tested extras_unknown'],
    ],
    [
      'not run after an incomplete versions step',
      { ...base, state: 'not_run', problem: { kind: 'previous_step', detail: 'rate_limited: 421' } },
      ['not_tested previous_step_incomplete'],
    ],
  ])('%s', (_, a, expected) => {
    expect(keys(extrasFindings(a))).toEqual(expected);
  });
});

describe('every TLS finding key', () => {
  const tlsKeys = Object.keys(messages.cs).filter((k) => k.startsWith('finding.tls.'));
  it('has Czech and English text and an exact remediation entry; problems have steps, "could not test" has none', () => {
    expect(tlsKeys.length).toBeGreaterThan(30);
    for (const key of tlsKeys) {
      expect(hasMessage(key, 'en'), key).toBe(true);
      expect(remediationEntry({ key }), key).toBeDefined();
    }
    const route = (key: string, _status: 'fail' | 'warning' | 'not_tested') => remediationEntry({ key });
    for (const key of [
      'ssl3_offered',
      'legacy_versions_offered',
      'no_modern_version',
      'compression_enabled',
      'insecure_renegotiation',
      'no_extended_master_secret',
    ]) {
      expect(route(`finding.tls.${key}`, 'fail'), key).toEqual({ kind: 'steps', builder: 'tls-protocols' });
    }
    for (const key of [
      'cipher_insufficient',
      'cipher_phase_out',
      'cipher_order_weak_first',
      'dh_small',
      'dh_insufficient',
      'kex_hash_sha1',
      'group_insufficient',
      'no_forward_secrecy',
    ]) {
      expect(route(`finding.tls.${key}`, 'fail'), key).toEqual({ kind: 'steps', builder: 'tls-ciphers' });
    }
    for (const key of ['rate_limited', 'connection_failed', 'deadline', 'previous_step_incomplete', 'versions_unknown']) {
      expect(route(`finding.tls.${key}`, 'not_tested'), key).toEqual({ kind: 'none', reason: 'not-testable' });
    }
  });
});
