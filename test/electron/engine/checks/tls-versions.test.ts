/**
 * The tls-versions check, run by the engine's runner with the checks it builds on (mx, starttls)
 * against the lab: real DNS, real SMTP servers with STARTTLS on loopback, our own ClientHellos.
 * Thresholds: the NÚKIB measure (requirement 2) and NCSC-NL 2025-05 §3.3.1.
 */
import { describe, expect, it, vi } from 'vitest';
import { mxCheck } from '../../../../electron/engine/checks/mx/check';
import { startTlsCheck } from '../../../../electron/engine/checks/starttls/check';
import { tlsVersionsCheck } from '../../../../electron/engine/checks/tls-versions/check';
import { translate } from '../../../../shared/i18n/index';
import { remediationEntry } from '../../../../shared/remediation/catalogue';
import { evaluateRequirements } from '../../../../shared/requirements';
import type { TlsVersionsData } from '../../../../shared/tls/assess';
import { assessmentOf, runTlsChain, useTlsLab } from './support/tls-chain';

const fixture = useTlsLab();

const VERSIONS_ONLY = [mxCheck, startTlsCheck, tlsVersionsCheck];

describe('tls-versions check', () => {
  it('modern server (TLS 1.2 and 1.3) on IPv4 and IPv6: one pass per address, with the tested endpoint and the versions as evidence', async () => {
    const run = await runTlsChain(fixture.lab, 'tls-modern.test', { checks: VERSIONS_ONLY });
    expect(run.summary('tls-versions')).toEqual([
      ['finding.tls.versions_modern', 'pass', '127.0.40.1'],
      ['finding.tls.versions_modern', 'pass', '::1'],
    ]);
    for (const f of run.findings.filter((x) => x.checkId === 'tls-versions')) {
      expect(f.target).toBe('mail.tls-modern.test');
      expect(f.params).toMatchObject({ host: 'mail.tls-modern.test', port: 25, versions: ['TLSv1.2', 'TLSv1.3'] });
      // The real endpoint (here redirected by --connect-to) is on the finding and in the evidence.
      expect(f.params.endpoint).toMatch(/^(127\.0\.40\.1|\[::1\]):\d+$/);
      expect(f.evidence).toContainEqual({ type: 'address', host: 'mail.tls-modern.test', address: f.params.address });
      const versions = f.evidence.find((e) => e.type === 'text' && e.key === 'evidence.tls.versions');
      expect(versions && 'value' in versions ? versions.value : '').toMatch(
        /^SSLv3: not_supported \[insufficient\].*\nTLSv1\.0: not_supported[^]*TLSv1\.3: supported \[good\] — server_hello TLSv1\.3 TLS_AES_/,
      );
      expect(f.params.handshakes).toBeGreaterThanOrEqual(5);
      expect(f.evidence.some((e) => e.type === 'text' && e.key === 'evidence.tls.probe_stats')).toBe(true);
    }
    const data = run.data<TlsVersionsData>('tls-versions');
    expect(data.classification).toBe('NCSC-NL 2025-05');
    expect(data.addresses.map((a) => [a.address, a.family, a.state, a.versions?.supported])).toEqual([
      ['127.0.40.1', 4, 'completed', ['TLSv1.2', 'TLSv1.3']],
      ['::1', 6, 'completed', ['TLSv1.2', 'TLSv1.3']],
    ]);
    // Five versions, one hello each (the first candidate group answers); a connection per hello, no more.
    for (const a of data.addresses) expect(a.stats).toMatchObject({ handshakes: 5, connections: 5, openFailures: 0 });
    // Politeness: never more than two connections at once to one address.
    for (const s of run.connector.stats()) expect(s.peakConcurrent).toBeLessThanOrEqual(2);
    expect(evaluateRequirements(assessmentOf(run, 'tls-modern.test')).find((v) => v.id === 'tls-versions')?.verdict).toBe('pass');
  });

  it('legacy server (TLS 1.0–1.2): TLS 1.0 and 1.1 fail with an explanation of "only where unavoidable"; TLS 1.2 alone is sufficient', async () => {
    const run = await runTlsChain(fixture.lab, 'tls-legacy.test', { checks: VERSIONS_ONLY });
    expect(run.summary('tls-versions')).toEqual([
      ['finding.tls.legacy_versions_offered', 'fail', '127.0.40.2'],
      ['finding.tls.versions_tls12_max', 'pass', '127.0.40.2'],
    ]);
    const legacy = run.findings.find((f) => f.key === 'finding.tls.legacy_versions_offered')!;
    expect(legacy.params.versions).toEqual(['TLSv1.0', 'TLSv1.1']);
    expect(translate('cs', legacy.key, legacy.params)).toMatch(/TLSv1\.0, TLSv1\.1.*nelze vyhnout.*zdokumentujte/);
    expect(translate('en', legacy.key, legacy.params)).toContain('cannot be avoided');
    // Remediation: the SCHANNEL protocol settings (Exchange Server) / what Microsoft controls (Exchange Online).
    expect(remediationEntry(legacy)).toEqual({ kind: 'steps', builder: 'tls-protocols' });
    expect(evaluateRequirements(assessmentOf(run, 'tls-legacy.test')).find((v) => v.id === 'tls-versions')?.verdict).toBe('fail');
  });

  it('a server that starts answering 421 mid-test: "rate-limited", not tested, and nobody presses on', async () => {
    const server = await fixture.miniServer({ domain: 'tls-ratelimit.test', host: '127.0.42.1', rateLimitAfter: 3 });
    const run = await runTlsChain(fixture.lab, 'tls-ratelimit.test', { extra: [server.extra] });
    expect(run.summary('starttls')).toEqual([['finding.starttls.ok', 'pass', '127.0.42.1']]);
    expect(run.summary('tls-versions')).toEqual([['finding.tls.rate_limited', 'not_tested', '127.0.42.1']]);
    const f = run.findings.find((x) => x.key === 'finding.tls.rate_limited')!;
    expect(f.params.reply).toMatch(/^421 4\.7\.0 .*Too many connections/);
    expect(translate('en', f.key, f.params)).toContain('not a finding against the server');
    // The later checks do not connect again: they say why they did not test.
    for (const id of ['tls-ciphers', 'tls-key-exchange', 'tls-extras'])
      expect(run.summary(id)).toEqual([['finding.tls.previous_step_incomplete', 'not_tested', '127.0.42.1']]);
    // At most the hellos already under way when the first 421 came (two at a time) meet another 421.
    expect(server.refused).toBeLessThanOrEqual(2);
    expect(server.afterFirstRefusal).toBeLessThanOrEqual(1);
    const data = run.data<TlsVersionsData>('tls-versions');
    expect(data.addresses[0]).toMatchObject({ state: 'interrupted', problem: { kind: 'rate_limited' } });
    const verdict = evaluateRequirements(assessmentOf(run, 'tls-ratelimit.test'));
    expect(verdict.find((v) => v.id === 'tls-versions')).toMatchObject({ verdict: 'not_verified', reasonKey: 'finding.tls.rate_limited' });
    expect(verdict.find((v) => v.id === 'algorithms')).toMatchObject({
      verdict: 'not_verified',
      reasonKey: 'finding.tls.previous_step_incomplete',
    });
  });

  it('a server that resets the connection right after STARTTLS: a clear failure, no hang, nothing probed further', async () => {
    const server = await fixture.miniServer({ domain: 'tls-reset.test', host: '127.0.42.2', resetAfterStartTlsFrom: 1 });
    const started = Date.now();
    const run = await runTlsChain(fixture.lab, 'tls-reset.test', { extra: [server.extra] });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.summary('starttls')).toEqual([['finding.starttls.handshake_failed', 'fail', '127.0.42.2']]);
    expect(run.summary('tls-versions')).toEqual([['finding.tls.no_tls_handshake', 'fail', '127.0.42.2']]);
    expect(run.findings.find((f) => f.key === 'finding.tls.no_tls_handshake')!.params.detail).toBe('reset');
    for (const id of ['tls-ciphers', 'tls-key-exchange', 'tls-extras']) {
      expect(run.attempts.find((a) => a.checkId === id)?.status).toBe('completed');
      expect(run.summary(id)).toEqual([]);
    }
    // One connection for STARTTLS, then one per hello (a reset may mean "none of these suites", so
    // each version's other candidate groups are asked too: at most 9 hellos); none after.
    const stats = run.data<TlsVersionsData>('tls-versions').addresses[0]!.stats!;
    expect(stats.handshakes).toBeLessThanOrEqual(9);
    expect(server.connections).toBe(1 + stats.connections);
  });

  it('a server that stops accepting connections mid-test: "connection failed", not tested, what was proven is kept', async () => {
    const server = await fixture.miniServer({
      domain: 'tls-dropped.test',
      host: '127.0.42.3',
      resetOnConnectAfter: 3,
      tls: { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
    });
    const run = await runTlsChain(fixture.lab, 'tls-dropped.test', { checks: VERSIONS_ONLY, extra: [server.extra] });
    const keys = run.summary('tls-versions').map(([k, s]) => `${k} ${s}`);
    expect(keys[0]).toBe('finding.tls.connection_failed not_tested');
    // Nothing is claimed to pass when the step did not finish.
    expect(keys.some((k) => k.endsWith(' pass'))).toBe(false);
    expect(run.data<TlsVersionsData>('tls-versions').addresses[0]).toMatchObject({
      state: 'interrupted',
      problem: { kind: 'connection_failed' },
    });
  });

  it('no address with STARTTLS: the check completes without findings and the row takes its reason from STARTTLS', async () => {
    const run = await runTlsChain(fixture.lab, 'tls-no-starttls.test');
    for (const id of ['tls-versions', 'tls-ciphers', 'tls-key-exchange', 'tls-extras']) {
      expect(run.attempts.find((a) => a.checkId === id)?.status).toBe('completed');
      expect(run.summary(id)).toEqual([]);
    }
    expect(run.data<TlsVersionsData>('tls-versions').addresses).toEqual([]);
  });

  it('cancellation reaches a handshake in progress: the run ends at once and every socket is closed', async () => {
    // Answers STARTTLS and the version hellos, then leaves the cipher step's hellos unanswered.
    const server = await fixture.miniServer({ domain: 'tls-cancel.test', host: '127.0.42.4', stallTlsFrom: 7 });
    const controller = new AbortController();
    let abortedAt = 0;
    const run = await runTlsChain(fixture.lab, 'tls-cancel.test', {
      signal: controller.signal,
      extra: [server.extra],
      onProgress: (e) => {
        if (e.type === 'target' && e.checkId === 'tls-ciphers' && e.phase === 'started') {
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 200);
        }
      },
    });
    expect(abortedAt).toBeGreaterThan(0);
    // Far below the 10 s a stalled handshake would otherwise be waited for.
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    expect(run.summary('tls-versions')).toEqual([['finding.tls.versions_modern', 'pass', '127.0.42.4']]);
    expect(server.connections).toBeGreaterThanOrEqual(7);
    expect(run.attempts.find((a) => a.checkId === 'tls-ciphers')).toMatchObject({ status: 'error', reason: 'error.cancelled' });
    expect(run.attempts.find((a) => a.checkId === 'tls-key-exchange')?.status).toBe('skipped');
    await vi.waitFor(() => expect(server.open).toBe(0));
  });
});
