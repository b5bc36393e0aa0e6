/**
 * The requirement catalogue (DESIGN §1): the ten rows of the NÚKIB protective measure for mail
 * servers, the checks that decide each row, and the verdict rule. The wizard, the PDF and the
 * CLI all show these verdicts; none computes its own.
 *
 * Sources. The measure itself ("ochranné opatření", NÚKIB, October 2021, "Methods of increasing
 * the protection of email systems") and NÚKIB's "Minimální požadavky na kryptografické algoritmy"
 * were not available to us in their primary text: rows follow the published summaries of the
 * measure, and thresholds the summaries do not state come from the NCSC-NL IT Security
 * Guidelines for TLS (2025-05), as applied by internet.nl. The measure was issued under act
 * 181/2014 Sb.; act 264/2025 Sb. replaced that act from 1 November 2025. When the primary texts
 * are available, update SOURCES and the rows' `sources` / `thresholdSource` here and the
 * `requirement.*` messages; nothing else depends on the wording.
 *
 * Which checks decide a row is declared by the checks themselves (`decides` in each spec, and
 * `alsoDecides` on single finding keys): a row names no check, so it cannot name one that does not
 * exist. A row no registered check decides yet says so ("not verified: no check yet").
 *
 * Verdict rule (the first that applies):
 * 1. any deciding finding `fail` → fail, with the worst failing finding as the reason. Rows that
 *    must hold for every server (STARTTLS on every MX, …) fail when one server fails; the findings
 *    show which targets pass;
 * 2. no check decides the row in this version, or none of its checks ran → not verified
 *    ("check not available");
 * 3. a deciding check ended in error or was skipped → not verified, with the attempt's reason;
 * 4. a deciding finding `error` (a lookup failed inside a completed check) → not verified, with
 *    that finding as the reason;
 * 5. a deciding finding `not_tested` (e.g. port 25 blocked from this network; row 6 waiting for
 *    its guided manual test) → not verified, with that finding as the reason — except the "soft"
 *    ones below;
 * 6. some of the row's checks are not available yet → not verified ("check not available");
 * 7. a soft `not_tested` (DKIM: no key found under the selectors we know; the selector cannot be
 *    listed from DNS) → partial: the rest of the row is verified, DKIM is not confirmed;
 * 8. any `warning` → partial;
 * 9. no deciding finding at all → not verified, with the reason of the row it depends on when
 *    that row is not verified (no TLS facts without a STARTTLS connection: "port 25 blocked"
 *    explains rows 2, 3, 5 and 10 too), else "nothing to test";
 * 10. otherwise → pass.
 */
import { specs, type CheckId, type FindingKey } from '../electron/engine/checks/specs';
import type { Assessment, Finding, ParamValue } from './assessment';
import { FINDING_STATUSES, sortFindings, type FindingStatus, type Verdict } from './status';
import { platformView } from './remediation/context';
import type { RequirementId } from './requirement-ids';

export type { RequirementId } from './requirement-ids';

export type SourceId = 'nukib-measure-2021' | 'nukib-crypto-minimum' | 'ncsc-nl-tls-2025-05' | 'act-264-2025' | 'rfc';

export interface SourceDocument {
  id: SourceId;
  titleKey: string;
  /** when it was issued or took effect, ISO date (year-month when that is all we know) */
  date: string;
  /** false: known to us only from summaries */
  primaryTextAvailable: boolean;
  url?: string;
}

/** The documents the catalogue cites; one place to update when the primary texts change. */
export const SOURCES: Readonly<Record<SourceId, SourceDocument>> = {
  'nukib-measure-2021': { id: 'nukib-measure-2021', titleKey: 'source.nukib-measure-2021', date: '2021-10', primaryTextAvailable: false },
  'nukib-crypto-minimum': {
    id: 'nukib-crypto-minimum',
    titleKey: 'source.nukib-crypto-minimum',
    date: '2023',
    primaryTextAvailable: false,
  },
  'ncsc-nl-tls-2025-05': {
    id: 'ncsc-nl-tls-2025-05',
    titleKey: 'source.ncsc-nl-tls-2025-05',
    date: '2025-05',
    primaryTextAvailable: true,
    url: 'https://english.ncsc.nl/',
  },
  'act-264-2025': { id: 'act-264-2025', titleKey: 'source.act-264-2025', date: '2025-11-01', primaryTextAvailable: true },
  rfc: { id: 'rfc', titleKey: 'source.rfc', date: '—', primaryTextAvailable: true, url: 'https://www.rfc-editor.org/' },
};

/** Bump when rows, checks or the verdict rule change; shown in the report's appendix. */
export const CATALOGUE_VERSION = '2026-1';

export interface RequirementDefinition {
  id: RequirementId;
  /** 1..10, DESIGN §1 table order */
  number: number;
  titleKey: string;
  descriptionKey: string;
  /** which document says it, and where thresholds come from */
  sourceKey: string;
  thresholdSource: 'measure' | 'ncsc-nl' | 'measure+ncsc-nl';
  /** checks that decide it, from their specs' `decides` */
  checks: readonly CheckId[];
  /** finding keys of other checks that also decide it, from their `alsoDecides` */
  extraFindingKeys: ReadonlySet<string>;
  /** cannot be seen from outside: always a guided manual test */
  manual: boolean;
  /** rows whose tests this row's checks build on (their reason explains an empty row) */
  dependsOn: readonly RequirementId[];
  sources: readonly SourceId[];
}

function row(
  number: number,
  id: RequirementId,
  thresholdSource: RequirementDefinition['thresholdSource'],
  options: { manual?: boolean; sources?: readonly SourceId[]; dependsOn?: readonly RequirementId[] } = {},
): RequirementDefinition {
  const checks = specs.filter((s) => (s.decides as readonly RequirementId[]).includes(id)).map((s) => s.id);
  const extraFindingKeys = new Set(
    specs.flatMap((s) =>
      Object.entries(s.findings).flatMap(([key, d]) => (d.alsoDecides?.includes(id) && !checks.includes(s.id) ? [key] : [])),
    ),
  );
  const sources =
    options.sources ??
    (thresholdSource === 'measure'
      ? ['nukib-measure-2021']
      : thresholdSource === 'ncsc-nl'
        ? ['nukib-crypto-minimum', 'ncsc-nl-tls-2025-05']
        : ['nukib-measure-2021', 'ncsc-nl-tls-2025-05']);
  return {
    id,
    number,
    titleKey: `requirement.${id}.title`,
    descriptionKey: `requirement.${id}.description`,
    sourceKey: `requirement.${id}.source`,
    thresholdSource,
    checks,
    extraFindingKeys,
    manual: options.manual ?? false,
    dependsOn: options.dependsOn ?? [],
    sources,
  };
}

export const REQUIREMENTS: readonly RequirementDefinition[] = [
  row(1, 'starttls', 'measure'),
  row(2, 'tls-versions', 'measure+ncsc-nl', { dependsOn: ['starttls'] }),
  row(3, 'certificate', 'measure+ncsc-nl', { dependsOn: ['starttls'] }),
  row(4, 'dnssec', 'measure', { sources: ['nukib-measure-2021', 'rfc'] }),
  row(5, 'dane', 'measure', { sources: ['nukib-measure-2021', 'rfc'], dependsOn: ['dnssec', 'starttls'] }),
  row(6, 'dane-outbound', 'measure', { manual: true }),
  row(7, 'mail-auth', 'measure+ncsc-nl', { sources: ['nukib-measure-2021', 'ncsc-nl-tls-2025-05', 'rfc'] }),
  row(8, 'client-access', 'measure'),
  row(9, 'web-access', 'measure+ncsc-nl'),
  row(10, 'algorithms', 'ncsc-nl', { dependsOn: ['starttls'] }),
];

export { VERDICTS, type Verdict } from './status';

export interface RequirementVerdict {
  id: RequirementId;
  number: number;
  verdict: Verdict;
  /** for not_verified (and partial/fail where helpful): message key + params explaining why */
  reasonKey?: string;
  reasonParams?: Record<string, ParamValue>;
  /** the deciding findings, worst first */
  findings: Finding[];
  counts: Record<FindingStatus, number>;
  /** the deciding checks that ran / did not run in the assessed version */
  checksRun: CheckId[];
  checksUnavailable: CheckId[];
}

/**
 * `not_tested` findings that leave the rest of a row verified. DKIM selectors cannot be listed
 * from DNS (RFC 6376 §3.6.2.1), so "no key under the selectors we tried" neither proves nor
 * disproves DKIM: SPF and DMARC are still verified, DKIM is not confirmed.
 */
export const SOFT_NOT_TESTED: ReadonlySet<string> = new Set<FindingKey>(['finding.dkim.none_found']);

/** Whether the finding takes part in deciding the row. */
export function decides(def: RequirementDefinition, f: Pick<Finding, 'checkId' | 'key'>): boolean {
  return (def.checks as readonly string[]).includes(f.checkId) || def.extraFindingKeys.has(f.key);
}

/** The rows a finding belongs to (most findings belong to one; unrelated ones to none). */
export function requirementsOfFinding(f: Pick<Finding, 'checkId' | 'key'>): RequirementId[] {
  return REQUIREMENTS.filter((r) => decides(r, f)).map((r) => r.id);
}

/** Findings no row decides (MX discovery, platform detection, MTA-STS, …), for an "other" group. */
export function findingsOutsideRequirements(a: Assessment): Finding[] {
  return a.findings.filter((f) => requirementsOfFinding(f).length === 0);
}

function emptyCounts(): Record<FindingStatus, number> {
  return Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<FindingStatus, number>;
}

function evaluateOne(
  def: RequirementDefinition,
  a: Assessment,
  earlier: ReadonlyMap<RequirementId, RequirementVerdict>,
): RequirementVerdict {
  const findings = sortFindings(effectiveFindings(a).filter((f) => decides(def, f)));
  const counts = emptyCounts();
  for (const f of findings) counts[f.status]++;
  const attempts = def.checks.map((id) => ({ id, attempt: a.attempts.find((x) => x.checkId === id) }));
  const checksRun = attempts.filter((x) => x.attempt).map((x) => x.id);
  const checksUnavailable = attempts.filter((x) => !x.attempt).map((x) => x.id);
  const base = { id: def.id, number: def.number, findings, counts, checksRun, checksUnavailable };
  const notVerified = (reasonKey: string, reasonParams: Record<string, ParamValue> = {}): RequirementVerdict => ({
    ...base,
    verdict: 'not_verified',
    reasonKey,
    reasonParams,
  });

  // The worst failing finding says why (findings are sorted worst first).
  const failed = findings.find((f) => f.status === 'fail');
  if (failed) return { ...base, verdict: 'fail', reasonKey: failed.key, reasonParams: { ...failed.params } };
  if (def.checks.length === 0) return notVerified('requirement.reason.no_check_yet');
  if (checksRun.length === 0) return notVerified('requirement.reason.check_unavailable', { checks: checksUnavailable });

  const ended = attempts.find((x) => x.attempt && x.attempt.status !== 'completed');
  if (ended?.attempt) {
    const fallback = ended.attempt.status === 'skipped' ? 'requirement.reason.check_skipped' : 'requirement.reason.check_error';
    return notVerified(ended.attempt.reason ?? fallback, { check: ended.id });
  }
  const error = findings.find((f) => f.status === 'error');
  if (error) return notVerified(error.key, { ...error.params, check: error.checkId });
  const hardNotTested = findings.find((f) => f.status === 'not_tested' && !SOFT_NOT_TESTED.has(f.key));
  if (hardNotTested) return notVerified(hardNotTested.key, { ...hardNotTested.params, check: hardNotTested.checkId });
  if (checksUnavailable.length > 0) return notVerified('requirement.reason.check_unavailable', { checks: checksUnavailable });

  const soft = findings.find((f) => f.status === 'not_tested');
  if (soft) {
    const reasonKey =
      soft.key === 'finding.dkim.none_found' && platformView(a).sendsThroughExchangeOnline
        ? 'requirement.reason.dkim_exo_not_configured'
        : 'requirement.reason.dkim_selector_unknown';
    return { ...base, verdict: 'partial', reasonKey, reasonParams: { ...soft.params } };
  }
  if (counts.warning > 0)
    return { ...base, verdict: 'partial', reasonKey: 'requirement.reason.warnings', reasonParams: { count: counts.warning } };
  if (findings.length === 0) {
    const blocked = def.dependsOn
      .map((id) => earlier.get(id))
      .find(
        (v) =>
          v?.verdict === 'not_verified' &&
          v.reasonKey &&
          v.reasonKey !== 'requirement.reason.check_unavailable' &&
          v.reasonKey !== 'requirement.reason.no_check_yet',
      );
    return blocked?.reasonKey
      ? notVerified(blocked.reasonKey, { ...blocked.reasonParams })
      : notVerified('requirement.reason.nothing_tested');
  }
  return { ...base, verdict: 'pass' };
}

/**
 * The findings the verdicts rest on: the checks' own, with the guided manual test of row 6 in
 * place of its "not verified from outside" once the consultant recorded it.
 */
export function effectiveFindings(a: Assessment): Finding[] {
  const test = a.manualTests?.daneOutbound;
  if (!test) return a.findings;
  const recorded: Finding = {
    checkId: 'dane-outbound',
    status: test.left ? 'fail' : 'pass',
    key: test.left ? 'finding.dane_outbound.manual_not_validated' : 'finding.dane_outbound.manual_validated',
    params: { sentTo: test.sentTo, sentAt: test.sentAt.slice(0, 16).replace('T', ' ') },
    evidence: test.note ? [{ type: 'text', key: 'evidence.dane_outbound.note', value: test.note }] : [],
  };
  return [...a.findings.filter((f) => f.key !== 'finding.dane_outbound.manual_test'), recorded];
}

/** A verdict for every row of the catalogue, in row order. */
export function evaluateRequirements(a: Assessment): RequirementVerdict[] {
  const done = new Map<RequirementId, RequirementVerdict>();
  // Rows only depend on rows with a smaller number, so one pass in order sees every dependency.
  for (const def of REQUIREMENTS) done.set(def.id, evaluateOne(def, a, done));
  return REQUIREMENTS.map((def) => done.get(def.id)!);
}

/**
 * The overall verdict for management: fail when any row fails; partial when any row is partial;
 * not verified when a row that can be checked from outside could not be; pass otherwise. A manual
 * row (6) counts only once decided (by the platform mail leaves through): waiting for its guided
 * test it cannot be verified from outside by design, and the report lists it with that test.
 */
export function overallVerdict(verdicts: readonly RequirementVerdict[]): Verdict {
  const automatic = verdicts.filter((v) => !(REQUIREMENTS.find((r) => r.id === v.id)?.manual && v.verdict === 'not_verified'));
  if (automatic.some((v) => v.verdict === 'fail')) return 'fail';
  if (automatic.some((v) => v.verdict === 'partial')) return 'partial';
  if (automatic.length === 0 || automatic.some((v) => v.verdict === 'not_verified')) return 'not_verified';
  return 'pass';
}

/** Totals over all rows' deciding findings, for the report's summary. */
export function countFindings(verdicts: readonly RequirementVerdict[]): Record<FindingStatus, number> {
  const counts = emptyCounts();
  for (const v of verdicts) for (const s of FINDING_STATUSES) counts[s] += v.counts[s];
  return counts;
}
