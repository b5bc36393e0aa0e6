/**
 * Several domains in one run (a group of companies): the domain list as the user writes it and
 * the summary of the finished run, a table of domains × requirements. Shared by the CLI, the
 * summary PDF and the wizard, so all three read a list and judge a run the same way.
 */
import type { Assessment } from './assessment';
import { parseDomainName, toUnicode, type DomainNameError } from './domain-name';
import { REQUIREMENTS, evaluateRequirements, overallVerdict, type RequirementId, type Verdict } from './requirements';

/** At most this many domains in one run: a group's domains, not a crawl. */
export const MAX_BATCH_DOMAINS = 100;

export interface DomainListEntry {
  /** A-label form, the name the engine assesses */
  ascii: string;
  unicode: string;
  /** 1-based line of the list where it was first named */
  line: number;
}

export interface DomainListProblem {
  line: number;
  /** the line's text, trimmed and without its comment */
  text: string;
  reason: DomainNameError | 'too_many';
}

export interface DomainList {
  domains: DomainListEntry[];
  problems: DomainListProblem[];
  /** names given more than once, kept once (A-label form) */
  duplicates: string[];
}

/**
 * One domain per line; `#` starts a comment (whole line or after the name); blank lines are
 * skipped. Each name is validated as the single-domain form validates it, IDNs become A-labels,
 * and a name written twice (in any form) is assessed once.
 */
export function parseDomainList(text: string): DomainList {
  const domains: DomainListEntry[] = [];
  const problems: DomainListProblem[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const hash = raw.indexOf('#');
    const entry = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (entry === '') return;
    const parsed = parseDomainName(entry);
    if (!parsed.ok) {
      problems.push({ line, text: entry, reason: parsed.reason });
      return;
    }
    if (seen.has(parsed.ascii)) {
      if (!duplicates.includes(parsed.ascii)) duplicates.push(parsed.ascii);
      return;
    }
    if (domains.length >= MAX_BATCH_DOMAINS) {
      problems.push({ line, text: entry, reason: 'too_many' });
      return;
    }
    seen.add(parsed.ascii);
    domains.push({ ascii: parsed.ascii, unicode: parsed.unicode, line });
  });
  return { domains, problems, duplicates };
}

/** A verdict as one character, for a table of many domains (the terminal's and the summary report's, with a legend). */
export const VERDICT_MARK: Record<Verdict, string> = { pass: '+', partial: '~', fail: 'x', not_verified: '?' };

/** How one domain of the run ended. */
export type BatchOutcome =
  | { domain: string; status: 'assessed'; assessment: Assessment }
  /** the engine refused or could not assess it (NXDOMAIN, no resolver, internal error) */
  | { domain: string; status: 'failed'; error: { key: string; params: Record<string, string> } }
  /** the run was cancelled before this domain finished */
  | { domain: string; status: 'cancelled' };

export interface BatchSummaryRow {
  domain: string;
  domainUnicode: string;
  status: BatchOutcome['status'];
  /** the saved assessment's id, to open it */
  assessmentId?: string;
  /** an assessment that was cancelled half-way holds partial results */
  partial?: boolean;
  overall?: Verdict;
  /** one verdict per requirement, in catalogue order (empty when the domain was not assessed) */
  verdicts: { id: RequirementId; number: number; verdict: Verdict }[];
  error?: { key: string; params: Record<string, string> };
}

export interface BatchSummary {
  requirements: { id: RequirementId; number: number; titleKey: string }[];
  rows: BatchSummaryRow[];
  counts: { assessed: number; failed: number; cancelled: number } & Record<Verdict, number>;
}

/** The table of domains × requirements, rows in the order the domains were given. */
export function batchSummary(outcomes: readonly BatchOutcome[]): BatchSummary {
  const counts: BatchSummary['counts'] = { assessed: 0, failed: 0, cancelled: 0, fail: 0, partial: 0, not_verified: 0, pass: 0 };
  const rows = outcomes.map((o): BatchSummaryRow => {
    counts[o.status]++;
    if (o.status !== 'assessed') {
      return {
        domain: o.domain,
        domainUnicode: toUnicode(o.domain),
        status: o.status,
        verdicts: [],
        ...(o.status === 'failed' ? { error: o.error } : {}),
      };
    }
    const a = o.assessment;
    const verdicts = evaluateRequirements(a);
    const overall = overallVerdict(verdicts);
    counts[overall]++;
    return {
      domain: a.request.domain,
      domainUnicode: a.request.domainUnicode,
      status: 'assessed',
      assessmentId: a.id,
      ...(a.cancelled ? { partial: true } : {}),
      overall,
      verdicts: verdicts.map((v) => ({ id: v.id, number: v.number, verdict: v.verdict })),
    };
  });
  return { requirements: REQUIREMENTS.map((r) => ({ id: r.id, number: r.number, titleKey: r.titleKey })), rows, counts };
}
