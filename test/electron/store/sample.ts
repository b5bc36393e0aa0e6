/** Valid Assessment documents for store and IPC tests (validated by the real schema on read). */
import { SCHEMA_VERSION, type Assessment, type Finding } from '../../../shared/assessment';

export interface SampleOptions {
  id?: string;
  domain?: string;
  startedAt?: string;
  findings?: number;
  toolVersion?: string;
  clientName?: string;
}

export function sampleAssessment(options: SampleOptions = {}): Assessment {
  const domain = options.domain ?? 'firma.cz';
  const startedAt = options.startedAt ?? '2026-03-01T09:00:00.000Z';
  const findings: Finding[] = Array.from({ length: options.findings ?? 2 }, (_, i) => ({
    checkId: 'dmarc',
    status: i % 2 === 0 ? 'fail' : 'pass',
    key: i % 2 === 0 ? 'finding.dmarc.missing' : 'finding.dmarc.rua',
    params: { domain, addresses: [`dmarc-${i}@${domain}`] },
    evidence: [{ type: 'dns', query: `_dmarc.${domain}`, rrtype: 'TXT', rcode: 'NXDOMAIN', records: [], server: '127.0.0.1:53' }],
  }));
  return {
    schemaVersion: SCHEMA_VERSION,
    toolVersion: options.toolVersion ?? '0.1.0',
    id: options.id ?? '7d0c2f4e-1b7a-4c39-9d0e-2f9a8b6c5d41',
    request: {
      domain,
      domainUnicode: domain,
      ...(options.clientName ? { clientName: options.clientName } : {}),
      extraHosts: [],
      dkimSelectors: [],
      platformHint: 'unknown',
      language: 'cs',
    },
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 1500).toISOString(),
    cancelled: false,
    resolver: { servers: ['127.0.0.1:53'], source: 'user' },
    targets: [{ kind: 'mx', name: `mail.${domain}`, addresses: ['127.0.20.1'], source: 'mx' }],
    attempts: [{ checkId: 'dmarc', status: 'completed', startedAt, finishedAt: startedAt, durationMs: 12 }],
    findings,
  };
}

/**
 * An assessment whose requirement 6 waits for its guided manual test: the dane-outbound check ran
 * and, the platform unknown, left `finding.dane_outbound.manual_test`.
 */
export function sampleAwaitingManualTest(options: SampleOptions = {}): Assessment {
  const base = sampleAssessment(options);
  return {
    ...base,
    attempts: [
      ...base.attempts,
      { checkId: 'dane-outbound', status: 'completed', startedAt: base.startedAt, finishedAt: base.startedAt, durationMs: 0 },
    ],
    findings: [
      ...base.findings,
      { checkId: 'dane-outbound', status: 'not_tested', key: 'finding.dane_outbound.manual_test', params: {}, evidence: [] },
    ],
  };
}
