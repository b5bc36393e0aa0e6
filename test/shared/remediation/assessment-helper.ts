/**
 * Handcrafted Assessments for table-driven tests of the requirement and remediation catalogues.
 * `build` fills the envelope; tests name only the attempts and findings that matter.
 */
import {
  SCHEMA_VERSION,
  parseAssessment,
  type Assessment,
  type Attempt,
  type Finding,
  type PlatformHint,
} from '../../../shared/assessment';
import type { FindingStatus } from '../../../shared/status';

export interface AttemptSpec {
  status?: Attempt['status'];
  reason?: string;
  data?: unknown;
}

export function finding(checkId: string, status: FindingStatus, key: string, params: Finding['params'] = {}, target?: string): Finding {
  return { checkId, status, key, params, evidence: [], ...(target ? { target } : {}) };
}

export function build(spec: {
  domain?: string;
  platformHint?: PlatformHint;
  attempts?: Record<string, AttemptSpec>;
  findings?: Finding[];
  finishedAt?: string;
}): Assessment {
  const at = '2026-01-15T09:30:00.000Z';
  const a: Assessment = {
    schemaVersion: SCHEMA_VERSION,
    toolVersion: 'test',
    id: '00000000-0000-4000-8000-000000000000',
    request: {
      domain: spec.domain ?? 'firma.cz',
      domainUnicode: spec.domain ?? 'firma.cz',
      extraHosts: [],
      dkimSelectors: [],
      platformHint: spec.platformHint ?? 'unknown',
      language: 'cs',
    },
    startedAt: at,
    finishedAt: spec.finishedAt ?? at,
    cancelled: false,
    resolver: { servers: ['127.0.0.1:53'], source: 'user' },
    targets: [],
    attempts: Object.entries(spec.attempts ?? {}).map(([checkId, s]) => ({
      checkId,
      status: s.status ?? 'completed',
      ...(s.reason ? { reason: s.reason } : {}),
      startedAt: at,
      finishedAt: at,
      durationMs: 1,
      ...(s.data !== undefined ? { data: s.data } : {}),
    })),
    findings: spec.findings ?? [],
  };
  // Every handcrafted document must be one the app could have saved.
  const parsed = parseAssessment(JSON.parse(JSON.stringify(a)));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return a;
}

/** Attempts for the checks registered today, all completed. */
export const MAIL_AUTH_DONE: Record<string, AttemptSpec> = { mx: {}, spf: {}, dmarc: {}, dkim: {}, platform: {} };
