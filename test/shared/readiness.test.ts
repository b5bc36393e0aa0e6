/**
 * What each network limitation means for the requirement rows (shared/readiness.ts): the rows
 * come from the catalogue (REQUIREMENTS[].checks) and the checks each limitation affects; the
 * words are message keys in Czech (default) and English.
 */
import { describe, expect, it } from 'vitest';
import { parseAssessment, type Language } from '../../shared/assessment';
import { translate } from '../../shared/i18n/index';
import {
  NetworkReadinessSchema,
  formatRequirementNumbers,
  limitationText,
  readinessLimitations,
  readinessLimits,
  requirementsOf,
  type NetworkReadiness,
  type PortReadiness,
  type Translator,
} from '../../shared/readiness';
import { REQUIREMENTS } from '../../shared/requirements';

const REF = 'ref.example.net';
const t =
  (lang: Language): Translator =>
  (key, params) =>
    translate(lang, key, params);

function readiness(
  change: {
    ports?: Partial<Record<number, PortReadiness['state']>>;
    dnssec?: Partial<NetworkReadiness['dnssec']>;
    resolvers?: NetworkReadiness['resolvers'];
  } = {},
): NetworkReadiness {
  return {
    checkedAt: '2026-12-02T10:00:00.000Z',
    resolvers: change.resolvers ?? [{ server: '192.0.2.53:53', answered: true, rcode: 'NOERROR', ms: 12, dnssec: 'passes' }],
    dnssec: { state: 'passes', zone: '.', reason: 'signed', ...change.dnssec },
    ports: [25, 465, 587, 993, 995, 443].map((port) => ({ port, host: REF, state: change.ports?.[port] ?? 'open' })),
  };
}

/** The rows whose deciding checks include any of these, straight from the catalogue. */
const rowsOf = (...checks: string[]) =>
  REQUIREMENTS.filter((r) => r.checks.some((c) => checks.includes(c)))
    .map((r) => r.number)
    .sort((a, b) => a - b);

describe('readinessLimitations', () => {
  it('finds nothing on a network that lets everything through', () => {
    expect(readinessLimitations(readiness())).toEqual([]);
    expect(readinessLimits(readiness())).toBe(false);
    expect(readinessLimits(undefined)).toBe(false);
  });

  it('port 25 blocked: the STARTTLS, TLS, certificate and DANE rows (1–3, 5, 10)', () => {
    const limits = readinessLimitations(readiness({ ports: { 25: 'blocked' } }));
    expect(limits).toEqual([
      { key: 'readiness.limit.port25_blocked', params: { host: REF }, requirements: [1, 2, 3, 5, 10], severity: 'limits' },
    ]);
    expect(limits[0]!.requirements).toEqual(
      rowsOf('starttls', 'certificate', 'tls-versions', 'tls-ciphers', 'tls-key-exchange', 'tls-extras', 'dane'),
    );
    expect(readinessLimits(readiness({ ports: { 25: 'blocked' } }))).toBe(true);
  });

  it('port 25 refused or unreachable is a limit too; an unresolvable reference only a note', () => {
    expect(readinessLimitations(readiness({ ports: { 25: 'refused' } }))[0]).toMatchObject({
      key: 'readiness.limit.port25_refused',
      severity: 'limits',
    });
    expect(readinessLimitations(readiness({ ports: { 25: 'unreachable' } }))[0]).toMatchObject({ key: 'readiness.limit.port25_refused' });
    expect(readinessLimitations(readiness({ ports: { 25: 'unresolved' } }))).toEqual([
      expect.objectContaining({ key: 'readiness.limit.port25_unknown', severity: 'note', requirements: [1, 2, 3, 5, 10] }),
    ]);
  });

  it('client ports blocked: row 8, naming the ports; 443 blocked: the web rows', () => {
    const limits = readinessLimitations(readiness({ ports: { 465: 'blocked', 993: 'refused', 443: 'blocked' } }));
    expect(limits).toEqual([
      { key: 'readiness.limit.client_ports_blocked', params: { ports: '465, 993', host: REF }, requirements: [8], severity: 'limits' },
      {
        key: 'readiness.limit.https_blocked',
        params: { host: REF },
        requirements: rowsOf('web-access', 'exchange', 'mta-sts'),
        severity: 'limits',
      },
    ]);
    expect(limits[1]!.requirements).toContain(9);
  });

  it('ports without a reference host are a note, not a limit', () => {
    const r = readiness();
    for (const p of r.ports) if (p.port !== 25) Object.assign(p, { state: 'not_tested', host: undefined });
    expect(readinessLimitations(r)).toEqual([
      { key: 'readiness.limit.ports_not_tested', params: { ports: '465, 587, 993, 995, 443' }, requirements: [], severity: 'note' },
    ]);
    expect(readinessLimits(r)).toBe(false);
  });

  it('DNSSEC stripped: rows 4 and 5; with the iterative fallback only a note; unknown a note', () => {
    expect(readinessLimitations(readiness({ dnssec: { state: 'strips', reason: 'no_rrsig' } }))).toEqual([
      { key: 'readiness.limit.dnssec_strips', params: {}, requirements: [4, 5], severity: 'limits' },
    ]);
    expect(requirementsOf(['dnssec', 'dane'])).toEqual(rowsOf('dnssec', 'dane'));
    expect(readinessLimitations(readiness({ dnssec: { state: 'strips', fallback: 'iterative' } }))).toEqual([
      expect.objectContaining({ key: 'readiness.limit.dnssec_strips_iterative', severity: 'note' }),
    ]);
    expect(readinessLimitations(readiness({ dnssec: { state: 'unknown' } }))).toEqual([
      expect.objectContaining({ key: 'readiness.limit.dnssec_unknown', severity: 'note' }),
    ]);
  });

  it('no resolver answering: every row the engine decides, first; one silent of two: a note', () => {
    const dead = readiness({
      resolvers: [{ server: '192.0.2.53:53', answered: false, problem: 'timeout' }],
      dnssec: { state: 'unknown', reason: 'no_answer' },
      ports: { 25: 'blocked' },
    });
    const limits = readinessLimitations(dead);
    expect(limits[0]).toEqual({
      key: 'readiness.limit.no_resolver',
      params: { servers: '192.0.2.53:53' },
      requirements: REQUIREMENTS.filter((r) => !r.manual).map((r) => r.number),
      severity: 'limits',
    });
    // "Unknown DNSSEC" says nothing new when no resolver answered at all.
    expect(limits.map((l) => l.key)).not.toContain('readiness.limit.dnssec_unknown');
    const half = readiness({
      resolvers: [
        { server: '192.0.2.53:53', answered: false },
        { server: '192.0.2.54:53', answered: true, rcode: 'NOERROR', dnssec: 'passes' },
      ],
    });
    expect(readinessLimitations(half)).toEqual([
      { key: 'readiness.limit.some_resolvers_silent', params: { servers: '192.0.2.53:53' }, requirements: [], severity: 'note' },
    ]);
  });

  it('lists limits before notes', () => {
    const r = readiness({ ports: { 25: 'unresolved', 443: 'blocked' } });
    expect(readinessLimitations(r).map((l) => l.severity)).toEqual(['limits', 'note']);
  });
});

describe('in plain words', () => {
  it('row numbers: runs of three as a range, the last joined by "a" / "and"', () => {
    expect(formatRequirementNumbers([10, 1, 2, 3, 5], t('cs'))).toBe('1–3, 5 a 10');
    expect(formatRequirementNumbers([1, 2, 3, 5, 10], t('en'))).toBe('1–3, 5 and 10');
    expect(formatRequirementNumbers([4, 5], t('cs'))).toBe('4 a 5');
    expect(formatRequirementNumbers([8], t('cs'))).toBe('8');
    expect(formatRequirementNumbers([], t('cs'))).toBe('');
  });

  it('port 25 blocked, in Czech (the default) and English', () => {
    const [limit] = readinessLimitations(readiness({ ports: { 25: 'blocked' } }));
    expect(limitationText(limit!, t('cs'))).toBe(
      `Port 25 je z této sítě blokovaný (kontrolní server ${REF} bez odpovědi): požadavky 1–3, 5 a 10 z této sítě nelze ověřit. Spusťte posouzení znovu z jiné sítě (ne z hostovské či firemní sítě s omezeným odchozím provozem), nebo v příkazové řádce použijte --connect-to.`,
    );
    expect(limitationText(limit!, t('en'))).toContain(
      `requirements 1–3, 5 and 10 can’t be verified from this network. Run again from another network`,
    );
  });

  it('one row takes the singular', () => {
    const [limit] = readinessLimitations(readiness({ ports: { 587: 'blocked' } }));
    expect(limitationText(limit!, t('cs'))).toContain('Porty 587 jsou z této sítě blokované');
    expect(limitationText(limit!, t('cs'))).toContain('požadavek 8 (přístup poštovních klientů) z této sítě nelze ověřit');
    expect(limitationText(limit!, t('en'))).toContain('requirement 8 (mail client access)');
  });

  it('every key a limitation can produce has Czech and English text', () => {
    const keys = [
      'no_resolver',
      'some_resolvers_silent',
      'port25_blocked',
      'port25_refused',
      'port25_unknown',
      'client_ports_blocked',
      'https_blocked',
      'dnssec_strips',
      'dnssec_strips_iterative',
      'dnssec_unknown',
      'ports_not_tested',
    ];
    for (const key of keys)
      for (const lang of ['cs', 'en'] as const) expect(translate(lang, `readiness.limit.${key}`)).not.toBe(`readiness.limit.${key}`);
  });
});

describe('the Assessment document', () => {
  const base = {
    schemaVersion: 1,
    toolVersion: '0.1.0',
    id: 'x',
    request: { domain: 'firma.cz', domainUnicode: 'firma.cz', extraHosts: [], dkimSelectors: [], platformHint: 'unknown', language: 'cs' },
    startedAt: '2026-12-02T10:00:00.000Z',
    finishedAt: '2026-12-02T10:01:00.000Z',
    cancelled: false,
    resolver: { servers: ['192.0.2.53:53'], source: 'user' },
    targets: [],
    attempts: [],
    findings: [],
  };

  it('older files without readiness still load; readiness is kept when present', () => {
    expect(parseAssessment(base)).toMatchObject({ ok: true });
    const withReadiness = parseAssessment({ ...base, readiness: readiness({ ports: { 25: 'blocked' } }) });
    expect(withReadiness.ok && withReadiness.value.readiness?.ports[0]).toEqual({ port: 25, host: REF, state: 'blocked' });
  });

  it('refuses a readiness of the wrong shape', () => {
    const bad = readiness();
    (bad.ports[0] as { state: string }).state = 'wide open';
    expect(NetworkReadinessSchema.safeParse(bad).success).toBe(false);
    expect(parseAssessment({ ...base, readiness: bad }).ok).toBe(false);
  });
});
