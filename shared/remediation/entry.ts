/**
 * How the remediation plan handles a finding key. Each check declares this beside the key's
 * messages (`electron/engine/checks/<id>/findings.ts`); the step builders live in `catalogue.ts`.
 */

/** Step builders, in the order their steps appear within one phase (DNSSEC before DANE, MX first). */
export const BUILDER_IDS = [
  'mx-records',
  'dnssec',
  'spf-record',
  'spf-lookups',
  'spf-review',
  'dkim-setup',
  'dkim-key',
  'dmarc',
  'dmarc-external',
  'mta-sts',
  'starttls',
  'certificate',
  'tls-protocols',
  'tls-ciphers',
  'dane',
  'client-access',
  'web-access',
  'exchange',
] as const;

export type BuilderId = (typeof BUILDER_IDS)[number];

/**
 * Why a finding needs no step of its own:
 * - ok: it reports a good state (pass) or a fact (info);
 * - recheck: a lookup failed, the result is unknown — run the assessment again (another network);
 * - not-testable: it could not be tested from here (e.g. port 25 blocked) — nothing to fix yet;
 * - covered: another finding's step fixes it.
 */
export type NoActionReason = 'ok' | 'recheck' | 'not-testable' | 'covered';

export type RemediationEntry = { kind: 'steps'; builder: BuilderId } | { kind: 'none'; reason: NoActionReason };

export const steps = (builder: BuilderId): RemediationEntry => ({ kind: 'steps', builder });
export const none = (reason: NoActionReason): RemediationEntry => ({ kind: 'none', reason });
