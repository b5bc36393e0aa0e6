/**
 * The Assessment document (DESIGN §2): the one JSON shape that flows from the engine to the
 * wizard, the PDF and the CLI. These schemas are the single validator used on every boundary
 * (CLI input, IPC payloads, files read from disk).
 */
import { z } from 'zod';
import { parseDomainName } from './domain-name';
import { ATTEMPT_STATUSES, FINDING_STATUSES } from './status';
import { NetworkReadinessSchema } from './readiness-schema';

export const SCHEMA_VERSION = 1;

export const PLATFORM_HINTS = ['unknown', 'exchange-online', 'exchange-2016', 'exchange-2019', 'exchange-se', 'hybrid', 'other'] as const;
export type PlatformHint = (typeof PLATFORM_HINTS)[number];

export const LANGUAGES = ['cs', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A domain the user typed: validated and converted to its A-label form. */
const domainInput = z.string().transform((value, ctx) => {
  const parsed = parseDomainName(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `invalid domain name (${parsed.reason})`, params: { reason: parsed.reason } });
    return z.NEVER;
  }
  return parsed.ascii;
});

/** RFC 6376 §3.1: a selector is one or more sub-domain labels. */
const selectorInput = z.string().transform((value, ctx) => {
  const parsed = parseDomainName(value, { allowSingleLabel: true });
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `invalid DKIM selector (${parsed.reason})` });
    return z.NEVER;
  }
  return parsed.ascii;
});

export const AssessmentRequestSchema = z.object({
  domain: domainInput,
  clientName: z.string().max(200).optional(),
  consultantName: z.string().max(200).optional(),
  extraHosts: z.array(domainInput).max(50).default([]),
  dkimSelectors: z.array(selectorInput).max(50).default([]),
  platformHint: z.enum(PLATFORM_HINTS).default('unknown'),
  language: z.enum(LANGUAGES).default('cs'),
});
/** What callers pass in (before defaults and IDN conversion). */
export type AssessmentRequestInput = z.input<typeof AssessmentRequestSchema>;
/** A validated request: domain and host names in A-label form. */
export type AssessmentRequest = z.output<typeof AssessmentRequestSchema>;

/**
 * An ISO 8601 date-time as the engine writes it (`Date.prototype.toISOString`); a file edited to
 * hold anything else (say `/../../x`) is refused before the value reaches a file name.
 */
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * An i18n message key such as `evidence.spf_record`: lower-case dotted segments, so an imported
 * file cannot name `constructor` or `__proto__` (which a lookup could find on a prototype).
 */
export const MESSAGE_KEY_PATTERN = /^[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+$/;
const messageKey = z.string().max(200).regex(MESSAGE_KEY_PATTERN);

/**
 * Deeper than any document the engine writes (check results are a few levels deep). JSON.parse
 * accepts any depth, but JSON.stringify and structured cloning (IPC) recurse and throw
 * "Maximum call stack size exceeded" far below 200,000 levels: such a document is refused on read.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects and arrays at most `max` levels deep; iterative, so any depth is safe to check. */
export function withinJsonDepth(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return false;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return true;
}

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type ParamValue = z.infer<typeof paramValue>;

export const EvidenceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('dns'),
    query: z.string(),
    rrtype: z.string(),
    rcode: z.string(),
    records: z.array(z.string()),
    server: z.string().optional(),
  }),
  z.object({ type: z.literal('address'), host: z.string(), address: z.string() }),
  /** `key` is an i18n message key naming what `value` is. */
  z.object({ type: z.literal('text'), key: messageKey, value: z.string() }),
]);
export type Evidence = z.infer<typeof EvidenceSchema>;

export const FindingSchema = z.object({
  checkId: z.string(),
  status: z.enum(FINDING_STATUSES),
  /** i18n message key, e.g. `finding.spf.too_many_lookups` */
  key: z.string().regex(/^finding\.[a-z0-9_.-]+$/),
  params: z.record(z.string(), paramValue),
  /** host or name the finding is about, when not the domain itself */
  target: z.string().optional(),
  evidence: z.array(EvidenceSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

export const TargetSchema = z.object({
  kind: z.enum(['domain', 'mx', 'host']),
  name: z.string(),
  addresses: z.array(z.string()),
  /** who named this target: the MX set, the user, or DNS discovery */
  source: z.enum(['request', 'mx', 'implicit-mx', 'discovered']),
});
export type Target = z.infer<typeof TargetSchema>;

export const AttemptSchema = z.object({
  checkId: z.string(),
  status: z.enum(ATTEMPT_STATUSES),
  /** for `error`: a message key; for `skipped`: why */
  reason: z.string().optional(),
  detail: z.string().optional(),
  startedAt: isoDateTime,
  finishedAt: isoDateTime,
  durationMs: z.number(),
  /** the check's typed result, JSON */
  data: z.unknown().optional(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

/**
 * The guided manual test of requirement 6 as the consultant recorded it: a message sent from the
 * organisation's servers to a domain whose TLSA record is deliberately wrong. If it left, the
 * sending servers do not validate DANE.
 */
export const DaneOutboundTestSchema = z.object({
  /** the test address or domain the message went to, as the consultant typed it */
  sentTo: z.string().trim().min(1).max(254),
  sentAt: isoDateTime,
  /** the message left the organisation (delivered, or accepted by the test service) */
  left: z.boolean(),
  note: z.string().max(2000).default(''),
  recordedAt: isoDateTime,
});

export const AssessmentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  toolVersion: z.string(),
  id: z.string(),
  request: z.object({
    domain: z.string(),
    domainUnicode: z.string(),
    clientName: z.string().optional(),
    consultantName: z.string().optional(),
    extraHosts: z.array(z.string()),
    dkimSelectors: z.array(z.string()),
    platformHint: z.enum(PLATFORM_HINTS),
    language: z.enum(LANGUAGES),
  }),
  startedAt: isoDateTime,
  finishedAt: isoDateTime,
  cancelled: z.boolean(),
  resolver: z.object({ servers: z.array(z.string()), source: z.enum(['system', 'user']) }),
  targets: z.array(TargetSchema),
  attempts: z.array(AttemptSchema),
  findings: z.array(FindingSchema),
  /** results of tests that cannot be run from outside, recorded by the consultant after the run */
  manualTests: z.object({ daneOutbound: DaneOutboundTestSchema.optional() }).optional(),
  /** what the network the run came from let through (shared/readiness.ts); absent in files of older versions */
  readiness: NetworkReadinessSchema.optional(),
});
export type Assessment = z.infer<typeof AssessmentSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function toResult<T>(r: { success: true; data: T } | { success: false; error: z.ZodError }): ParseResult<T> {
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
  };
}

export function parseAssessmentRequest(input: unknown): ParseResult<AssessmentRequest> {
  return toResult(AssessmentRequestSchema.safeParse(input));
}

export function parseAssessment(input: unknown): ParseResult<Assessment> {
  if (!withinJsonDepth(input)) return { ok: false, errors: [`the document is nested more than ${MAX_JSON_DEPTH} levels deep`] };
  return toResult(AssessmentSchema.safeParse(input));
}
