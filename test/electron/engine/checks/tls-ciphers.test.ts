/**
 * The tls-ciphers check in the real chain (mx → starttls → tls-versions → tls-ciphers) against the
 * lab. Expected suites are derived from each server's OpenSSL cipher string, not written out:
 * NCSC-NL 2025-05 §3.3.2–3.3.5 and appendix B classify them, sections 2–3 judge the order.
 */
import { describe, expect, it } from 'vitest';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import { startTlsCheck } from '../../../../electron/engine/checks/starttls/check';
import { tlsCiphersCheck } from '../../../../electron/engine/checks/tls-ciphers/check';
import { tlsVersionsCheck } from '../../../../electron/engine/checks/tls-versions/check';
import { translate } from '../../../../shared/i18n/index';
import { buildRemediationPlan } from '../../../../shared/remediation/index';
import { remediationEntry } from '../../../../shared/remediation/catalogue';
import { evaluateRequirements } from '../../../../shared/requirements';
import type { TlsCiphersData, TlsVersionsData } from '../../../../shared/tls/assess';
import { classifySuite } from '../../../../shared/tls/classify';
import { allSuites } from '../../../../shared/tls/facts';
import type { TlsVersionName } from '../../../../shared/tls/protocol';
import { DEFAULT_MAX_SUITES_PER_HELLO, suiteChunks } from '../../../../electron/engine/net/tls/candidates';
import { LEGACY_CIPHERS, MODERN_CIPHERS } from '../../../lab/smtp-lab';
import { assessmentOf, runTlsChain, useTlsLab } from './support/tls-chain';

const fixture = useTlsLab();

const CHAIN = [mxCheck, startTlsCheck, tlsVersionsCheck, tlsCiphersCheck];

/** IANA names of an OpenSSL cipher string's suites, in its order (RSA-authenticated ones only: the lab certificates are RSA). */
function ianaNames(opensslList: string): string[] {
  return opensslList
    .split(':')
    .filter((n) => !n.startsWith('@') && !n.includes('ECDSA'))
    .map((n) => allSuites().find((s) => s.openssl === n)!.name);
}
/**
 * The most hellos the method may take for what it found: per version the suites less the seed the
 * versions step gave, one refusal per candidate group (DEFAULT_MAX_SUITES_PER_HELLO each), one order test.
 */
function handshakeBound(versions: readonly { version: TlsVersionName; suites: readonly unknown[] }[]): number {
  return versions.reduce((n, v) => n + v.suites.length - 1 + suiteChunks(v.version, DEFAULT_MAX_SUITES_PER_HELLO).length + 1, 0);
}
const NODE_TLS13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

describe('tls-ciphers check', () => {
  it('modern server: the suites of each version in server order, all good or sufficient, on IPv4 and IPv6', async () => {
    const run = await runTlsChain(fixture.lab, 'tls-modern.test', { checks: CHAIN });
    expect(run.summary('tls-ciphers')).toEqual([
      ['finding.tls.ciphers_ok', 'pass', '127.0.40.1'],
      ['finding.tls.ciphers_ok', 'pass', '::1'],
    ]);
    const data = run.data<TlsCiphersData>('tls-ciphers');
    for (const a of data.addresses) {
      expect(a.state).toBe('completed');
      expect(a.ciphers!.versions.map((v) => [v.version, v.preference, v.complete, v.suites.map((s) => s.name)])).toEqual([
        ['TLSv1.2', 'server', true, ianaNames(MODERN_CIPHERS)],
        ['TLSv1.3', 'server', true, NODE_TLS13],
      ]);
      for (const v of a.ciphers!.versions) for (const s of v.suites) expect(s.class).toBe(classifySuite(s.code, v.version));
      expect(a.order).toEqual({ class: 'not_applicable', reason: 'only_good_or_sufficient' });
      expect(a.stats!.handshakes).toBeLessThanOrEqual(handshakeBound(a.ciphers!.versions));
    }
    const f = run.findings.find((x) => x.key === 'finding.tls.ciphers_ok')!;
    expect(f.params).toMatchObject({ suiteCount: 6, versions: ['TLSv1.3', 'TLSv1.2'] });
    const suites = f.evidence.find((e) => e.type === 'text' && e.key === 'evidence.tls.suites');
    expect(suites && 'value' in suites ? suites.value : '').toContain('TLSv1.3 (server order):\n  1. TLS_AES_256_GCM_SHA384 [good]');
  });

  it('legacy server: every insufficient suite listed by IANA name, weak suites preferred over strong ones', async () => {
    const run = await runTlsChain(fixture.lab, 'tls-legacy.test', { checks: CHAIN });
    const legacy = ianaNames(LEGACY_CIPHERS);
    const tls12 = run.data<TlsCiphersData>('tls-ciphers').addresses[0]!.ciphers!.versions.find((v) => v.version === 'TLSv1.2')!;
    // The server's own order, as configured (honorCipherOrder).
    expect(tls12.suites.map((s) => s.name)).toEqual(legacy);
    expect(tls12.preference).toBe('server');
    expect(run.summary('tls-ciphers')).toEqual([
      ['finding.tls.cipher_insufficient', 'fail', '127.0.40.2'],
      ['finding.tls.cipher_order_weak_first', 'fail', '127.0.40.2'],
    ]);
    const insufficient = run.findings.find((f) => f.key === 'finding.tls.cipher_insufficient')!;
    expect(insufficient.params.suites).toEqual(
      legacy.filter((n) => classifySuite(allSuites().find((s) => s.name === n)!.code, 'TLSv1.2') === 'insufficient'),
    );
    expect(insufficient.params.versions).toEqual(['TLSv1.2', 'TLSv1.1', 'TLSv1.0']);
    expect(run.findings.find((f) => f.key === 'finding.tls.cipher_order_weak_first')!.params).toMatchObject({
      version: 'TLSv1.2',
      suite: 'TLS_RSA_WITH_AES_128_CBC_SHA',
      over: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    });
    expect(translate('cs', insufficient.key, insufficient.params)).toContain('TLS_RSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_256_CBC_SHA');
    // Requirement 10 fails; the plan for Exchange Server disables exactly these suites.
    const a = assessmentOf(run, 'tls-legacy.test', 'exchange-2019');
    expect(evaluateRequirements(a).find((v) => v.id === 'algorithms')?.verdict).toBe('fail');
    expect(remediationEntry(insufficient)).toEqual({ kind: 'steps', builder: 'tls-ciphers' });
    const step = buildRemediationPlan(a).steps.find((s) => s.id === 'tls-ciphers-server')!;
    const commands = step.actions.flatMap((x) => (x.kind === 'powershell' ? [x.code] : []));
    for (const name of insufficient.params.suites as string[]) expect(commands).toContain(`Disable-TlsCipherSuite -Name '${name}'`);
  });

  it('reuses the versions step: only supported versions are enumerated, each seeded with the suite already seen', async () => {
    const run = await runTlsChain(fixture.lab, 'tls-legacy.test', { checks: CHAIN });
    const versions = run.data<TlsVersionsData>('tls-versions').addresses[0]!.versions!;
    const ciphers = run.data<TlsCiphersData>('tls-ciphers').addresses[0]!;
    expect(ciphers.ciphers!.versions.map((v) => v.version)).toEqual(versions.supported);
    // Each version costs its suites less the seed, one refusal per candidate group, at most one order test.
    const atLeast = ciphers.ciphers!.versions.reduce((n, v) => n + v.suites.length - 1 + 1, 0);
    expect(ciphers.stats!.handshakes).toBeGreaterThanOrEqual(atLeast);
    expect(ciphers.stats!.handshakes).toBeLessThanOrEqual(handshakeBound(ciphers.ciphers!.versions));
    for (const v of ciphers.ciphers!.versions)
      expect(v.suites[0]!.code).toBe(versions.probes.find((p) => p.version === v.version)!.firstChoice);
  });

  it('a server that follows the client order while offering weaker suites: order not enforced (fail), phase-out suites a warning', async () => {
    const server = await fixture.miniServer({
      domain: 'tls-client-order.test',
      host: '127.0.42.10',
      tls: {
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256',
        honorCipherOrder: false,
      },
    });
    const run = await runTlsChain(fixture.lab, 'tls-client-order.test', { checks: CHAIN, extra: [server.extra] });
    expect(run.summary('tls-ciphers')).toEqual([
      ['finding.tls.cipher_phase_out', 'warning', '127.0.42.10'],
      ['finding.tls.cipher_order_not_enforced', 'fail', '127.0.42.10'],
    ]);
    // In the client's order (ours), as the server follows it.
    expect([...(run.findings.find((f) => f.key === 'finding.tls.cipher_phase_out')!.params.suites as string[])].sort()).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
    ]);
    expect(run.data<TlsCiphersData>('tls-ciphers').addresses[0]!.ciphers!.versions[0]!.preference).toBe('client');
  });
});
