import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../../shared/assessment';
import { hasMessage, messages } from '../../../shared/i18n/index';
import { BY_CHECK, EXACT, PREFIXES, hasCatalogueEntry, remediationEntry } from '../../../shared/remediation/catalogue';
import { assess } from '../../../electron/engine/engine';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server';
import { labZones, scenarios } from '../../lab/zones';

const root = resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every finding key the engine can emit: written literally in the engine and in shared logic
 * (the catalogues themselves excluded, or the test would check itself), plus every key the
 * message catalogue renders (which includes the keys built from templates such as
 * `finding.dkim.${code}`: each needs a text to be shown at all).
 */
function emittableKeys(): Set<string> {
  const keys = new Set<string>();
  const files = [...sourceFiles(join(root, 'electron')), ...sourceFiles(join(root, 'shared'))].filter(
    (f) => !f.includes(`${join('shared', 'remediation')}`) && !f.endsWith('requirements.ts') && !f.includes(join('shared', 'i18n')),
  );
  for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/'(finding\.[a-z0-9_.-]+[a-z0-9_])'/g)) keys.add(m[1]!);
  for (const key of Object.keys(messages.cs)) if (key.startsWith('finding.')) keys.add(key);
  return keys;
}

describe('remediation catalogue', () => {
  it('has an entry — steps or an explicit "no action" — for every finding key the engine can emit', () => {
    const keys = emittableKeys();
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].filter((k) => !hasCatalogueEntry(k)).sort();
    expect(missing).toEqual([]);
  });

  it('names only keys that exist: no typo hides a finding from its step', () => {
    const keys = emittableKeys();
    const unknown = Object.keys(EXACT).filter((k) => !keys.has(k));
    expect(unknown).toEqual([]);
  });

  it('prefers the exact key, then the status of a finding that reports no problem, then the prefix, then the check', () => {
    expect(remediationEntry({ key: 'finding.dkim.none_found', status: 'not_tested', checkId: 'dkim' })).toEqual({ kind: 'steps', builder: 'dkim-setup' });
    expect(remediationEntry({ key: 'finding.starttls.some_new_pass', status: 'pass', checkId: 'starttls' })).toEqual({ kind: 'none', reason: 'ok' });
    expect(remediationEntry({ key: 'finding.starttls.some_new_problem', status: 'fail', checkId: 'starttls' })).toEqual({ kind: 'steps', builder: 'starttls' });
    expect(remediationEntry({ key: 'finding.tls.cipher_insufficient', status: 'fail', checkId: 'tls-ciphers' })).toEqual({ kind: 'steps', builder: 'tls-ciphers' });
    expect(remediationEntry({ key: 'finding.tls.tls10_enabled', status: 'warning', checkId: 'tls-versions' })).toEqual({ kind: 'steps', builder: 'tls-protocols' });
    expect(remediationEntry({ key: 'finding.hsts_short', status: 'fail', checkId: 'web-access' })).toEqual({ kind: 'steps', builder: 'web-access' });
    expect(remediationEntry({ key: 'finding.unheard_of.thing', status: 'fail', checkId: 'unheard-of' })).toBeUndefined();
    expect(remediationEntry({ key: 'finding.whatever.error', status: 'error', checkId: 'x' })).toEqual({ kind: 'none', reason: 'recheck' });
  });

  it('routes every check planned in DESIGN §4 somewhere', () => {
    for (const check of ['starttls', 'tls-versions', 'tls-ciphers', 'tls-key-exchange', 'tls-extras', 'certificate', 'dnssec', 'dane', 'mta-sts', 'client-access', 'web-access']) {
      expect(BY_CHECK[check], check).toBeDefined();
    }
    expect(PREFIXES.every((p) => p.prefix.startsWith('finding.'))).toBe(true);
  });

  describe('against real assessments', () => {
    let lab: LabDnsServer;
    const assessments: Assessment[] = [];
    beforeAll(async () => {
      lab = await startLabDnsServer({ zones: labZones() });
      for (const s of scenarios.filter((s) => !s.exitCode)) {
        const timeout = s.args?.includes('--dns-timeout') ? { dnsTimeoutMs: 300 } : {};
        assessments.push(await assess({ domain: s.domain, ...(s.domain.includes('good') ? { dkimSelectors: ['custom'] } : {}) }, { resolvers: [lab.address], ...timeout }));
      }
    }, 120_000);
    afterAll(() => lab.close());

    it('knows what to do with every finding the lab scenarios produce', () => {
      const findings = assessments.flatMap((a) => a.findings);
      expect(findings.length).toBeGreaterThan(50);
      const unhandled = findings.filter((f) => remediationEntry(f) === undefined).map((f) => `${f.key} (${f.status})`);
      expect([...new Set(unhandled)]).toEqual([]);
      // A problem finding with "no action" may only mean "could not be tested, run again", never "fine".
      const ignored = findings.filter((f) => {
        const entry = remediationEntry(f);
        return (f.status === 'fail' || f.status === 'warning') && entry?.kind === 'none' && entry.reason === 'ok';
      });
      expect(ignored.map((f) => f.key)).toEqual([]);
      for (const f of findings) expect(hasMessage(f.key, 'cs'), f.key).toBe(true);
    });
  });
});
