/**
 * What changed between two assessments of one domain (issue 11, "re-test and diff"): computed
 * here once, shown by the wizard, the PDF and the CLI alike.
 *
 * Findings are matched by identity — check id, finding key and target — never by their text. A
 * finding's status falls in one of three classes: a problem (`fail`, `warning`), fine (`pass`,
 * `info`) or undetermined (`error`, `not_tested`: the lookup failed, port 25 was blocked, …).
 * Each identity seen on either side gets one category (the first rule that applies):
 *
 * - not comparable: the key is not in this version's catalogue; or the check that reports it did
 *   not run on one side (another tool or schema version, or not registered then); or ended there
 *   in error or skipped; or one side is undetermined while the other is not (a problem that could
 *   not be tested again is not "fixed", one seen for the first time after a blocked port is not
 *   "new");
 * - fixed: a problem before; now fine, or gone while its check completed;
 * - new: a problem now; before fine, or absent while its check completed;
 * - open: a problem on both sides with the same status and the same significant params;
 * - changed: present on both sides, and the status or a significant param differs (a problem
 *   from `warning` to `fail`, a certificate now valid until an earlier date, another SPF record);
 * - otherwise unchanged (counted, not listed).
 *
 * Significant params are all params but those that move with the clock alone (`daysLeft`,
 * `daysAgo`: the same certificate a week later is not a change) and the free-text `detail`;
 * lists are compared as sets. A change goes `worse` or `better` by the status order when a
 * problem's status changed, else by the changed params whose order is known (`validTo` earlier,
 * `bits` fewer, `lookups` more are worse) when they agree; otherwise it is just `different`.
 *
 * Requirement rows: each row's verdict before and after, from the shared catalogue.
 *
 * Schema versions: a document of the current version must be a valid Assessment. One of another
 * version is read as far as its parts still fit today's shapes (`parseComparableAssessment`);
 * what could not be read is listed in `notComparable.dropped`, checks that ran on one side only
 * in `checksOnlyBefore` / `checksOnlyAfter`, keys this version does not know in `unknownKeys`,
 * and request fields that differ in `requestChanges`: said, not dropped.
 */
import { z } from 'zod';
import { specs } from '../electron/engine/checks/specs';
import {
  AssessmentSchema,
  AttemptSchema,
  FindingSchema,
  LANGUAGES,
  PLATFORM_HINTS,
  SCHEMA_VERSION,
  TargetSchema,
  parseAssessment,
  withinJsonDepth,
  MAX_JSON_DEPTH,
  type Assessment,
  type Attempt,
  type Finding,
  type ParamValue,
  type ParseResult,
} from './assessment';
import { parseDomainName } from './domain-name';
import type { RequirementId } from './requirement-ids';
import { REQUIREMENTS, effectiveFindings, evaluateRequirements, overallVerdict, requirementsOfFinding } from './requirements';
import { statusRank, verdictRank, type FindingStatus, type Verdict } from './status';

export const DIFF_CATEGORIES = ['fixed', 'open', 'new', 'changed', 'not_comparable'] as const;
export type DiffCategory = (typeof DIFF_CATEGORIES)[number];

export type NotComparableReason =
  | 'unknown_key'
  | 'check_missing_before'
  | 'check_missing_after'
  | 'check_incomplete_before'
  | 'check_incomplete_after'
  | 'not_determined_before'
  | 'not_determined_after';

export interface FindingSide {
  status: FindingStatus;
  params: Record<string, ParamValue>;
}

export interface ParamChange {
  name: string;
  before: ParamValue | undefined;
  after: ParamValue | undefined;
}

export type ChangeDirection = 'worse' | 'better' | 'different';

export interface FindingChange {
  category: DiffCategory;
  checkId: string;
  key: string;
  target?: string;
  /** the requirement rows the finding decides (none for MX discovery, platform, …) */
  requirements: RequirementId[];
  before?: FindingSide;
  after?: FindingSide;
  /** for `changed` */
  direction?: ChangeDirection;
  /** for `changed`: the significant params that differ */
  paramChanges?: ParamChange[];
  /** for `not_comparable` */
  reason?: NotComparableReason;
}

export interface RequirementChange {
  id: RequirementId;
  number: number;
  before: Verdict;
  after: Verdict;
  beforeReasonKey?: string;
  beforeReasonParams?: Record<string, ParamValue>;
  afterReasonKey?: string;
  afterReasonParams?: Record<string, ParamValue>;
  /** `not_comparable` when either side is not verified: that verdict is no point on the scale */
  change: 'better' | 'worse' | 'same' | 'not_comparable';
  /** the row's findings by category */
  counts: Record<DiffCategory, number>;
}

export interface DiffSide {
  id: string;
  startedAt: string;
  schemaVersion: number;
  toolVersion: string;
  overall: Verdict;
}

export const REQUEST_FIELDS = ['extraHosts', 'dkimSelectors', 'platformHint'] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

export interface AssessmentDiff {
  /** A-label form */
  domain: string;
  domainUnicode: string;
  before: DiffSide;
  after: DiffSide;
  /** every row of the catalogue, in row order */
  requirements: RequirementChange[];
  /** every finding identity that is not unchanged: by category (DIFF_CATEGORIES order), then row, worst first */
  findings: FindingChange[];
  counts: Record<DiffCategory, number> & { unchanged: number };
  notComparable: {
    checksOnlyBefore: string[];
    checksOnlyAfter: string[];
    /** finding keys on either side that this version's catalogue does not know */
    unknownKeys: string[];
    /** parts of a document of another schema version that could not be read */
    dropped: string[];
    /** request fields that differ: findings may come and go because of them */
    requestChanges: RequestField[];
  };
}

/** Comparing assessments of two different domains is refused. */
export class AssessmentDiffError extends Error {
  constructor(
    readonly key: 'ui.diff.error.different_domain',
    readonly params: Record<string, string>,
  ) {
    super(`cannot compare assessments of different domains (${params.before} and ${params.after})`);
  }
}

/** An assessment ready to compare: a document of another schema version read as far as it fits. */
export interface ComparableAssessment {
  assessment: Assessment;
  /** the document's own schema version */
  schemaVersion: number;
  /** parts that could not be read (other schema versions only) */
  dropped: string[];
}

/** Evidence is shown, never compared: a finding of another version without it still compares. */
const looseFinding = FindingSchema.extend({ evidence: FindingSchema.shape.evidence.default([]) });
const looseAttempt = z.object({ checkId: z.string(), status: AttemptSchema.shape.status, reason: z.string().optional() });
const looseRequest = z.object({ domain: z.string() });
const looseDate = z.iso.datetime({ offset: true });

function readList<T>(value: unknown, name: string, read: (item: unknown) => T | undefined, dropped: string[]): T[] {
  if (!Array.isArray(value)) {
    dropped.push(name);
    return [];
  }
  const out: T[] = [];
  value.forEach((item, i) => {
    const got = read(item);
    if (got === undefined) dropped.push(`${name}[${i}]`);
    else out.push(got);
  });
  return out;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Reads an assessment to compare. The current schema version must be a valid Assessment; another
 * version is read part by part (its domain and start time are required), each part that no longer
 * fits today's shape is listed in `dropped` rather than failing the whole document.
 */
export function parseComparableAssessment(input: unknown): ParseResult<ComparableAssessment> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['not a JSON object'] };
  if (!withinJsonDepth(input)) return { ok: false, errors: [`the document is nested more than ${MAX_JSON_DEPTH} levels deep`] };
  const version = fieldOf(input, 'schemaVersion');
  if (version === SCHEMA_VERSION) {
    const parsed = parseAssessment(input);
    return parsed.ok ? { ok: true, value: { assessment: parsed.value, schemaVersion: SCHEMA_VERSION, dropped: [] } } : parsed;
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return { ok: false, errors: ['schemaVersion: missing'] };

  const request = looseRequest.safeParse(fieldOf(input, 'request'));
  const domain = request.success ? parseDomainName(request.data.domain) : undefined;
  if (!domain?.ok) return { ok: false, errors: ['request.domain: missing or invalid'] };
  const startedAt = looseDate.safeParse(fieldOf(input, 'startedAt'));
  if (!startedAt.success) return { ok: false, errors: ['startedAt: missing or invalid'] };
  if (!Array.isArray(fieldOf(input, 'findings'))) return { ok: false, errors: ['findings: missing'] };

  const dropped: string[] = [];
  const at = startedAt.data;
  const text = (key: string, fallback: string) => {
    const value = fieldOf(input, key);
    if (typeof value === 'string') return value;
    dropped.push(key);
    return fallback;
  };
  const findings = readList(
    fieldOf(input, 'findings'),
    'findings',
    (item) => {
      const f = looseFinding.safeParse(item);
      return f.success ? f.data : undefined;
    },
    dropped,
  );
  const attempts = readList(
    fieldOf(input, 'attempts'),
    'attempts',
    (item): Attempt | undefined => {
      const x = looseAttempt.safeParse(item);
      if (!x.success) return undefined;
      return { ...x.data, startedAt: at, finishedAt: at, durationMs: 0 };
    },
    dropped,
  );
  const targets = readList(
    fieldOf(input, 'targets') ?? [],
    'targets',
    (item) => {
      const t = TargetSchema.safeParse(item);
      return t.success ? t.data : undefined;
    },
    dropped,
  );
  const rawRequest = fieldOf(input, 'request');
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const platform = fieldOf(rawRequest, 'platformHint');
  const language = fieldOf(rawRequest, 'language');
  const manual = fieldOf(input, 'manualTests');
  const manualParsed = manual === undefined ? undefined : AssessmentSchema.shape.manualTests.safeParse(manual);
  if (manualParsed && !manualParsed.success) dropped.push('manualTests');
  const clientName = fieldOf(rawRequest, 'clientName');
  const consultantName = fieldOf(rawRequest, 'consultantName');
  const finishedAt = looseDate.safeParse(fieldOf(input, 'finishedAt'));

  const assessment: Assessment = {
    schemaVersion: SCHEMA_VERSION,
    toolVersion: text('toolVersion', 'unknown'),
    id: text('id', `${domain.ascii}-${at}`),
    request: {
      domain: domain.ascii,
      domainUnicode: domain.unicode,
      ...(typeof clientName === 'string' ? { clientName } : {}),
      ...(typeof consultantName === 'string' ? { consultantName } : {}),
      extraHosts: strings(fieldOf(rawRequest, 'extraHosts')),
      dkimSelectors: strings(fieldOf(rawRequest, 'dkimSelectors')),
      platformHint: (PLATFORM_HINTS as readonly unknown[]).includes(platform)
        ? (platform as Assessment['request']['platformHint'])
        : 'unknown',
      language: (LANGUAGES as readonly unknown[]).includes(language) ? (language as Assessment['request']['language']) : 'cs',
    },
    startedAt: at,
    finishedAt: finishedAt.success ? finishedAt.data : at,
    cancelled: fieldOf(input, 'cancelled') === true,
    resolver: { servers: [], source: 'system' },
    targets,
    attempts,
    findings,
    ...(manualParsed?.success && manualParsed.data ? { manualTests: manualParsed.data } : {}),
  };
  return { ok: true, value: { assessment, schemaVersion: version, dropped } };
}

type StatusClass = 'problem' | 'fine' | 'undetermined';

export function statusClass(status: FindingStatus): StatusClass {
  if (status === 'fail' || status === 'warning') return 'problem';
  if (status === 'error' || status === 'not_tested') return 'undetermined';
  return 'fine';
}

/** Params that change with the clock or carry free text: no change of what was found. */
const VOLATILE_PARAMS: ReadonlySet<string> = new Set(['daysLeft', 'daysAgo', 'detail']);

/** Params whose order is known: which way is worse. */
const PARAM_ORDER: Readonly<Record<string, 'higher_is_worse' | 'lower_is_worse' | 'earlier_is_worse'>> = {
  validTo: 'earlier_is_worse',
  bits: 'lower_is_worse',
  lookups: 'higher_is_worse',
  voidLookups: 'higher_is_worse',
};

function normalParam(value: ParamValue | undefined): string {
  if (Array.isArray(value)) return JSON.stringify([...value].sort());
  return JSON.stringify(value ?? null);
}

export function significantParamChanges(before: Record<string, ParamValue>, after: Record<string, ParamValue>): ParamChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => !VOLATILE_PARAMS.has(n)).sort();
  return names
    .filter((n) => normalParam(before[n]) !== normalParam(after[n]))
    .map((name) => ({ name, before: before[name], after: after[name] }));
}

function paramDirection(change: ParamChange): ChangeDirection {
  const order = PARAM_ORDER[change.name];
  if (!order) return 'different';
  const value = (v: ParamValue | undefined) =>
    order === 'earlier_is_worse' ? (typeof v === 'string' ? Date.parse(v) : NaN) : typeof v === 'number' ? v : NaN;
  const b = value(change.before);
  const a = value(change.after);
  if (Number.isNaN(b) || Number.isNaN(a) || a === b) return 'different';
  const worse = order === 'higher_is_worse' ? a > b : a < b;
  return worse ? 'worse' : 'better';
}

function changeDirection(before: FindingSide, after: FindingSide, params: ParamChange[]): ChangeDirection {
  if (before.status !== after.status) {
    if (statusClass(before.status) !== 'problem' || statusClass(after.status) !== 'problem') return 'different';
    return statusRank(after.status) < statusRank(before.status) ? 'worse' : 'better';
  }
  // Only params with a known order say which way; they must agree.
  const directions = new Set(params.filter((p) => PARAM_ORDER[p.name]).map(paramDirection));
  return directions.size === 1 ? [...directions][0]! : 'different';
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(specs.flatMap((s) => Object.keys(s.findings)));

function identity(f: Pick<Finding, 'checkId' | 'key' | 'target'>): string {
  return JSON.stringify([f.checkId, f.key, f.target ?? null]);
}

/** Pairs the findings of one identity on both sides: equal significant params first, then in order. */
function pairUp(before: Finding[], after: Finding[]): [Finding | undefined, Finding | undefined][] {
  const pairs: [Finding | undefined, Finding | undefined][] = [];
  const left = [...after];
  const unmatched: Finding[] = [];
  for (const b of before) {
    const i = left.findIndex((a) => a.status === b.status && significantParamChanges(b.params, a.params).length === 0);
    if (i >= 0) pairs.push([b, left.splice(i, 1)[0]]);
    else unmatched.push(b);
  }
  for (const b of unmatched) pairs.push([b, left.shift()]);
  for (const a of left) pairs.push([undefined, a]);
  return pairs;
}

function groupBy(findings: Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = identity(f);
    const list = out.get(id);
    if (list) list.push(f);
    else out.set(id, [f]);
  }
  return out;
}

const side = (f: Finding): FindingSide => ({ status: f.status, params: { ...f.params } });

function classify(
  b: Finding | undefined,
  a: Finding | undefined,
  attempts: { before: Map<string, Attempt>; after: Map<string, Attempt> },
): FindingChange | undefined {
  const f = (b ?? a)!;
  const base: FindingChange = {
    category: 'open',
    checkId: f.checkId,
    key: f.key,
    ...(f.target !== undefined ? { target: f.target } : {}),
    requirements: requirementsOfFinding(f),
    ...(b ? { before: side(b) } : {}),
    ...(a ? { after: side(a) } : {}),
  };
  const notComparable = (reason: NotComparableReason): FindingChange => ({ ...base, category: 'not_comparable', reason });
  const cb = b ? statusClass(b.status) : undefined;
  const ca = a ? statusClass(a.status) : undefined;
  // Only what is or was a problem, or changed, is worth a line; absent and fine or undetermined is not.
  if (!b && ca !== 'problem') return undefined;
  if (!a && cb !== 'problem') return undefined;

  if (!KNOWN_KEYS.has(f.key)) return notComparable('unknown_key');
  const attemptBefore = attempts.before.get(f.checkId);
  const attemptAfter = attempts.after.get(f.checkId);
  if (!attemptBefore) return notComparable('check_missing_before');
  if (!attemptAfter) return notComparable('check_missing_after');
  if (!b && attemptBefore.status !== 'completed') return notComparable('check_incomplete_before');
  if (!a && attemptAfter.status !== 'completed') return notComparable('check_incomplete_after');

  if (b && a && cb !== ca && (cb === 'undetermined' || ca === 'undetermined'))
    return notComparable(cb === 'undetermined' ? 'not_determined_before' : 'not_determined_after');
  if (cb === 'problem' && ca !== 'problem') return { ...base, category: 'fixed' };
  if (ca === 'problem' && cb !== 'problem') return { ...base, category: 'new' };

  // Present on both sides, same class.
  const params = significantParamChanges(b!.params, a!.params);
  if (b!.status === a!.status && params.length === 0) return cb === 'problem' ? base : undefined;
  return { ...base, category: 'changed', direction: changeDirection(side(b!), side(a!), params), paramChanges: params };
}

function firstRow(c: FindingChange): number {
  const numbers = c.requirements.map((id) => REQUIREMENTS.find((r) => r.id === id)?.number ?? 99);
  return numbers.length ? Math.min(...numbers) : 99;
}

function verdictChange(before: Verdict, after: Verdict): RequirementChange['change'] {
  if (before === after) return 'same';
  if (before === 'not_verified' || after === 'not_verified') return 'not_comparable';
  return verdictRank(after) > verdictRank(before) ? 'better' : 'worse';
}

function emptyCounts(): Record<DiffCategory, number> {
  return { fixed: 0, open: 0, new: 0, changed: 0, not_comparable: 0 };
}

function comparable(x: Assessment | ComparableAssessment): ComparableAssessment {
  return 'assessment' in x ? x : { assessment: x, schemaVersion: x.schemaVersion, dropped: [] };
}

function describeSide(c: ComparableAssessment): DiffSide {
  const a = c.assessment;
  return {
    id: a.id,
    startedAt: a.startedAt,
    schemaVersion: c.schemaVersion,
    toolVersion: a.toolVersion,
    overall: overallVerdict(evaluateRequirements(a)),
  };
}

/** Whether two assessments are of the same domain (A-label, case-insensitive). */
export function sameDomain(x: Assessment, y: Assessment): boolean {
  return x.request.domain.toLowerCase() === y.request.domain.toLowerCase();
}

/** The diff of `earlier` → `later`; throws AssessmentDiffError for two different domains. */
export function diffAssessments(earlier: Assessment | ComparableAssessment, later: Assessment | ComparableAssessment): AssessmentDiff {
  const before = comparable(earlier);
  const after = comparable(later);
  const b = before.assessment;
  const a = after.assessment;
  if (!sameDomain(b, a))
    throw new AssessmentDiffError('ui.diff.error.different_domain', { before: b.request.domainUnicode, after: a.request.domainUnicode });

  const attempts = {
    before: new Map(b.attempts.map((x) => [x.checkId, x])),
    after: new Map(a.attempts.map((x) => [x.checkId, x])),
  };
  const groupsBefore = groupBy(effectiveFindings(b));
  const groupsAfter = groupBy(effectiveFindings(a));
  const ids = [...new Set([...groupsBefore.keys(), ...groupsAfter.keys()])];
  const findings: FindingChange[] = [];
  let unchanged = 0;
  for (const id of ids) {
    for (const [fb, fa] of pairUp(groupsBefore.get(id) ?? [], groupsAfter.get(id) ?? [])) {
      const c = classify(fb, fa, attempts);
      if (c) findings.push(c);
      else unchanged++;
    }
  }
  findings.sort(
    (x, y) =>
      DIFF_CATEGORIES.indexOf(x.category) - DIFF_CATEGORIES.indexOf(y.category) ||
      firstRow(x) - firstRow(y) ||
      statusRank((x.after ?? x.before)!.status) - statusRank((y.after ?? y.before)!.status),
  );

  const counts = { ...emptyCounts(), unchanged };
  for (const f of findings) counts[f.category]++;

  const verdictsBefore = evaluateRequirements(b);
  const verdictsAfter = evaluateRequirements(a);
  const requirements = REQUIREMENTS.map((def): RequirementChange => {
    const vb = verdictsBefore.find((v) => v.id === def.id)!;
    const va = verdictsAfter.find((v) => v.id === def.id)!;
    const rowCounts = emptyCounts();
    for (const f of findings) if (f.requirements.includes(def.id)) rowCounts[f.category]++;
    return {
      id: def.id,
      number: def.number,
      before: vb.verdict,
      after: va.verdict,
      ...(vb.reasonKey ? { beforeReasonKey: vb.reasonKey, beforeReasonParams: vb.reasonParams ?? {} } : {}),
      ...(va.reasonKey ? { afterReasonKey: va.reasonKey, afterReasonParams: va.reasonParams ?? {} } : {}),
      change: verdictChange(vb.verdict, va.verdict),
      counts: rowCounts,
    };
  });

  const checksBefore = new Set(b.attempts.map((x) => x.checkId));
  const checksAfter = new Set(a.attempts.map((x) => x.checkId));
  const allKeys = [...effectiveFindings(b), ...effectiveFindings(a)].map((f) => f.key);
  return {
    domain: a.request.domain,
    domainUnicode: a.request.domainUnicode,
    before: describeSide(before),
    after: describeSide(after),
    requirements,
    findings,
    counts,
    notComparable: {
      checksOnlyBefore: [...checksBefore].filter((id) => !checksAfter.has(id)).sort(),
      checksOnlyAfter: [...checksAfter].filter((id) => !checksBefore.has(id)).sort(),
      unknownKeys: [...new Set(allKeys.filter((k) => !KNOWN_KEYS.has(k)))].sort(),
      dropped: [...before.dropped.map((d) => `before: ${d}`), ...after.dropped.map((d) => `after: ${d}`)],
      requestChanges: REQUEST_FIELDS.filter((field) => normalParam(b.request[field]) !== normalParam(a.request[field])),
    },
  };
}
